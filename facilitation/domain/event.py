"""Event definitions: read a decoded event file, list every problem in it, and share criteria out between tables.

A file is checked in two passes. The JSON Schema (EVENT_SCHEMA, also published in the OpenAPI document) checks
structure: fields, types, allowed values, number ranges. Python then checks what a schema cannot say well: text
after cleaning, unique codes, dates, and references between parts (tables, criteria, options). Every problem from
both passes is reported, in the order it appears in the file, in words a facilitator can act on.
"""
import copy
import datetime
import json
import math
import re
import unicodedata
from typing import NamedTuple

from jsonschema import Draft202012Validator, validators

from . import event_day
from .event_day import DayChecks
from .scoring import RULES, default_rule
from .text import TEXT_LIMIT, TextTooLong, clean_text

FORMAT_VERSION = 1

# Titles, names, measures and risk themes are one line on a screen or a report; descriptions are paragraphs.
TITLE_LIMIT = 200
OPTION_CODE_LIMIT = 10
CRITERION_CODE_LIMIT = 40
MAX_TABLES = 500
# Numbers are printed on table cards; the cap also keeps them inside a database integer.
MAX_TABLE_NUMBER = 9999
MAX_BUDGET = 100
# Size limits: the largest real events (12 tables, 10 options, 8 criteria) fit many times over, but a file cannot make
# a phone page of megabytes (10,000 options made one of 24.7 MB) or a projector nobody can read.
MAX_OPTIONS = 50
MAX_CRITERIA = 30
MAX_THEMES = 30
MAX_INVITEES = 2000
MAX_POINTS = 20
MAX_MEASURES = 20
STRONGEST = "strongest"

_TEXT = {"type": "string"}


def _object(properties, required=(), description=None):
    """A schema for a JSON object with exactly these fields."""
    schema = {"type": "object", "properties": properties, "additionalProperties": False}
    if required:
        schema["required"] = list(required)
    if description:
        schema["description"] = description
    return schema


def _list_of(items, description=None):
    """A schema for a JSON array of items."""
    schema = {"type": "array", "items": items}
    if description:
        schema["description"] = description
    return schema


def _text(description, limit=None, required=False):
    """A schema for a text field, with its rules in words (and as lengths, which Python checks after cleaning)."""
    schema = {"type": "string", "description": description}
    if limit:
        schema["maxLength"] = limit
    if required:
        schema["minLength"] = 1
    return schema


_BRIEFING_POINT = _object(
    {
        "text": _text(f"One point, at most {TEXT_LIMIT} characters.", TEXT_LIMIT, required=True),
        "importance": {"enum": ["high", "medium", "low"]},
    },
    required=["text", "importance"],
)

_OPTION = _object(
    {
        "code": {**_text(f"Short code people use when they talk, such as 3a: 1 to {OPTION_CODE_LIMIT} characters, "
                         "no spaces; unique, ignoring case.", OPTION_CODE_LIMIT, required=True), "pattern": "^\\S+$"},
        "title": _text(f"At most {TITLE_LIMIT} characters.", TITLE_LIMIT, required=True),
        "description": _text(f"At most {TEXT_LIMIT} characters; may have several lines.", TEXT_LIMIT),
        "status": {"enum": ["shortlisted", "excluded"], "default": "shortlisted"},
        "family": {"type": ["string", "null"],
                   "description": f"Options that belong together share a family, such as \"Three to two\": "
                                  f"totals can be shown by family too. At most {TITLE_LIMIT} characters."},
        "excluded_reason": {"type": ["string", "null"],
                            "description": "Why an excluded option was excluded: required for excluded options only."},
        "briefing": _object(
            {"advantages": {**_list_of(_BRIEFING_POINT), "maxItems": MAX_POINTS},
             "disadvantages": {**_list_of(_BRIEFING_POINT), "maxItems": MAX_POINTS}},
            description="What tables are told about the option.",
        ),
    },
    required=["code", "title"],
)

_CRITERION = _object(
    {
        "code": _text(f"1 to {CRITERION_CODE_LIMIT} characters; unique, ignoring case.", CRITERION_CODE_LIMIT,
                      required=True),
        "working_title": _text("Short label used on the day; defaults to the title.", TITLE_LIMIT),
        "title": _text(f"At most {TITLE_LIMIT} characters.", TITLE_LIMIT, required=True),
        "description": _text(f"At most {TEXT_LIMIT} characters; may have several lines.", TEXT_LIMIT),
        "measures": {**_list_of(_text(f"A possible measure, at most {TITLE_LIMIT} characters.", TITLE_LIMIT)),
                     "maxItems": MAX_MEASURES},
        "weight": {"type": "number", "minimum": 0, "default": 1},
    },
    required=["code", "title"],
)

_TABLE = _object(
    {"number": {"type": "integer", "minimum": 1, "maximum": MAX_TABLE_NUMBER},
     "name": _text(f"Optional name, at most {TITLE_LIMIT} characters.", TITLE_LIMIT)},
    required=["number"],
)

_ASSIGNMENT = {
    "description": "How criteria are shared out between tables; every criterion must be scored by at least one table. "
                   "Defaults to every table scoring every criterion.",
    "oneOf": [
        _object({"tables_per_criterion": {"type": "integer", "minimum": 1,
                                          "description": "At most the number of tables."}},
                required=["tables_per_criterion"], description="An automatic, balanced share-out."),
        _object({"all": {"const": True}}, required=["all"], description="Every table scores every criterion."),
        {
            "type": "object",
            "description": "Table number (as text) to the codes of the criteria that table scores.",
            "minProperties": 1,
            "propertyNames": {"pattern": "^[0-9]+$"},
            "additionalProperties": {**_list_of(_TEXT), "maxItems": MAX_CRITERIA},
        },
    ],
}

EVENT_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Event definition",
    "description": (
        f"One option appraisal event, format {FORMAT_VERSION}. Text is trimmed and control characters removed; "
        "codes are compared ignoring case. Beyond this schema, the app checks that codes are unique, that at "
        "least two options are short-listed, and that the assignment and confidence refer to existing tables, "
        "criteria and options."
    ),
    **_object(
        {
            "format": {"type": "integer", "const": FORMAT_VERSION},
            "title": _text(f"At most {TITLE_LIMIT} characters.", TITLE_LIMIT, required=True),
            "date": {"type": ["string", "null"], "format": "date", "description": "YYYY-MM-DD."},
            "scoring": _object(
                {
                    "mode": {"enum": ["allocate", "score"], "default": "allocate",
                             "description": "allocate: split the budget between options; score: 0 to 10 each."},
                    "budget": {"type": "integer", "minimum": 1, "maximum": MAX_BUDGET, "default": 10},
                    "rank_first": {"type": "boolean", "default": True},
                    "allow_rule_out": {"type": "boolean", "default": True},
                    "rule": {"enum": list(RULES),
                             "description": "Which totals name the strongest option everywhere: raw (every "
                                            "criterion counts the same) or weighted (each counts by its weight). "
                                            "Defaults to weighted when any criterion's weight is not 1, else raw."},
                }
            ),
            "options": {**_list_of(_OPTION, f"The long list; at least two must be short-listed; at most {MAX_OPTIONS}."),
                        "minItems": 2, "maxItems": MAX_OPTIONS},
            "criteria": {**_list_of(_CRITERION, f"At most {MAX_CRITERIA}."), "minItems": 1, "maxItems": MAX_CRITERIA},
            "tables": {
                "description": "How many tables (numbered from 1), or the tables themselves; numbers unique.",
                "oneOf": [
                    {"type": "integer", "minimum": 1, "maximum": MAX_TABLES},
                    {**_list_of(_TABLE), "minItems": 1, "maxItems": MAX_TABLES},
                ],
            },
            "assignment": _ASSIGNMENT,
            "confidence": _object(
                {"about": _text(f'"{STRONGEST}" (whichever option leads) or a short-listed option code.')}
            ),
            "risk_themes": {**_list_of(_text(f"At most {TITLE_LIMIT} characters; unique, ignoring case.", TITLE_LIMIT),
                                           f"At most {MAX_THEMES}."), "maxItems": MAX_THEMES},
            "survey": _object(
                {
                    "closes": {"type": ["string", "null"], "format": "date-time",
                               "description": "Date and time with a timezone, such as 2025-03-28T17:00:00Z."},
                    "include_scoring": {"type": "boolean", "default": False},
                }
            ),
            "invitees": {**_list_of(
                _object({"name": _text(f"At most {TITLE_LIMIT} characters.", TITLE_LIMIT, required=True),
                         "organisation": _text(f"At most {TITLE_LIMIT} characters.", TITLE_LIMIT),
                         "group": event_day.INVITEE_GROUP_SCHEMA}, required=["name"]),
                f"At most {MAX_INVITEES:,}."), "maxItems": MAX_INVITEES},
            "programme": event_day.PROGRAMME_SCHEMA,
            "stakeholder_groups": event_day.STAKEHOLDER_GROUPS_SCHEMA,
            "theme_responses": {**event_day.THEME_RESPONSES_SCHEMA, "maxProperties": MAX_THEMES},
            "paper": event_day.PAPER_SCHEMA,
        },
        required=["format", "title", "options", "criteria", "tables"],
    ),
}


class Problem(NamedTuple):
    """One thing wrong with an event file, and where."""

    path: str
    message: str

    def __str__(self):
        """The problem as one line, led by its place in the file."""
        return f"{self.path}: {self.message}" if self.path else self.message


class EventDefinitionError(ValueError):
    """An event file that breaks the rules; it lists every problem."""

    def __init__(self, problems):
        """Keep the problems; the message has one per line."""
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


def parse_event(data: object) -> dict:
    """Validate a decoded event file and return its canonical definition, or raise EventDefinitionError listing every problem."""
    if not isinstance(data, dict):
        raise EventDefinitionError(
            [Problem("", "an event file must hold one JSON object, starting with { and ending with }")]
        )
    version = data.get("format")
    if _is_whole_number(version) and version != FORMAT_VERSION:
        # A file of another version may legitimately have other fields, so listing them as unknown would only mislead.
        raise EventDefinitionError([Problem(
            "format", f"this app reads event files of format {FORMAT_VERSION}, but this file is format {version}"
        )])
    checks = _Checks(_structure_problems(data))
    definition = checks.event(data)
    if checks.problems:
        raise EventDefinitionError(_in_file_order(data, checks.problems))
    return definition


def share_out(criterion_codes: list[str], table_numbers: list[int], assignment: dict) -> dict[int, list[str]]:
    """Which criteria each table scores: table number -> criterion codes in criteria order (every table present, possibly empty)."""
    numbers = sorted(table_numbers)
    if "all" in assignment:
        return {number: list(criterion_codes) for number in numbers}
    if "tables_per_criterion" in assignment:
        return _balanced(criterion_codes, numbers, assignment["tables_per_criterion"])
    position = {code: i for i, code in enumerate(criterion_codes)}
    return {
        number: sorted((code for code in assignment.get(str(number), []) if code in position), key=position.get)
        for number in numbers
    }


def _balanced(criterion_codes, numbers, per_criterion):
    """Deal the criteria round the tables per_criterion times, so each gets distinct tables and the load is even."""
    if per_criterion > len(numbers):
        raise ValueError(f"cannot give each criterion {per_criterion} tables when there are {len(numbers)}")
    shares = {number: [] for number in numbers}
    for i, code in enumerate(criterion_codes):
        for copy_number in range(per_criterion):
            shares[numbers[(i * per_criterion + copy_number) % len(numbers)]].append(code)
    return shares


# --- structure: the JSON Schema, with its findings put in plain words ---------------------------------------------


def _is_whole_number(value):
    """True for a JSON whole number: not true/false (a Python bool is an int) and not 3.0."""
    return isinstance(value, int) and not isinstance(value, bool)


def _whole_number_type(_checker, instance):
    """JSON Schema's 'integer' as the rules mean it: 3.0 is not a whole number of tables."""
    return _is_whole_number(instance)


_Validator = validators.extend(
    Draft202012Validator,
    type_checker=Draft202012Validator.TYPE_CHECKER.redefine("integer", _whole_number_type),
)


def _structure_schema():
    """EVENT_SCHEMA, except that the assignment only has to be an object: Python tells its three forms apart."""
    # oneOf can only say that none of the forms fit; the Python check says which rule of which form is broken.
    schema = _without_text_rules(copy.deepcopy(EVENT_SCHEMA))
    schema["properties"]["assignment"] = {"type": "object"}
    # Python counts the short-listed options, which says more than "needs at least 2 entries".
    del schema["properties"]["options"]["minItems"]
    return schema


def _without_text_rules(schema):
    """The schema without text lengths and patterns: Python checks those after cleaning, in plain words."""
    if isinstance(schema, dict):
        return {key: _without_text_rules(value) for key, value in schema.items()
                if key not in ("minLength", "maxLength", "pattern") or not isinstance(value, (int, str))}
    if isinstance(schema, list):
        return [_without_text_rules(value) for value in schema]
    return schema


_STRUCTURE = _Validator(_structure_schema())

_TYPE_WORDS = {
    "integer": "a whole number",
    "number": "a number",
    "string": "text",
    "boolean": "true or false",
    "array": "a list",
    "object": "a group of fields in { }",
    "null": "null",
}


def plain_problems(schema, data):
    """Every problem a JSON Schema finds in data as (written path, message) in plain words: the API's bodies use it."""
    return [(_written_path(path), message) for path, message in _structure_problems(data, _Validator(schema))]


def _structure_problems(data, validator=_STRUCTURE):
    """Every structural problem, as (path, message) pairs in plain words."""
    found = [problem for error in validator.iter_errors(data) for problem in _explain(error)]
    # A value of the wrong type gets one problem, not also complaints about its range.
    mistyped = {path for path, _, kind in found if kind == "type"}
    problems = []
    for path, message, kind in found:
        if (kind == "type" or path not in mistyped) and (path, message) not in problems:
            problems.append((path, message))
    return problems


def _explain(error):
    """Plain-word problems (path, message, kind) for one schema error; never the validator's own wording."""
    path = tuple(error.absolute_path)
    kind = error.validator
    if "propertyNames" in error.relative_schema_path:
        # A key that is not one of the names allowed: said about the key, as an unknown field is.
        yield path + (error.instance,), "unknown field (allowed here: " + ", ".join(error.validator_value) + ")", kind
    elif kind == "type":
        yield path, f"must be {_type_words(error.validator_value)}", kind
    elif kind == "required":
        for name in error.validator_value:
            if name not in error.instance:
                yield path + (name,), "is required but missing", kind
    elif kind == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        for name in error.instance:
            if name not in allowed:
                yield path + (name,), f"unknown field (allowed here: {', '.join(allowed)})", kind
    elif kind == "enum":
        yield path, f"must be {_either(error.validator_value)}", kind
    elif kind == "const":
        yield path, f"must be {json.dumps(error.validator_value)}", kind
    elif kind in ("minimum", "maximum"):
        yield path, _range_words(error.schema), kind
    elif kind == "minItems":
        least = error.validator_value
        yield path, "must not be empty" if least == 1 else f"needs at least {least} entries", kind
    elif kind == "minProperties":
        yield path, "must not be empty", kind
    elif kind in ("maxItems", "maxProperties"):
        yield path, f"may have at most {error.validator_value} entries", kind
    elif kind == "maxLength":
        yield path, f"is too long: at most {error.validator_value} characters", kind
    elif kind == "minLength":
        yield path, "must not be empty" if error.validator_value == 1 else \
            f"needs at least {error.validator_value} characters", kind
    elif kind in ("oneOf", "anyOf"):
        yield from _explain_choice(error)
    else:
        yield path, "is not allowed here", kind


def _explain_choice(error):
    """For a value that may take one of several shapes, explain against the shape its type picks."""
    branches = error.validator_value
    fitting = [i for i, branch in enumerate(branches) if _has_type(error.instance, branch.get("type"))]
    if len(fitting) == 1:
        for sub_error in error.context:
            if sub_error.relative_schema_path[0] == fitting[0]:
                yield from _explain(sub_error)
    else:
        words = " or ".join(_type_words(branch["type"]) if "type" in branch else json.dumps(branch.get("const"))
                            for branch in branches)
        yield tuple(error.absolute_path), f"must be {words}", "type"


def _has_type(instance, types):
    """Whether a value is of a schema type, or of one of a list of types."""
    if types is None:
        return False
    return any(_STRUCTURE.is_type(instance, name) for name in ([types] if isinstance(types, str) else types))


def _type_words(types):
    """JSON Schema type names as words: ['string', 'null'] is 'text or null'."""
    if isinstance(types, str):
        types = [types]
    return " or ".join(_TYPE_WORDS.get(name, name) for name in types)


def _either(values):
    """Allowed values as words: "high", "medium" or "low"."""
    quoted = [json.dumps(value) for value in values]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"


def _range_words(schema):
    """The allowed range of a number, from whichever bounds its schema has."""
    low, high = schema.get("minimum"), schema.get("maximum")
    if low is not None and high is not None:
        return f"must be from {low} to {high}"
    if low is not None:
        return f"must be {low} or more"
    return f"must be {high} or less"


# --- content: text, codes, dates and references between parts ---------------------------------------------------

_DATE = re.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DATE_TIME = re.compile(
    "[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]{1,6})?)?(?P<zone>[Zz]|[+-][0-9]{2}:?[0-9]{2})?"
)
_TABLE_KEY = re.compile("[0-9]+")
_ASSIGNMENT_FORMS = ("all", "tables_per_criterion")


class _Checks(DayChecks):
    """The content checks: each part of the file is read into its canonical form, and problems are collected."""

    def __init__(self, problems):
        """Start from the structural problems already found."""
        self.problems = list(problems)

    def add(self, path, message):
        """Record a problem at a path (a tuple of field names and list positions)."""
        self.problems.append((path, message))

    def has_problem_within(self, path):
        """Whether anything at or below path has a problem already (so later checks that rely on it are skipped)."""
        return any(found[:len(path)] == path for found, _ in self.problems)

    def event(self, data):
        """The canonical definition of a whole file."""
        options = self.options(data.get("options"))
        criteria = self.criteria(data.get("criteria"))
        tables = self.tables(data.get("tables"))
        themes = self.risk_themes(data.get("risk_themes", []))
        groups = self.stakeholder_groups(data.get("stakeholder_groups", []))
        return {
            "format": FORMAT_VERSION,
            "title": self.text(("title",), data.get("title"), TITLE_LIMIT, required=True),
            "date": self.date(data.get("date")),
            "scoring": self.scoring(data.get("scoring", {}), criteria),
            "options": options,
            "criteria": criteria,
            "tables": tables,
            "assignment": self.assignment(data.get("assignment", {"all": True}), criteria, self.table_numbers(tables)),
            "confidence": self.confidence(data.get("confidence", {}), options),
            "risk_themes": themes,
            "survey": self.survey(data.get("survey", {})),
            "invitees": self.invitees(data.get("invitees", []), groups),
            "programme": self.programme(data.get("programme", [])),
            "stakeholder_groups": groups,
            "theme_responses": self.theme_responses(data.get("theme_responses", {}), themes),
            "paper": self.paper(data.get("paper", {})),
        }

    # Text and codes

    def text(self, path, value, limit, *, required=False, multiline=False):
        """Cleaned text, checked for emptiness and length; "" when the value is not text (already reported)."""
        if not isinstance(value, str):
            return ""
        try:
            text = clean_text(value, limit, multiline=multiline)
        except TextTooLong as error:
            self.add(path, f"is too long: at most {limit} characters (this has {len(error.text)})")
            return error.text
        if required and not text:
            self.add(path, "must not be empty")
        return text

    def option_code(self, path, value):
        """An option code, trimmed; it must be short and have no spaces, since people say and type it."""
        if not isinstance(value, str):
            return None
        code = value.strip()
        if not code:
            self.add(path, "must not be empty")
        elif len(code) > OPTION_CODE_LIMIT:
            self.add(path, f"is too long: at most {OPTION_CODE_LIMIT} characters (this has {len(code)})")
        if any(ch.isspace() or unicodedata.category(ch) in ("Cc", "Cs") for ch in code):
            self.add(path, "must not contain spaces or control characters")
        return code

    def no_duplicates(self, entries):
        """Report each (path, text) whose text repeats an earlier one, ignoring case and naming the first spelling."""
        first = {}
        for path, value in entries:
            key = value.casefold()
            if key in first:
                self.add(path, f'duplicate "{first[key]}"')
            else:
                first[key] = value

    # Title, date, scoring

    def date(self, value):
        """The event date as YYYY-MM-DD, or None."""
        if not isinstance(value, str):
            return None
        text = value.strip()
        try:
            if not _DATE.fullmatch(text):
                raise ValueError(text)
            return datetime.date.fromisoformat(text).isoformat()
        except ValueError:
            self.add(("date",), 'must be a real date written YYYY-MM-DD, such as "2025-03-14"')
            return None

    def scoring(self, value, criteria):
        """How tables score and which rule names the strongest option, with defaults filled in."""
        value = value if isinstance(value, dict) else {}
        return {
            "mode": value.get("mode", "allocate"),
            "budget": value.get("budget", 10),
            "rank_first": value.get("rank_first", True),
            "allow_rule_out": value.get("allow_rule_out", True),
            "rule": value.get("rule") or default_rule(criteria),
        }

    # Options

    def options(self, value):
        """The long list of options, each in canonical form; at least two must be short-listed."""
        if not isinstance(value, list):
            return []
        options = [self.option(("options", i), raw) for i, raw in enumerate(value) if isinstance(raw, dict)]
        self.no_duplicates([(("options", i, "code"), o["code"]) for i, o in _indexed(value, options) if o["code"]])
        # A misspelt status is reported on its own; counting it as short-listed avoids a second, misleading problem.
        shortlisted = sum(1 for o in options if o["status"] != "excluded")
        if shortlisted < 2:
            self.add(("options",), f"needs at least 2 short-listed options (there are {shortlisted})")
        return options

    def option(self, path, raw):
        """One option in canonical form."""
        status = raw.get("status", "shortlisted")
        return {
            "code": self.option_code(path + ("code",), raw.get("code")),
            "title": self.text(path + ("title",), raw.get("title"), TITLE_LIMIT, required=True),
            "description": self.text(path + ("description",), raw.get("description", ""), TEXT_LIMIT, multiline=True),
            "status": status,
            "family": self.text(path + ("family",), raw.get("family") or "", TITLE_LIMIT) or None,
            "excluded_reason": self.excluded_reason(path + ("excluded_reason",), raw.get("excluded_reason"), status),
            "briefing": self.briefing(path + ("briefing",), raw.get("briefing", {})),
        }

    def excluded_reason(self, path, value, status):
        """The reason an excluded option was excluded; a short-listed option has none."""
        reason = self.text(path, value, TEXT_LIMIT, multiline=True) or None
        if status == "excluded" and reason is None and not self.has_problem_within(path):
            self.add(path, "an excluded option needs the reason it was excluded")
        if status == "shortlisted" and reason is not None:
            self.add(path, 'only an excluded option has a reason: remove it, or set "status" to "excluded"')
            return None
        return reason

    def briefing(self, path, value):
        """An option's advantages and disadvantages, each point graded high, medium or low."""
        value = value if isinstance(value, dict) else {}
        sides = ("advantages", "disadvantages")
        return {side: self.briefing_points(path + (side,), value.get(side, [])) for side in sides}

    def briefing_points(self, path, value):
        """The points on one side of a briefing."""
        if not isinstance(value, list):
            return []
        return [
            {
                "text": self.text(path + (i, "text"), point.get("text"), TEXT_LIMIT, required=True),
                "importance": point.get("importance"),
            }
            for i, point in enumerate(value)
            if isinstance(point, dict)
        ]

    # Criteria

    def criteria(self, value):
        """The benefit criteria, each in canonical form, codes unique."""
        if not isinstance(value, list):
            return []
        criteria = [self.criterion(("criteria", i), raw) for i, raw in enumerate(value) if isinstance(raw, dict)]
        self.no_duplicates([(("criteria", i, "code"), c["code"]) for i, c in _indexed(value, criteria) if c["code"]])
        return criteria

    def criterion(self, path, raw):
        """One criterion in canonical form; the working title defaults to the title."""
        title = self.text(path + ("title",), raw.get("title"), TITLE_LIMIT, required=True)
        working_title = self.text(path + ("working_title",), raw.get("working_title", ""), TITLE_LIMIT)
        return {
            "code": self.text(path + ("code",), raw.get("code"), CRITERION_CODE_LIMIT, required=True),
            "working_title": working_title or title,
            "title": title,
            "description": self.text(path + ("description",), raw.get("description", ""), TEXT_LIMIT, multiline=True),
            "measures": self.short_texts(path + ("measures",), raw.get("measures", [])),
            "weight": self.weight(path + ("weight",), raw.get("weight", 1)),
        }

    def short_texts(self, path, value):
        """A list of one-line texts (measures, risk themes), none empty."""
        if not isinstance(value, list):
            return []
        return [self.text(path + (i,), item, TITLE_LIMIT, required=True) for i, item in enumerate(value)]

    def weight(self, path, value):
        """A criterion's weight: a finite number of 0 or more (the schema checks type and sign)."""
        # Python's JSON reader accepts NaN and Infinity, which pass a 'minimum' check but break any total.
        if isinstance(value, float) and not math.isfinite(value):
            self.add(path, "must be an ordinary number, such as 1 or 1.5")
        return value

    # Tables and the share-out

    def tables(self, value):
        """The tables, always as a list sorted by number; a count N means tables 1 to N."""
        if _is_whole_number(value):
            return [{"number": n, "name": ""} for n in range(1, min(value, MAX_TABLES) + 1)]
        if not isinstance(value, list):
            return []
        tables = []
        seen = set()
        for i, raw in enumerate(value):
            if not isinstance(raw, dict):
                continue
            number = raw.get("number")
            if _is_whole_number(number):   # anything else is the schema's to name (and may not be hashable)
                if number in seen:
                    self.add(("tables", i, "number"), f"duplicate table number {number}")
                seen.add(number)
            name = self.text(("tables", i, "name"), raw.get("name", ""), TITLE_LIMIT)
            tables.append({"number": number, "name": name})
        return sorted(tables, key=lambda t: t["number"] if _is_whole_number(t["number"]) else 0)

    def table_numbers(self, tables):
        """The set of table numbers, or None when a problem makes it unknown (then nothing is checked against it)."""
        if not tables or any(path[:1] == ("tables",) and path[-1:] != ("name",) for path, _ in self.problems):
            return None
        return {t["number"] for t in tables}

    def assignment(self, value, criteria, table_numbers):
        """The share-out in one of its three forms, checked against the tables and criteria."""
        path = ("assignment",)
        if not isinstance(value, dict):
            return {"all": True}
        table_keys = [key for key in value if key not in _ASSIGNMENT_FORMS and _TABLE_KEY.fullmatch(str(key))]
        for key in value:
            if key not in _ASSIGNMENT_FORMS and key not in table_keys:
                self.add(path + (str(key),), 'unknown field (allowed here: "all", "tables_per_criterion", '
                                             'or table numbers such as "1")')
        forms = [form for form in _ASSIGNMENT_FORMS if form in value] + (["by table"] if table_keys else [])
        if len(forms) > 1:
            self.add(path, 'use only one way of sharing out criteria: "all", "tables_per_criterion", '
                           "or criteria listed for each table number")
        elif "all" in value:
            if value["all"] is not True:
                self.add(path + ("all",), "must be true (every table scores every criterion)")
        elif "tables_per_criterion" in value:
            return {"tables_per_criterion": self.tables_per_criterion(value["tables_per_criterion"], table_numbers)}
        elif table_keys:
            return self.assignment_by_table(value, table_keys, criteria, table_numbers)
        elif not value:
            self.add(path, 'is empty: use {"all": true}, {"tables_per_criterion": 3}, '
                           'or criteria listed for each table number, such as {"1": ["access"]}')
        return {"all": True}

    def tables_per_criterion(self, value, table_numbers):
        """How many tables score each criterion: from 1 to the number of tables."""
        path = ("assignment", "tables_per_criterion")
        if not _is_whole_number(value):
            self.add(path, "must be a whole number")
        elif table_numbers is not None and not 1 <= value <= len(table_numbers):
            self.add(path, f"must be from 1 to {len(table_numbers)} (the number of tables)")
        elif value < 1:
            self.add(path, "must be 1 or more")
        return value

    def assignment_by_table(self, value, table_keys, criteria, table_numbers):
        """A table-by-table share-out: only existing tables and criteria, and every criterion scored somewhere."""
        # Reversed, so that when two criteria share a code (already reported) references go to the first.
        criterion_by_key = {
            c["code"].casefold(): (i, c["code"]) for i, c in reversed(list(enumerate(criteria))) if c["code"]
        }
        shares = {}
        for key in table_keys:
            path = ("assignment", str(key))
            number = int(key)
            if number in shares:
                self.add(path, f"table {number} is listed twice")
            elif table_numbers is not None and number not in table_numbers:
                self.add(path, f"no table {number}")
            codes = self.assigned_codes(path, value[key], criterion_by_key)
            if table_numbers is not None and number in table_numbers:
                shares.setdefault(number, set()).update(codes)
        if table_numbers is not None:
            self.every_criterion_scored(criteria, set().union(*shares.values()))
        order = {code: i for i, code in criterion_by_key.values()}
        return {str(number): sorted(codes, key=order.get) for number, codes in sorted(shares.items()) if codes}

    def assigned_codes(self, path, value, criterion_by_key):
        """One table's criterion codes, spelt as in the criteria list; unknown or repeated ones are reported."""
        if not isinstance(value, list):
            self.add(path, "must be a list of criterion codes")
            return set()
        codes = set()
        for j, item in enumerate(value):
            if not isinstance(item, str):
                self.add(path + (j,), "must be text (a criterion code)")
                continue
            typed = item.strip()
            found = criterion_by_key.get(typed.casefold())
            if found is None:
                self.add(path + (j,), f'no criterion "{typed}"')
            elif found[1] in codes:
                self.add(path + (j,), f'duplicate "{found[1]}"')
            else:
                codes.add(found[1])
        return codes

    def every_criterion_scored(self, criteria, scored):
        """Report each criterion that no table scores (duplicates were reported already)."""
        seen = set()
        for i, criterion in enumerate(criteria):
            code = criterion["code"]
            if code and code.casefold() not in seen and code not in scored:
                self.add(("criteria", i), f'no table scores criterion "{code}"')
            if code:
                seen.add(code.casefold())

    # Confidence, risks, survey, invitees

    def confidence(self, value, options):
        """What the confidence question asks about: the strongest option, or one short-listed option."""
        about = value.get("about", STRONGEST) if isinstance(value, dict) else STRONGEST
        if not isinstance(about, str):
            return {"about": STRONGEST}
        typed = about.strip()
        if typed.casefold() == STRONGEST:
            return {"about": STRONGEST}
        path = ("confidence", "about")
        option = next((o for o in options if o["code"] and o["code"].casefold() == typed.casefold()), None)
        if option is None:
            self.add(path, f'no option "{typed}": use "{STRONGEST}" or the code of a short-listed option')
            return {"about": typed}
        if option["status"] == "excluded":
            self.add(path, f'option "{option["code"]}" is excluded: use "{STRONGEST}" or a short-listed option')
        return {"about": option["code"]}

    def risk_themes(self, value):
        """The starting risk themes, unique ignoring case."""
        themes = self.short_texts(("risk_themes",), value)
        self.no_duplicates([(("risk_themes", i), theme) for i, theme in enumerate(themes) if theme])
        return themes

    def survey(self, value):
        """When the survey for absent invitees closes, and whether it asks them to score too."""
        value = value if isinstance(value, dict) else {}
        return {
            "closes": self.closing_time(value.get("closes")),
            "include_scoring": value.get("include_scoring", False),
        }

    def closing_time(self, value):
        """An ISO 8601 date and time with a timezone, written back with Z for UTC; None if absent."""
        if not isinstance(value, str):
            return None
        path = ("survey", "closes")
        text = value.strip()
        match = _DATE_TIME.fullmatch(text)
        if not match:
            self.add(path, 'must be a date and time, such as "2025-03-28T17:00:00Z"')
            return None
        if not match["zone"]:
            self.add(path, 'needs a timezone: add "Z" for UK winter time (GMT) or "+01:00" for British Summer Time')
            return None
        try:
            moment = datetime.datetime.fromisoformat(text.upper())
        except ValueError:
            self.add(path, "is not a real date and time")
            return None
        written = moment.isoformat()
        return written[:-len("+00:00")] + "Z" if written.endswith("+00:00") else written

    def invitees(self, value, groups):
        """The people invited, each with an optional organisation and stakeholder group."""
        if not isinstance(value, list):
            return []
        return [
            {
                "name": self.text(("invitees", i, "name"), raw.get("name"), TITLE_LIMIT, required=True),
                "organisation": self.text(("invitees", i, "organisation"), raw.get("organisation", ""), TITLE_LIMIT),
                "group": self.invitee_group(("invitees", i, "group"), raw.get("group"), groups),
            }
            for i, raw in enumerate(value)
            if isinstance(raw, dict)
        ]


def _indexed(raw_items, read_items):
    """Pair each read item with its position in the file (non-objects were skipped when reading)."""
    positions = [i for i, raw in enumerate(raw_items) if isinstance(raw, dict)]
    return zip(positions, read_items)


# --- reporting ---------------------------------------------------------------------------------------------------

_IDENTIFIER = re.compile("[A-Za-z_][A-Za-z0-9_]*")


def _in_file_order(data, problems):
    """Problems sorted by where they are in the file, as Problem values with written-out paths."""
    ordered = sorted(problems, key=lambda problem: _file_position(data, problem[0]))
    return [Problem(_written_path(path), message) for path, message in ordered]


def _file_position(data, path):
    """Where a path falls in the file: a field missing from an object counts as at that object's end."""
    position = []
    node = data
    for step in path:
        if isinstance(node, dict):
            keys = list(node)
            position.append(keys.index(step) if step in node else len(keys))
            node = node.get(step)
        elif isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
            position.append(step)
            node = node[step]
        else:
            position.append(0)
            node = None
    return position


def _written_path(path):
    """A path as people read it: criteria[2].code, assignment."13"."""
    written = ""
    for step in path:
        if isinstance(step, int):
            written += f"[{step}]"
        else:
            name = step if _IDENTIFIER.fullmatch(step) else json.dumps(step, ensure_ascii=False)
            written += f".{name}" if written else name
    return written
