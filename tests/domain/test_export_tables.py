"""The export tables' rules: formulas neutralised, the matrix in the report's layout, yes/no and empty cells."""
import pytest

from facilitation.domain.export_tables import matrix, neutralise, scores, unsent_drafts


@pytest.mark.parametrize("value, written", [
    ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
    ("+44 20 7946 0000", "'+44 20 7946 0000"),
    ("-1 is a bad sign", "'-1 is a bad sign"),
    ("@Patients forum", "'@Patients forum"),
    ("\t=1+1", "'\t=1+1"),
    ("\r=1+1", "'\r=1+1"),
    ("  =1+1", "'  =1+1"),
    ("\n@SUM(A1)", "'\n@SUM(A1)"),
    ("\uff1d1+1", "'\uff1d1+1"),
    ("\uff0b1", "'\uff0b1"),
    ("   ", "   "),
    ("Zoë Ó'Brien", "Zoë Ó'Brien"),
    ("A = B", "A = B"),
    ("", ""),
    (-2, -2),
    (3.5, 3.5),
    (None, None),
])
def test_text_that_a_spreadsheet_would_run_is_neutralised_and_nothing_else(value, written):
    assert neutralise(value) == written


RESULTS = {
    "options": [{"code": "1", "title": "Do nothing"}, {"code": "4b", "title": "Full merger"}],
    "matrix": [
        {"working_title": "City:local", "criterion": "local", "table": 1, "submitted": True,
         "cells": {"1": "X", "4b": 10}, "total": 10},
        {"working_title": "City:local", "criterion": "local", "table": 2, "submitted": False,
         "cells": {"1": None, "4b": None}, "total": 0},
    ],
    "total_row": {"1": 0, "4b": 10},
}


def test_the_matrix_has_x_for_ruled_out_a_total_column_and_a_total_row():
    table = matrix(RESULTS)
    assert table.columns == ["working title", "criterion", "table", "1", "4b", "Total"]
    assert table.rows == [
        ["City:local", "local", 1, "X", 10, 10],
        ["City:local", "local", 2, None, None, None],
        ["Total", None, None, 0, 10, 10],
    ]


def test_tidy_scores_give_rank_points_and_ruled_out_per_option():
    shortlist = [{"code": "1", "title": "Do nothing"}, {"code": "4b", "title": "=Full merger"}]
    criteria = [{"code": "local", "working_title": "City:local"}]
    ballots = {(1, "local"): {"ranking": ["4b"], "points": {"4b": 10}, "ruled_out": ["1"], "version": 2,
                              "submitted_at": "2009-11-20T11:00:00Z"}}
    table = scores(shortlist, criteria, ballots, {})
    assert table.rows == [
        ["local", "City:local", "room", 1, None, "1", "Do nothing", None, None, "yes", 2, "2009-11-20T11:00:00Z"],
        ["local", "City:local", "room", 1, None, "4b", "'=Full merger", 1, 10, "no", 2, "2009-11-20T11:00:00Z"],
    ]


def test_unsent_drafts_are_marked_not_counted_with_formulas_neutralised():
    drafts = [{"table": 3, "criterion": "gov", "voting": "closed", "unsent": "complete", "version": 0,
               "changed_at": "2024-06-12T10:05:00.000+00:00",
               "content": {"ranking": ["4b", "1"], "points": {"4b": 10, "1": 0}, "ruled_out": ["2"],
                           "updated_by": "phone-1"}},
              {"table": 7, "criterion": "gov", "voting": "open", "unsent": "drafting", "version": 2,
               "changed_at": "2024-06-12T10:06:00.000+00:00",
               "content": {"ranking": [], "points": {"4b": None, "1": 3}, "ruled_out": [], "updated_by": ""}}]
    table = unsent_drafts(drafts, [{"code": "1"}, {"code": "2"}, {"code": "4b"}],
                          [{"code": "gov", "working_title": "=Governance"}])
    assert table.name == "unsent-drafts"
    assert table.columns == ["table", "criterion", "working title", "voting", "adds up", "ranking", "ruled out",
                             "points 1", "points 2", "points 4b", "points in all", "last changed", "device",
                             "ballot version counted instead", "status"]
    assert table.rows == [
        [3, "gov", "'=Governance", "closed", "yes", "4b > 1", "2", 0, None, 10, 10, "2024-06-12T10:05:00.000+00:00",
         "phone-1", None, "not submitted — not counted"],
        [7, "gov", "'=Governance", "open", "no", None, None, 3, None, None, 3, "2024-06-12T10:06:00.000+00:00",
         None, 2, "not submitted — not counted"],
    ]


def test_the_attendance_exports_say_how_each_person_was_recorded_and_neutralise_typed_text():
    from facilitation.domain.attendance import attendance
    from facilitation.domain.export_tables import did_not_attend, took_part

    invitees = [{"name": "Ruth Kendrick", "organisation": "Mind", "group": "Patients", "checkin_token": "r"},
                {"name": "Sam Oyelaran", "organisation": "", "group": "", "checkin_token": "s"}]
    check_ins = [{"id": 1, "invitee_token": "r", "name": "Ruth Kendrick", "organisation": "Mind", "group": "Patients",
                  "how": "badge"},
                 {"id": 2, "invitee_token": None, "name": "=HYPERLINK(1)", "organisation": "", "group": "",
                  "how": "walk_in"}]
    respondents = [{"source": "room", "name": "Visitor", "organisation": "@Forum", "confidence": "more",
                    "table_number": 4}, {"source": "room", "name": "", "confidence": "less", "table_number": 2}]
    register = attendance(invitees, respondents, check_ins)
    table = took_part(register)
    assert table.columns == ["name", "organisation", "stakeholder group", "table", "on the invitee list", "recorded"]
    assert table.rows == [
        ["'=HYPERLINK(1)", None, None, None, "no", "walk-in at the desk"],
        ["Ruth Kendrick", "Mind", "Patients", None, "yes", "scanned their badge"],
        ["Visitor", "'@Forum", None, 4, "no", "named on a phone"],
        ["and 1 more who did not give a name", None, None, None, None, None],
    ]
    assert did_not_attend(register).rows == [["Sam Oyelaran", None, None, "no"]]
