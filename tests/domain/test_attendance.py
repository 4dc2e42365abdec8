"""Attendance: matching delegates to invitees, the survey's organisations, and reading an invitee CSV file."""
import pytest

from facilitation.domain.attendance import MAX_INVITEES, InviteeFileError, attendance, read_invitee_csv

INVITEES = [
    {"name": "Ruth Kendrick", "organisation": "Eastwold Mind"},
    {"name": "Sam Oyelaran", "organisation": ""},
    {"name": "Jo Smith", "organisation": "City Council"},
    {"name": "Jo Smith", "organisation": "Eastwold NHS Trust"},
]


def person(name="", organisation="", source="room", confidence="more", table_number=1):
    """One respondent as the store returns them (confidence None: only registered)."""
    return {"source": source, "name": name, "organisation": organisation, "confidence": confidence,
            "table_number": table_number if source == "room" else None}


def names(entries):
    """The names in a list of people, in order."""
    return [entry["name"] for entry in entries]


# ---------------------------------------------------------------- who took part

@pytest.mark.parametrize("respondents, took_part, invited, did_not_attend", [
    # A name typed exactly as on the list matches.
    ([person("Ruth Kendrick")], ["Ruth Kendrick"], [True], ["Sam Oyelaran", "Jo Smith", "Jo Smith"]),
    # Case and extra spaces are ignored.
    ([person("  sam   OYELARAN ")], ["sam   OYELARAN"], [True], ["Ruth Kendrick", "Jo Smith", "Jo Smith"]),
    # A different spelling does not match: someone not on the list still took part, marked as not invited.
    ([person("Ruth Kendrik")], ["Ruth Kendrik"], [False], ["Ruth Kendrick", "Sam Oyelaran", "Jo Smith", "Jo Smith"]),
    # An invitee matches one person at most: the second Ruth is not on the list.
    ([person("Ruth Kendrick", "Mind"), person("ruth kendrick", "Mind", table_number=2)],
     ["Ruth Kendrick", "ruth kendrick"], [True, False], ["Sam Oyelaran", "Jo Smith", "Jo Smith"]),
    # Two invitees share a name: each of two people with that name matches one of them.
    ([person("Jo Smith"), person("Jo Smith")], ["Jo Smith", "Jo Smith"], [True, True],
     ["Ruth Kendrick", "Sam Oyelaran"]),
    # Someone who only registered their name (no answers yet) was in the room.
    ([person("Sam Oyelaran", confidence=None)], ["Sam Oyelaran"], [True], ["Ruth Kendrick", "Jo Smith", "Jo Smith"]),
    # A survey respondent did not take part in the room, even with a name on the list.
    ([person("Ruth Kendrick", source="survey")], [], [], ["Ruth Kendrick", "Sam Oyelaran", "Jo Smith", "Jo Smith"]),
    # Nobody gave a name.
    ([person(), person()], [], [], ["Ruth Kendrick", "Sam Oyelaran", "Jo Smith", "Jo Smith"]),
])
def test_who_took_part_and_who_did_not_attend(respondents, took_part, invited, did_not_attend):
    register = attendance(INVITEES, respondents)
    assert names(register["took_part"]) == took_part
    assert [p["invited"] for p in register["took_part"]] == invited
    assert names(register["did_not_attend"]) == did_not_attend


def test_a_matching_organisation_decides_between_invitees_who_share_a_name():
    # The person from the Trust is listed first, but the Council's Jo Smith is matched by organisation first.
    register = attendance(INVITEES, [person("Jo Smith"), person("jo smith", "eastwold nhs trust")])
    assert [p["organisation"] for p in register["did_not_attend"]] == ["Eastwold Mind", ""]
    assert all(p["invited"] for p in register["took_part"])


def test_the_list_of_those_who_took_part_is_in_name_order_with_their_organisation_and_table():
    register = attendance(INVITEES, [person("Sam Oyelaran", table_number=3),
                                     person("Ruth Kendrick", "Mind", table_number=2)])
    assert register["took_part"] == [
        {"name": "Ruth Kendrick", "organisation": "Mind", "group": "", "table_number": 2, "invited": True,
         "how": "phone", "check_in_id": None},
        # No organisation typed: the invitee list's (here none) stands in.
        {"name": "Sam Oyelaran", "organisation": "", "group": "", "table_number": 3, "invited": True,
         "how": "phone", "check_in_id": None},
    ]
    assert attendance(INVITEES, [person("Ruth Kendrick")])["took_part"][0]["organisation"] == "Eastwold Mind"


@pytest.mark.parametrize("respondents, unnamed", [
    ([person(), person("Ruth Kendrick"), person(" ")], 2),
    # Someone who registered nothing and answered nothing is not counted.
    ([person(confidence=None)], 0),
    # Survey respondents without a name did not take part in the room.
    ([person(source="survey")], 0),
])
def test_people_who_took_part_without_a_name_are_counted(respondents, unnamed):
    register = attendance(INVITEES, respondents)
    assert register["unnamed"] == register["counts"]["unnamed"] == unnamed
    assert register["counts"]["took_part"] == unnamed + len(register["took_part"])


def test_the_counts_add_up():
    register = attendance(INVITEES, [person("Ruth Kendrick"), person("Visitor"), person(),
                                     person("Sam Oyelaran", "Mind", source="survey")])
    assert register["counts"] == {
        "took_part": 3, "named": 2, "unnamed": 1, "checked_in": 0, "checked_in_invitees": 0, "walk_ins": 0, "unsure": 0, "invited_took_part": 1,
        "not_invited_took_part": 1,
        "invited": 4, "did_not_attend": 3, "survey_respondents": 1, "survey_organisations": 1,
        "survey_organisation_not_given": 0,
    }


def test_invitees_who_answered_the_survey_are_marked():
    register = attendance(INVITEES, [person("SAM OYELARAN", source="survey")])
    assert [p["answered_survey"] for p in register["invitees"]] == [False, True, False, False]


def test_no_invitees_and_no_answers_give_empty_lists():
    register = attendance([], [])
    assert (register["took_part"], register["did_not_attend"], register["survey_organisations"]) == ([], [], [])


# ---------------------------------------------------------------- organisations that answered the survey

@pytest.mark.parametrize("respondents, organisations, not_given", [
    # Distinct and sorted, each with how many answered.
    ([person(organisation="Mind", source="survey"), person(organisation="City Council", source="survey"),
      person(organisation="Mind", source="survey")], [("City Council", 1), ("Mind", 2)], 0),
    # Case and spacing do not make a new organisation; the first spelling stands.
    ([person(organisation="City  Council", source="survey"), person(organisation="city council ", source="survey")],
     [("City Council", 2)], 0),
    # No organisation typed: counted as not given.
    ([person(organisation="", source="survey"), person(organisation="  ", source="survey")], [], 2),
    # Only people who answered: registering on the survey is not answering it.
    ([person(organisation="Mind", source="survey", confidence=None)], [], 0),
    # Organisations in the room are not the survey's.
    ([person("Ruth Kendrick", "Mind")], [], 0),
])
def test_the_organisations_that_answered_the_survey(respondents, organisations, not_given):
    register = attendance(INVITEES, respondents)
    assert [(o["organisation"], o["respondents"]) for o in register["survey_organisations"]] == organisations
    assert register["survey_organisation_not_given"] == not_given


# ---------------------------------------------------------------- reading an invitee CSV file

GOOD_ROWS = [{"name": "Ruth Kendrick", "organisation": "Eastwold Mind"}, {"name": "Sam Oyelaran", "organisation": ""}]


@pytest.mark.parametrize("data, expected", [
    (b"name,organisation\r\nRuth Kendrick,Eastwold Mind\r\nSam Oyelaran,\r\n", GOOD_ROWS),
    # UTF-8 with a byte order mark, as Excel's "CSV UTF-8" saves.
    (b"\xef\xbb\xbfname,organisation\nZo\xc3\xab \xc3\x93'Brien,City Council\n",
     [{"name": "Zoë Ó'Brien", "organisation": "City Council"}]),
    # Windows-1252, as Excel's plain "CSV" saves on UK Windows.
    ("name,organisation\nZoë Ó'Brien,City Council – Adults\n".encode("cp1252"),
     [{"name": "Zoë Ó'Brien", "organisation": "City Council – Adults"}]),
    # Column names are trimmed and case is ignored; "organization" and "org" work too; other columns are ignored.
    (b" Name , ORGANIZATION ,email\nRuth Kendrick,Eastwold Mind,r@example.org\nSam Oyelaran\n", GOOD_ROWS),
    (b"org,name\nEastwold Mind,Ruth Kendrick\n,Sam Oyelaran\n", GOOD_ROWS),
    # The organisation column is optional.
    (b"name\nRuth Kendrick\n", [{"name": "Ruth Kendrick", "organisation": ""}]),
    # Blank rows (and rows of empty cells) are skipped, before and after the header.
    (b"\n\nname,organisation\n\nRuth Kendrick,Eastwold Mind\n,\n   ,  \nSam Oyelaran,\n\n", GOOD_ROWS),
    # Quoted cells may hold commas and line breaks; text is trimmed and a line break becomes a space.
    (b'name,organisation\n"Kendrick, Ruth"," Eastwold\nMind "\n',
     [{"name": "Kendrick, Ruth", "organisation": "Eastwold Mind"}]),
    # Semicolons (much of Europe) and tabs are understood as well as commas.
    (b"name;organisation\nRuth Kendrick;Eastwold Mind\nSam Oyelaran;\n", GOOD_ROWS),
    (b"name\torganisation\nRuth Kendrick\tEastwold Mind\nSam Oyelaran\n", GOOD_ROWS),
    # A semicolon file whose header holds a comma: the sniffer reads the delimiter from every line, not the first.
    (b"name;organisation, if any\nRuth Kendrick;Eastwold Mind\nSam Oyelaran;\n",
     [{"name": "Ruth Kendrick", "organisation": ""}, {"name": "Sam Oyelaran", "organisation": ""}]),
    (b"name;organisation;notes, if any\nRuth Kendrick;Eastwold Mind;late, by train\nSam Oyelaran;;\n", GOOD_ROWS),
    (b'"name";"organisation";"comments, free text"\n"Ruth Kendrick";"Eastwold Mind";"a, b"\n"Sam Oyelaran";"";""\n',
     GOOD_ROWS),
    # A "group" (or "stakeholder group") column gives each invitee their stakeholder group; empty means none.
    (b"name,organisation,group\nRuth Kendrick,Eastwold Mind,Patients\nSam Oyelaran,,\n",
     [{"name": "Ruth Kendrick", "organisation": "Eastwold Mind", "group": "Patients"},
      {"name": "Sam Oyelaran", "organisation": ""}]),
    (b"Name;Stakeholder Group\nRuth Kendrick;Patients\n", [{"name": "Ruth Kendrick", "organisation": "",
                                                             "group": "Patients"}]),
    # Old Mac line endings.
    (b"name,organisation\rRuth Kendrick,Eastwold Mind\rSam Oyelaran,\r", GOOD_ROWS),
    # Hostile text is kept as text, to be escaped wherever it is shown.
    (b"name\n<script>alert(1)</script>\n", [{"name": "<script>alert(1)</script>", "organisation": ""}]),
    # Exactly the limit is accepted.
    (b"name\n" + b"P\n" * MAX_INVITEES, [{"name": "P", "organisation": ""}] * MAX_INVITEES),
])
def test_a_good_invitee_file_is_read(data, expected):
    assert read_invitee_csv(data) == expected


@pytest.mark.parametrize("data, problems", [
    # A row with no name, by its line number (the header is line 1; blank lines count).
    (b"name,organisation\nRuth Kendrick,Eastwold Mind\n\n,City Council\n", ["line 4: the name is empty"]),
    # Every problem is listed, not just the first.
    (b"name,organisation\n,A\nRuth Kendrick,B\n,C\n", ["line 2: the name is empty", "line 4: the name is empty"]),
    # A short row has no name cell at all.
    (b"organisation,name\nCity Council\n", ["line 2: the name is empty"]),
    # Too long, as in the event file's rules.
    (b"name,organisation\n" + b"x" * 201 + b"," + b"y" * 202 + b"\n",
     ["line 2: the name is too long: at most 200 characters (this has 201)",
      "line 2: the organisation is too long: at most 200 characters (this has 202)"]),
    # A quoted cell spanning lines is reported at the line it starts on.
    (b'name,organisation\n"Ruth\nKendrick",Mind\n,Council\n', ["line 4: the name is empty"]),
    # No header row naming a "name" column.
    (b"Ruth Kendrick,Eastwold Mind\n", ["line 1: the first line must name the columns, with one called “name” "
                                        "(and, if you like, one called “organisation”); this file's first line has "
                                        "“Ruth Kendrick”, “Eastwold Mind”"]),
    (b"\nfull name,organisation\nRuth Kendrick,Mind\n", ["line 2: the first line must name the columns"]),
    # Empty, blank, or a header with nobody under it.
    (b"", ["the file is empty"]),
    (b" \r\n\r\n", ["the file is empty"]),
    (b"name,organisation\n\n", ["the file names its columns but lists nobody under them"]),
    # Too many rows.
    (b"name\n" + b"P\n" * (MAX_INVITEES + 1), ["the file lists more than 2,000 people; at most 2,000 can be loaded"]),
    # Not CSV text: an Excel workbook, UTF-16 "Unicode text", a binary file, bytes no Windows text has.
    (b"PK\x03\x04\x14\x00\x06\x00", ["this is a spreadsheet workbook, not a CSV file"]),
    ("name\torganisation\nRuth\tMind\n".encode("utf-16"), ["the file is not CSV text"]),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ["the file is not CSV text"]),
    (b"name\nRuth \x81\x8d\n", ["the file is not CSV text: byte 10 is neither UTF-8 nor Windows text"]),
])
def test_a_bad_invitee_file_is_refused_with_every_problem_in_plain_words(data, problems):
    with pytest.raises(InviteeFileError) as refused:
        read_invitee_csv(data)
    found = [str(problem) for problem in refused.value.problems]
    assert len(found) == len(problems)
    for said, expected in zip(found, problems):
        assert said.startswith(expected)
    assert isinstance(refused.value, ValueError)
