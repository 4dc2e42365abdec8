"""The plain phone forms (no JavaScript) given numbers that are not numbers: a plain refusal on the page, never a 500."""
import datetime

import pytest

from facilitation import answers, store
from facilitation.web.respondents import whole_number

from .test_survey import form, reopen_survey, survey_url, table_url

# Each is something int() would trip over or a number no field holds: superscript two, an Arabic-Indic three (int()
# reads it; the form must not), 5,000 digits (past int()'s limit), ten digits, a sign, a decimal point, full-width one.
NOT_NUMBERS = ["²", "٣", "9" * 5000, "1" * 10, "-1", "1.5", "１"]
# What each form is sent: one of each kind int() trips over (a page test costs a second or so).
ON_THE_PAGE = ["²", "9" * 5000, "١"]


@pytest.fixture
def event_id(db, imported):
    """The explicit event (its survey scores too) with the survey open and the questions asking about B."""
    event_id = imported("allocate-explicit.json")
    reopen_survey(db, event_id, datetime.timedelta(days=1))
    answers.open_phase(db, event_id, "B")
    return event_id


@pytest.mark.parametrize("typed, read", [("0", 0), ("7", 7), ("123456789", 123456789), ("", ""),
                                         *[(text, text) for text in NOT_NUMBERS]])
def test_only_ascii_digits_of_a_sane_length_are_read_as_a_number(typed, read):
    assert whole_number(typed) == read


@pytest.mark.parametrize("typed", ON_THE_PAGE)
@pytest.mark.parametrize("field", ["risk_theme", "would_help_theme"])
@pytest.mark.parametrize("where", ["table", "survey"])
def test_a_theme_that_is_not_a_number_is_refused_on_the_page(client, db, event_id, where, field, typed):
    url = table_url(db, event_id) if where == "table" else survey_url(db, event_id)
    page = client.get(url).get_data(as_text=True)
    data = form(page, risk_text=["Staff leave"], risk_theme=["other"])
    data[field] = [typed] if field == "risk_theme" else typed
    sent = client.post(url + ("/answers" if where == "table" else ""), data=data)
    body = sent.get_data(as_text=True)
    assert sent.status_code == 422, body[:500]
    assert "that theme does not exist" in body.lower() and 'name="confidence"' in body  # the form, with the reason
    assert store.event_respondents(db, event_id) == []


@pytest.mark.parametrize("typed", ON_THE_PAGE)
@pytest.mark.parametrize("field", ["points-0-0", "rank-0-0", "out-0"])
def test_survey_scores_that_are_not_numbers_are_refused_on_the_page(client, db, event_id, field, typed):
    url = survey_url(db, event_id)
    page = client.get(url).get_data(as_text=True)
    data = {**form(page), "rank-0-0": "1", "rank-0-1": "0", "rank-0-2": "2", "points-0-0": "3", "points-0-1": "7",
            field: typed}
    sent = client.post(url, data=data)
    body = sent.get_data(as_text=True)
    assert sent.status_code == 422, body[:500]
    assert "Reach" in body and 'name="confidence"' in body
    assert store.event_respondents(db, event_id) == []
