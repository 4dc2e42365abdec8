"""Attendance: who took part, who was invited but did not attend, which organisations answered the survey.

Also reading an invitee list from a CSV file saved by a spreadsheet. Pure rules: no Flask, no SQL, no pandas.
"""
import csv
import io

from .check_in import name_key, near_matches
from .event import TITLE_LIMIT, Problem
from .text import TextTooLong, clean_text

# More invitees than any whole-system event has; a bigger file is almost certainly the wrong file.
MAX_INVITEES = 2000
# Column names that mean "organisation", compared after trimming and ignoring case.
ORGANISATION_COLUMNS = ("organisation", "organization", "org")
# Column names that mean "stakeholder group"; the event's own list of groups decides which values are allowed.
GROUP_COLUMNS = ("group", "stakeholder group", "stakeholder_group")
# Delimiters a spreadsheet may use: commas (UK and US), semicolons (much of Europe), tabs.
_DELIMITERS = (",", ";", "\t")
# How much of the file the sniffer reads to find the delimiter: many lines, and still quick.
_SAMPLE = 64 * 1024
# An .xlsx workbook is a zip file, and so starts with these bytes.
_ZIP_SIGNATURE = b"PK\x03\x04"


class InviteeFileError(ValueError):
    """An invitee CSV file that cannot be loaded; it lists every problem, each with its line number."""

    def __init__(self, problems):
        """Keep the problems; the message has one per line."""
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


# ---------------------------------------------------------------- who took part

def attendance(invitees, respondents, check_ins=(), matches=None):
    """Who took part, who was invited but did not attend, how many gave no name, and the survey's organisations."""
    # invitees: [{name, organisation, group, checkin_token}] in list order; respondents: [{token, source, name,
    # organisation, confidence, ...}], confidence None for someone who only registered; check_ins: the active
    # check-ins [{id, invitee_token, name, organisation, group, how}]; matches: the facilitator's decisions
    # {respondent token: invitee checkin_token, or None for "not an invitee"}.
    # Check-ins come first. Room respondents who gave a name took part too, each matched to at most one invitee:
    # by the facilitator's decision, else by name exactly (a matching organisation preferred when names repeat);
    # a near match is "unsure" until the facilitator decides, and meanwhile counts as someone not on the list.
    invitees, check_ins, matches = list(invitees), list(check_ins), dict(matches or {})
    by_token = {person.get("checkin_token"): i for i, person in enumerate(invitees) if person.get("checkin_token")}
    took_part, entry_of = [], {}
    for check_in in check_ins:
        index = by_token.get(check_in.get("invitee_token"))
        entry = {"name": check_in["name"], "organisation": check_in.get("organisation", ""),
                 "group": check_in.get("group", ""), "table_number": None, "invited": index is not None,
                 "how": check_in["how"], "check_in_id": check_in.get("id")}
        took_part.append(entry)
        if index is not None:
            entry_of[index] = entry
    walk_ins = {(name_key(e["name"]), name_key(e["organisation"])): e for e in took_part if not e["invited"]}

    room = [p for p in respondents if p.get("source") == "room"]
    named = [p for p in room if name_key(p.get("name"))]
    unnamed = sum(1 for p in room if not name_key(p.get("name")) and p.get("confidence") is not None)
    decided = {i: by_token.get(matches[p.get("token")]) for i, p in enumerate(named) if p.get("token") in matches}
    taken = {index for index in decided.values() if index is not None}
    undecided = [i for i in range(len(named)) if i not in decided]
    exact = _match(invitees, [named[i] for i in undecided], exclude=taken)
    paired = {**decided, **{undecided[k]: index for k, index in exact.items()}}
    unsure = []
    for number, person in enumerate(named):
        index = paired.get(number)
        invitee = invitees[index] if index is not None else None
        if index is None and number not in decided:
            candidates = [c for _, c in near_matches(person["name"], person.get("organisation"), invitees)]
            if candidates:
                unsure.append({"respondent_token": person.get("token"), "name": person["name"].strip(),
                               "organisation": (person.get("organisation") or "").strip(),
                               "candidates": [{"name": c["name"], "organisation": c.get("organisation", ""),
                                               "checkin_token": c.get("checkin_token")} for c in candidates]})
        same = entry_of.get(index) if index is not None else walk_ins.get(
            (name_key(person["name"]), name_key(person.get("organisation"))))
        if same is not None and same["table_number"] is None:
            # The person checked in at the desk and typed their name on a phone too: one person, seen twice.
            same["table_number"] = person.get("table_number")
            continue
        organisation = (person.get("organisation") or "").strip() or (invitee or {}).get("organisation", "")
        entry = {"name": person["name"].strip(), "organisation": organisation,
                 "group": (person.get("stakeholder_group") or "").strip() or (invitee or {}).get("group", ""),
                 "table_number": person.get("table_number"), "invited": invitee is not None, "how": "phone",
                 "check_in_id": None}
        took_part.append(entry)
        if index is not None:
            entry_of[index] = entry
    took_part.sort(key=lambda p: (name_key(p["name"]), name_key(p["organisation"])))

    surveyed = [p for p in respondents if p.get("source") == "survey" and p.get("confidence") is not None]
    surveyed_invitees = set(_match(invitees, [p for p in surveyed if name_key(p.get("name"))]).values())
    listed = [{"name": person["name"], "organisation": person.get("organisation", ""),
               "group": person.get("group", ""), "took_part": i in entry_of, "answered_survey": i in surveyed_invitees,
               "how": entry_of[i]["how"] if i in entry_of else None} for i, person in enumerate(invitees)]
    did_not_attend = [person for person in listed if not person["took_part"]]
    invited_took_part = len(entry_of)

    organisations, not_given = _survey_organisations(surveyed)
    return {
        "took_part": took_part,
        "did_not_attend": did_not_attend,
        "invitees": listed,
        "unnamed": unnamed,
        "unsure": unsure,
        "decided": [{"respondent_token": named[i].get("token"), "name": named[i]["name"].strip(),
                     "organisation": (named[i].get("organisation") or "").strip(),
                     "invitee": None if index is None else {"name": invitees[index]["name"],
                                                            "organisation": invitees[index].get("organisation", "")}}
                    for i, index in sorted(decided.items())],
        "survey_organisations": organisations,
        "survey_organisation_not_given": not_given,
        "counts": {
            "took_part": len(took_part) + unnamed,
            "named": len(took_part),
            "unnamed": unnamed,
            "checked_in": len(check_ins),
            "checked_in_invitees": sum(1 for c in check_ins if c.get("invitee_token") in by_token),
            "walk_ins": sum(1 for c in check_ins if c.get("invitee_token") not in by_token),
            "unsure": len(unsure),
            "invited_took_part": invited_took_part,
            "not_invited_took_part": len(took_part) - invited_took_part,
            "invited": len(invitees),
            "did_not_attend": len(did_not_attend),
            "survey_respondents": len(surveyed),
            "survey_organisations": len(organisations),
            "survey_organisation_not_given": not_given,
        },
    }


def _match(invitees, people, exclude=()):
    """Pair people with invitees by name, each invitee at most once: {person index: invitee index}."""
    # Same name and organisation first, so two invitees sharing a name go to the right people; then name alone.
    free = [i for i in range(len(invitees)) if i not in exclude]
    matched = {}
    for same_organisation in (True, False):
        for index, person in enumerate(people):
            if index in matched:
                continue
            key, organisation = name_key(person.get("name")), name_key(person.get("organisation"))
            found = next((i for i in free if name_key(invitees[i]["name"]) == key and (
                not same_organisation or name_key(invitees[i].get("organisation")) == organisation)), None)
            if found is not None:
                matched[index] = found
                free.remove(found)
    return matched


def _survey_organisations(surveyed):
    """The distinct organisations survey respondents typed, sorted, with counts; and how many gave no organisation."""
    found = {}
    not_given = 0
    for person in surveyed:
        key = name_key(person.get("organisation"))
        if not key:
            not_given += 1
            continue
        # The first spelling seen stands for every spelling that differs only in case or spacing.
        entry = found.setdefault(key, {"organisation": " ".join(person["organisation"].split()), "respondents": 0})
        entry["respondents"] += 1
    return [found[key] for key in sorted(found)], not_given


# ---------------------------------------------------------------- reading an invitee CSV

def read_invitee_csv(data: bytes):
    """The invitees in a CSV file as [{name, organisation, group?}], or raise InviteeFileError listing every problem."""
    text = _decode(data)
    lines = iter(_rows(text))
    header = next(((number, row) for number, row in lines if any(cell.strip() for cell in row)), None)
    if header is None:
        raise InviteeFileError([Problem("", "the file is empty")])
    header_line, columns = header
    names = [cell.strip().lstrip("\ufeff").casefold() for cell in columns]
    if "name" not in names:
        found = ", ".join(f"“{cell.strip()}”" for cell in columns if cell.strip())
        raise InviteeFileError([Problem(f"line {header_line}", (
            "the first line must name the columns, with one called “name” (and, if you like, one called "
            f"“organisation”); this file's first line has {found}"))])
    name_column = names.index("name")
    organisation_column = next((names.index(c) for c in ORGANISATION_COLUMNS if c in names), None)
    group_column = next((names.index(c) for c in GROUP_COLUMNS if c in names), None)

    invitees, problems, count = [], [], 0
    for number, row in lines:
        if not any(cell.strip() for cell in row):
            continue
        count += 1
        if count > MAX_INVITEES:
            raise InviteeFileError([Problem("", (
                f"the file lists more than {MAX_INVITEES:,} people; at most {MAX_INVITEES:,} can be loaded. "
                "Check it is the right file, or split the list"))])
        place = f"line {number}"
        name = _cell(row, name_column, "name", place, problems)
        if not name:
            problems.append(Problem(place, "the name is empty"))
        organisation = _cell(row, organisation_column, "organisation", place, problems)
        invitee = {"name": name, "organisation": organisation}
        group = _cell(row, group_column, "stakeholder group", place, problems)
        if group:
            # Only when given: a list without groups reads as before, and parse_event refuses a group not defined.
            invitee["group"] = group
        invitees.append(invitee)
    if not problems and not invitees:
        problems.append(Problem("", "the file names its columns but lists nobody under them"))
    if problems:
        raise InviteeFileError(problems)
    return invitees


def _decode(data):
    """The file as text: UTF-8 (with or without a byte order mark), else Windows-1252, as Excel saves on UK Windows."""
    if not data or not data.strip():
        raise InviteeFileError([Problem("", "the file is empty")])
    if data.startswith(_ZIP_SIGNATURE):
        raise InviteeFileError([Problem("", (
            "this is a spreadsheet workbook, not a CSV file. In the spreadsheet, choose Save As and the type "
            "“CSV UTF-8 (comma delimited)”, then load that file"))])
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data:
        raise InviteeFileError([Problem("", (
            "the file is not CSV text (it may be a different kind of file, or saved as “Unicode text”). "
            "Save it from the spreadsheet as “CSV UTF-8 (comma delimited)” and load that"))])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise InviteeFileError([Problem("", (
            f"the file is not CSV text: byte {error.start} is neither UTF-8 nor Windows text. "
            "Save it from the spreadsheet as “CSV UTF-8 (comma delimited)” and load that"))]) from None


def _rows(text):
    """Each record of the CSV text with the line it starts on; a record that cannot be read raises InviteeFileError."""
    reader = csv.reader(io.StringIO(text, newline=""), dialect=_dialect(text))
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise InviteeFileError([Problem(f"line {start}", f"this line cannot be read as CSV ({error})")]) from None
        yield start, row
        start = reader.line_num + 1


def _dialect(text):
    """The file's delimiter and quoting, as the standard library's sniffer reads them from the first lines."""
    # The sniffer weighs how often each delimiter appears line after line, so a comma inside a quoted header cell
    # of a semicolon file does not fool it. When the lines disagree too much for it (short rows, one column), the
    # first delimiter found in the header line decides, else it is a comma file.
    try:
        return csv.Sniffer().sniff(text[:_SAMPLE], "".join(_DELIMITERS))
    except csv.Error:
        first_line = next((line for line in text.splitlines() if line.strip()), "")
        delimiter = next((d for d in _DELIMITERS if d in first_line), ",")
        return type("Guessed", (csv.excel,), {"delimiter": delimiter})


def _cell(row, column, what, place, problems):
    """One cell's cleaned text ("" when the row is short or there is no such column); a too-long cell is a problem."""
    if column is None or column >= len(row):
        return ""
    try:
        return clean_text(row[column], TITLE_LIMIT)
    except TextTooLong as error:
        problems.append(Problem(place, f"the {what} is too long: at most {TITLE_LIMIT} characters "
                                       f"(this has {len(error.text)})"))
        return error.text
