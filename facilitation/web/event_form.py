"""The event editor: the WTForms form the page is drawn from and read back into, and its event definition.

The form classes only read and show what was typed; every rule is the domain's (parse_event), so every problem is
worded once, in plain words, and placed in this form's own words by place().
"""
import re
from datetime import datetime

from wtforms import BooleanField, Field, FieldList, Form, FormField, StringField, TextAreaField

from ..domain.event import share_out
from .event_form_day import groups_list, programme_entries, programme_text

# The text a facilitator types in each row; a row with all of these empty is not an option or criterion.
OPTION_TEXT = ("code", "title", "description", "family", "excluded_reason", "advantages", "disadvantages")
CRITERION_TEXT = ("code", "working_title", "title", "description", "measures")
MIN_OPTION_ROWS, MIN_CRITERION_ROWS = 2, 1
# Only a sanity limit on building the table list; how many tables an event may have is the domain's rule.
MAX_TABLES_BUILT = 1000
ADD_ROW = {"add-option": "options", "add-criterion": "criteria"}
# Buttons that show the form again without saving: add a row, or redraw the share-out grid for new tables.
SHOW_AGAIN = {*ADD_ROW, "update-grid"}
# What a new event starts with (a field a posted form leaves out means empty, or unticked, instead).
NEW_EVENT = {
    "mode": "allocate", "budget": "10", "rank_first": True, "allow_rule_out": True,
    "table_count": "10", "share_out": "balanced", "tables_per_criterion": "3",
}
# The rule that names the strongest option; "" leaves it to the domain (weighted when any weight is not 1).
RULE_CHOICES = (
    ("raw", "Raw points: every criterion counts the same"),
    ("weighted", "Weighted points: each criterion counts by its weight"),
    ("", "Decide from the weights: weighted when any weight is not 1, otherwise raw"),
)


# ---------------------------------------------------------------- the form classes

def lines_text(text, keep_blank=False):
    """A one-item-per-line textarea, without the blank lines that are skipped (so 'line 3' means the third item)."""
    lines = [line.rstrip() for line in (text or "").splitlines()]
    if not keep_blank:
        lines = [line for line in lines if line.strip()]
    return "\n".join(lines).rstrip("\n")


def lines_text_keeping_blanks(text):
    """A textarea where a blank line means something (the table names: an unnamed table)."""
    return lines_text(text, keep_blank=True)


def text(label, default="", **kwargs):
    """A text box that is empty (or the default) when the form did not send it."""
    return StringField(label, default=default, **kwargs)


def lines(label, keep_blank=False):
    """A one-item-per-line textarea."""
    return TextAreaField(label, default="", filters=[lines_text_keeping_blanks if keep_blank else lines_text])


class OptionRow(Form):
    """One option's row of fields, posted as options-N-code, options-N-title and so on."""
    code = text("Code")
    title = text("Title")
    description = TextAreaField("Description (optional)", default="")
    status = text("Status", default="shortlisted")
    family = text("Family (optional)")
    excluded_reason = text("Reason for exclusion (if excluded)")
    advantages = lines("Advantages")
    disadvantages = lines("Disadvantages")


class CriterionRow(Form):
    """One criterion's row of fields, posted as criteria-N-code and so on."""
    code = text("Code")
    working_title = text("Working title")
    title = text("Name")
    description = TextAreaField("Description (optional)", default="")
    measures = lines("Possible measures (optional, one per line)")
    weight = text("Weight", default="1")


class TicksField(Field):
    """Tick boxes that share one name (the share-out grid's "table:row" values): every ticked value."""

    def process_formdata(self, valuelist):
        """Every posted value, in order."""
        self.data = list(valuelist)


class EventForm(Form):
    """The whole event editor. Rows are FieldLists, so their fields are named options-0-code, criteria-1-weight…"""
    title = text("Title")
    date = text("Date (optional)")
    mode = text("How tables score each criterion")
    budget = text("Points per criterion")
    rank_first = BooleanField("Tables rank the options before they score them")
    allow_rule_out = BooleanField("Tables may rule an option out (X)")
    rule = text("The strongest option is named by")
    options = FieldList(FormField(OptionRow), min_entries=MIN_OPTION_ROWS)
    criteria = FieldList(FormField(CriterionRow), min_entries=MIN_CRITERION_ROWS)
    table_count = text("Number of tables")
    table_numbers = text("Table numbers kept")
    table_names = lines("Table names (optional)", keep_blank=True)
    share_out = text("Share the criteria out")
    tables_per_criterion = text("Tables per criterion")
    assign = TicksField("Criteria each table scores", default=list)
    confidence_about = text("Ask delegates how confident they are about", default="strongest")
    risk_themes = lines("Risk themes (optional)")
    survey_closes = text("Survey closes (optional)")
    survey_include_scoring = BooleanField("Survey respondents also score the options")
    invitees = lines("People invited (optional)")
    programme = lines("Programme of the day (optional)")
    stakeholder_groups = lines("Stakeholder groups (optional)")
    action = text("Button pressed")
    # Not a field: the rule's choices, for the page to draw.
    rule_choices = RULE_CHOICES

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        numbers = table_numbers(self.table_count.data, self.table_numbers.data)
        # The tables the form describes now, for the share-out grid.
        self.tables = numbers if isinstance(numbers, list) else []
        # Set when a button asked to show the form again unsaved, and which kind of row it added.
        self.adding, self.added = False, None


def table_numbers(count_text, numbers_text):
    """The tables' numbers from the count and any kept numbers, or the count as typed if it is not usable."""
    count = _number(count_text)
    if not isinstance(count, int) or not 1 <= count <= MAX_TABLES_BUILT:
        return count
    kept = [int(n) for n in numbers_text.split(",") if n.strip().isdigit()]
    # Fewer tables drops the highest numbers; more adds numbers after the highest, so kept tables keep their links.
    numbers = kept[:count]
    next_number = max(numbers, default=0) + 1
    while len(numbers) < count:
        numbers.append(next_number)
        next_number += 1
    return numbers


# ---------------------------------------------------------------- the form for the page

def blank_form():
    """The form for a new event."""
    return EventForm(data=NEW_EVENT)


def form_from_definition(definition):
    """The form for editing a stored (canonical) event definition."""
    scoring, survey = definition["scoring"], definition["survey"]
    numbers = [table["number"] for table in definition["tables"]]
    return EventForm(data={
        "title": definition["title"], "date": definition["date"] or "",
        "mode": scoring["mode"], "budget": str(scoring["budget"]),
        "rank_first": scoring["rank_first"], "allow_rule_out": scoring["allow_rule_out"],
        "rule": scoring["rule"],
        "options": [_option_row(option) for option in definition["options"]],
        "criteria": [_criterion_row(criterion) for criterion in definition["criteria"]],
        "table_count": str(len(numbers)),
        "table_numbers": "" if _contiguous(numbers) else ",".join(map(str, numbers)),
        "table_names": _table_names_text(definition["tables"]),
        "confidence_about": definition["confidence"]["about"],
        "risk_themes": "\n".join(definition["risk_themes"]),
        "survey_closes": _local_datetime(survey["closes"]),
        "survey_include_scoring": survey["include_scoring"],
        "invitees": "\n".join(_invitee_line(person) for person in definition["invitees"]),
        "programme": programme_text(definition.get("programme", [])),
        "stakeholder_groups": "\n".join(definition.get("stakeholder_groups", [])),
        **_share_out_fields(definition, numbers),
    })


def _option_row(option):
    """One option as the form's row of fields."""
    briefing = option.get("briefing") or {}
    return {
        "code": option["code"], "title": option["title"], "description": option.get("description") or "",
        "status": option["status"], "family": option.get("family") or "",
        "excluded_reason": option.get("excluded_reason") or "",
        "advantages": _briefing_text(briefing.get("advantages", [])),
        "disadvantages": _briefing_text(briefing.get("disadvantages", [])),
    }


def _criterion_row(criterion):
    """One criterion as the form's row of fields."""
    return {
        "code": criterion["code"], "working_title": criterion["working_title"], "title": criterion["title"],
        "description": criterion.get("description") or "", "measures": "\n".join(criterion["measures"]),
        "weight": _number_text(criterion["weight"]),
    }


def _briefing_text(items):
    """Briefing items as lines written `importance: text`."""
    return "\n".join(f"{item['importance']}: {item['text']}" for item in items)


def _number_text(value):
    """A number as a facilitator would type it (1, not 1.0)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _contiguous(numbers):
    """Whether tables are numbered 1 to N, which the form can show as a plain count."""
    return numbers == list(range(1, len(numbers) + 1))


def _table_names_text(tables):
    """Table names one per line in table order; trailing unnamed tables need no lines."""
    return "\n".join(table["name"] for table in tables).rstrip("\n")


def _invitee_line(person):
    """One invitee as a `Name, Organisation` line."""
    if person["organisation"]:
        return f"{person['name']}, {person['organisation']}"
    return person["name"]


def _share_out_fields(definition, numbers):
    """The share-out radio, balanced count and grid ticks for a stored event."""
    assignment = definition["assignment"]
    codes = [criterion["code"] for criterion in definition["criteria"]]
    if assignment.get("all"):
        choice, per_criterion = "all", "3"
    elif "tables_per_criterion" in assignment:
        choice, per_criterion = "balanced", str(assignment["tables_per_criterion"])
    else:
        choice, per_criterion = "by_hand", "3"
    # The grid shows the share-out the event has now, so switching to "by hand" starts from it.
    shares = share_out(codes, numbers, assignment)
    assigned = [
        f"{number}:{codes.index(code)}" for number in numbers for code in shares.get(number, []) if code in codes
    ]
    return {"share_out": choice, "tables_per_criterion": per_criterion, "assign": assigned}


# ---------------------------------------------------------------- reading a posted form

def read_form(formdata):
    """The raw event definition a posted form describes, and the form that shows it again.

    Rows with nothing typed in them are dropped and the rest renumbered from 0, so "Option 2" in a problem is the
    second row shown; the form shown again is padded with empty rows up to what a new event has.
    """
    posted = EventForm(formdata)
    options = _filled_rows(posted.options, OPTION_TEXT)
    criteria = _filled_rows(posted.criteria, CRITERION_TEXT)
    # The grid's ticks name criterion rows by their place on the page; they follow their row to its new place.
    kept = {index: k for k, (index, _row) in enumerate(criteria)}
    state = {
        **posted.data, "options": [row for _index, row in options], "criteria": [row for _index, row in criteria],
        "assign": _renumbered_ticks(posted.assign.data, kept, posted.tables),
    }
    raw = _definition(state, posted.tables)
    form = EventForm(data=state)
    _show_again_if_asked(form, posted.action.data)
    return raw, form


def _filled_rows(rows, text_fields):
    """The rows with something typed in them, each with its place among the posted rows (the page posts 0, 1, 2…)."""
    return [(place, row) for place, row in enumerate(rows.data)
            if any(row[field].strip() for field in text_fields) or _weight_changed(row)]


def _weight_changed(row):
    """Whether a criterion row's weight differs from the default shown (a weight alone still makes a row)."""
    return "weight" in row and row["weight"].strip() not in ("", "1")


def _renumbered_ticks(ticks, kept, tables):
    """The share-out grid's ticks for kept criterion rows and tables that still exist, by kept row index."""
    renumbered = []
    for tick in ticks:
        table, _, row = tick.partition(":")
        if table.isdigit() and row.isdigit() and int(table) in tables and int(row) in kept:
            renumbered.append(f"{table}:{kept[int(row)]}")
    return renumbered


def _show_again_if_asked(form, action):
    """When "add a row" (or "update the grid") was pressed, mark the form to be shown again unsaved."""
    form.adding = action in SHOW_AGAIN
    if action in ADD_ROW:
        form.added = ADD_ROW[action]
        form[form.added].append_entry()


# ---------------------------------------------------------------- the raw definition

def _definition(form, tables):
    """The raw event definition the form's data describes, for parse_event to check."""
    return {
        "format": 1,
        "title": form["title"].strip(),
        "date": form["date"].strip() or None,
        "scoring": _scoring(form),
        "options": [_option(row) for row in form["options"]],
        "criteria": [_criterion(row) for row in form["criteria"]],
        "tables": _tables(form),
        "assignment": _assignment(form, tables),
        "confidence": {"about": form["confidence_about"].strip() or "strongest"},
        "risk_themes": _lines(form["risk_themes"]),
        "survey": {"closes": _iso_datetime(form["survey_closes"]), "include_scoring": form["survey_include_scoring"]},
        "invitees": [_invitee(line) for line in _lines(form["invitees"])],
        "programme": programme_entries(form["programme"]),
        "stakeholder_groups": groups_list(form["stakeholder_groups"]),
    }


def _scoring(form):
    """The scoring settings; a blank points budget is left to the domain's default."""
    scoring = {"mode": form["mode"] or "allocate", "rank_first": form["rank_first"],
               "allow_rule_out": form["allow_rule_out"]}
    if form["rule"].strip():
        scoring["rule"] = form["rule"].strip()
    if form["budget"].strip():
        scoring["budget"] = _number(form["budget"])
    return scoring


def _option(row):
    """One option row as the definition's option; blank fields are left out so the domain's defaults apply."""
    option = _present(row, ("code", "title", "description", "family"))
    option["status"] = row["status"] or "shortlisted"
    if row["excluded_reason"].strip():
        option["excluded_reason"] = row["excluded_reason"].strip()
    option["briefing"] = {
        "advantages": _briefing_items(row["advantages"]),
        "disadvantages": _briefing_items(row["disadvantages"]),
    }
    return option


def _criterion(row):
    """One criterion row as the definition's criterion."""
    criterion = _present(row, ("code", "working_title", "title", "description"))
    criterion["measures"] = _lines(row["measures"])
    if row["weight"].strip():
        criterion["weight"] = _number(row["weight"])
    return criterion


def _present(row, fields):
    """The row's fields that have something typed in them, trimmed."""
    return {field: row[field].strip() for field in fields if row[field].strip()}


def _briefing_items(text):
    """Briefing lines written `importance: text` as items; a line without a one-word prefix has no importance."""
    items = []
    for line in _lines(text):
        match = re.match(r"^(\w+)\s*:\s*(.*)$", line)
        if match:
            items.append({"text": match[2].strip(), "importance": match[1].lower()})
        else:
            # Left out, not guessed: the domain says what is missing.
            items.append({"text": line})
    return items


def _tables(form):
    """Tables with their numbers and names, or the count as typed when it cannot be a list of tables."""
    numbers = table_numbers(form["table_count"], form["table_numbers"])
    if not isinstance(numbers, list):
        return numbers if numbers != "" else None
    names = form["table_names"].splitlines()
    return [{"number": number, "name": names[k].strip() if k < len(names) else ""} for k, number in enumerate(numbers)]


def _assignment(form, tables):
    """The share-out the facilitator chose: every table, balanced, or by hand from the grid."""
    if form["share_out"] == "all":
        return {"all": True}
    if form["share_out"] == "by_hand":
        return _grid_assignment(form, tables)
    return {"tables_per_criterion": _number(form["tables_per_criterion"])}


def _grid_assignment(form, tables):
    """An explicit table-to-criteria map from the grid's ticks."""
    codes = [row["code"].strip() for row in form["criteria"]]
    # Every table is listed, even with nothing ticked, so an empty grid is reported criterion by criterion.
    return {
        str(number): [code for i, code in enumerate(codes) if code and f"{number}:{i}" in form["assign"]]
        for number in tables
    }


def _invitee(line):
    """A `Name, Organisation` line as an invitee (the organisation is everything after the first comma)."""
    name, _, organisation = line.partition(",")
    return {"name": name.strip(), "organisation": organisation.strip()}


def _lines(text):
    """The non-blank lines of a textarea, trimmed."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def _number(text):
    """A typed number as int or float; anything else as typed, so the domain can say what is wrong with it."""
    text = (text or "").strip()
    if re.fullmatch(r"[+-]?\d+", text):
        return int(text)
    if re.fullmatch(r"[+-]?(\d+\.\d*|\.\d+)", text):
        return float(text)
    return text


# ---------------------------------------------------------------- survey closing time

def _iso_datetime(local):
    """A datetime-local value as ISO 8601 with this server's UTC offset; anything unreadable as typed."""
    local = local.strip()
    if not local:
        return None
    try:
        moment = datetime.fromisoformat(local)
    except ValueError:
        return local
    if moment.tzinfo is None:
        # The browser sends the time without a zone: it is the time where the event (and this server) is.
        moment = moment.astimezone()
    return moment.isoformat()


def _local_datetime(iso):
    """An ISO 8601 time as a datetime-local value in this server's time zone."""
    if not iso:
        return ""
    moment = datetime.fromisoformat(iso).astimezone()
    return moment.strftime("%Y-%m-%dT%H:%M:%S" if moment.second else "%Y-%m-%dT%H:%M")


# ---------------------------------------------------------------- problems in words

def place(path):
    """Where a problem is, in the words of this form (`options[2].code` → "Option 3, code")."""
    parts = _path_parts(path)
    if not parts:
        return "The event"
    describe = PLACES.get(parts[0])
    return describe(parts[1:]) if describe else path


def _path_parts(path):
    """A problem path split into names, quoted keys and list positions."""
    parts = []
    for index, quoted, name in re.findall(r'\[(\d+)\]|\."((?:[^"\\]|\\.)*)"|\.?([A-Za-z_]\w*)', path or ""):
        parts.append(int(index) if index else quoted if quoted else name)
    return parts


def _field_words(rest, fields):
    """The words for the rest of a path inside a row: field names, and "line k" for one-per-line boxes."""
    return [f"line {part + 1}" if isinstance(part, int) else fields.get(part, part.replace("_", " ")) for part in rest]


def _row_place(noun, plural, fields):
    """Describe paths inside one row of a repeated section: "Option 3, code"."""
    def describe(rest):
        """The row's number and the field in it."""
        if not rest or not isinstance(rest[0], int):
            return plural
        return ", ".join([f"{noun} {rest[0] + 1}", *_field_words(rest[1:], fields)])
    return describe


def _lines_place(name):
    """Describe paths into a one-per-line box: "Risk themes, line 2"."""
    def describe(rest):
        """The line number and any field of it."""
        if rest and isinstance(rest[0], int):
            return ", ".join([f"{name}, line {rest[0] + 1}", *_field_words(rest[1:], {})])
        return name
    return describe


def _fixed(words):
    """Describe a path that always means the same field."""
    return lambda rest: words


def _settings_place(heading, fields):
    """Describe paths in a group of settings (scoring, survey) by the field's label."""
    return lambda rest: fields.get(rest[0], heading) if rest else heading


def _option_place(rest):
    """Describe paths in the options; a briefing item is a line of the advantages or disadvantages box."""
    if len(rest) > 2 and rest[1] == "briefing":
        rest = [rest[0], *rest[2:]]
    return _row_place("Option", "Options", OPTION_FIELDS)(rest)


def _tables_place(rest):
    """Describe paths in the tables: the count, or one line of the names."""
    if not rest or not isinstance(rest[0], int):
        return "Number of tables"
    if rest[1:] == ["name"]:
        return f"Table names, line {rest[0] + 1}"
    return f"Tables, table {rest[0] + 1}"


def _assignment_place(rest):
    """Describe paths in the share-out: one table's criteria, or the balanced count."""
    if not rest or rest[0] == "all":
        return "Share-out"
    if rest[0] == "tables_per_criterion":
        return "Share-out, tables per criterion"
    return f"Share-out, table {rest[0]}"


OPTION_FIELDS = {"status": "status", "excluded_reason": "reason for exclusion"}
CRITERION_FIELDS = {"title": "name"}
PLACES = {
    "format": _fixed("Format"),
    "title": _fixed("Title"),
    "date": _fixed("Date"),
    "scoring": _settings_place("Scoring", {
        "mode": "How tables score", "budget": "Points per criterion", "rank_first": "Rank first",
        "allow_rule_out": "Ruling out", "rule": "The strongest option is named by",
    }),
    "options": _option_place,
    "criteria": _row_place("Criterion", "Criteria", CRITERION_FIELDS),
    "tables": _tables_place,
    "assignment": _assignment_place,
    "confidence": _fixed("Confidence about"),
    "risk_themes": _lines_place("Risk themes"),
    "survey": _settings_place("Survey", {
        "closes": "Survey closes", "include_scoring": "Survey respondents also score",
    }),
    "invitees": _lines_place("Invitees"),
    "programme": _lines_place("Programme of the day"),
    "stakeholder_groups": _lines_place("Stakeholder groups"),
}
