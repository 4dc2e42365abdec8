"""The board report page and its PDF over HTTP: sign-in, every section, the matrix's totals, escaping, empty events."""
import datetime
import html
import json
import re
import sys
import zlib

import pytest
from markupsafe import escape

from facilitation import answers, ballots, store
from facilitation.domain.event_file import read_event_file
from facilitation.results import event_results

from ..conftest import event_file

BEFORE_CLOSING = datetime.datetime(2024, 6, 20, tzinfo=datetime.timezone.utc)
HOSTILE = '<img src=x onerror="window.__pwned=1">'
SECTIONS = ("1 Introduction", "2 Purpose of the event and the programme of the day", "3 Process", "4 The long list",
            "5 The short list", "6 The criteria", "7 Assessment", "8 The strongest option", "9 Risk assessment",
            "10 Next steps", "11 Recommendations", "Appendix 1: Programme of the day", "Appendix 2: Who took part",
            "Appendix 3: Invited but did not attend", "Appendix 4: Organisations that answered the survey",
            "Appendix 5: The scoring matrix")
# (table, criterion): points, ruled out. Table 4 ties A and B on "access"; B is the strongest option overall.
BALLOTS = {
    (1, "access"): ({"A": 3, "B": 7, "C": 0}, ["D"]),
    (4, "access"): ({"A": 5, "B": 5, "C": 0, "D": 0}, []),
    (1, "people"): ({"A": 0, "B": 6, "C": 4, "D": 0}, []),
    (2, "safety"): ({"A": 2, "B": 2, "C": 6, "D": 0}, []),
    (5, "cost"): ({"A": 6, "B": 4, "C": 0, "D": 0}, []),
}


def theme(db, event_id, name):
    """A theme's id by the start of its name."""
    return next(t["id"] for t in store.list_themes(db, event_id) if t["name"].startswith(name))


def person(n, confidence, risks=(), would_help="", name="", organisation="", scoring=None):
    """One person's answers."""
    return {"respondent": f"report-person-{n:08d}", "submission_id": f"report-{n:08d}", "confidence": confidence,
            "would_help": would_help, "risks": list(risks), "name": name, "organisation": organisation,
            **({"scoring": scoring} if scoring else {})}


def create(db, **changes):
    """A copy of the explicit-assignment event with some fields changed."""
    return store.create_event(db, read_event_file(json.dumps({**event_file("allocate-explicit.json"), **changes}).encode()))


@pytest.fixture
def event_id(db):
    """The explicit event with hostile text in its title, five ballots, answers from room and survey, one risk hidden."""
    event_id = create(db, title=f"Crisis care {HOSTILE}")
    ballots.set_voting(db, event_id, None, "open")
    for (number, criterion), (points, ruled_out) in BALLOTS.items():
        table = ballots.find_table(db, store.get_table(db, event_id, number)["join_token"])
        ranking = sorted((c for c in points if c not in ruled_out), key=lambda c: -points[c])
        assert ballots.submit(db, table, {"criterion": criterion, "ranking": ranking, "points": points,
                                          "ruled_out": ruled_out, "base_version": 0,
                                          "submission_id": f"report-{number}-{criterion}"}).ok
    answers.open_phase(db, event_id, "B")
    staffing, premises = theme(db, event_id, "Staff"), theme(db, event_id, "Prem")
    table = ballots.find_table(db, store.get_table(db, event_id, 1)["join_token"])
    for outcome in (
        answers.submit_room(db, table, person(1, "more", [{"text": "Night shifts unfilled", "theme": staffing}],
                                              "A clear timetable", "Ruth Kendrick", "Eastwold Mind")),
        answers.submit_room(db, table, person(2, "less", [{"text": HOSTILE, "theme": premises},
                                                          {"text": "Rude words here", "theme": premises}],
                                              HOSTILE, HOSTILE, HOSTILE)),
        answers.submit_room(db, table, person(3, "same")),
        answers.submit_survey(db, event_id, person(4, "much_less", [{"text": "Rooms too far away", "theme": premises}],
                                                   name="Sam Oyelaran", organisation="Westfield Surgery",
                                                   scoring=[{"criterion": "access", "ranking": ["C", "B", "A", "D"],
                                                             "points": {"A": 0, "B": 2, "C": 8, "D": 0}}]),
                              BEFORE_CLOSING),
    ):
        assert outcome.ok, outcome
    hidden = next(r["id"] for p in store.event_respondents(db, event_id) for r in p["risks"]
                  if r["text"] == "Rude words here")
    answers.set_hidden(db, event_id, "risk", hidden, True)
    return event_id


def page(client, event_id):
    """The report page's HTML."""
    response = client.get(f"/facilitator/events/{event_id}/report")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def text_of(fragment):
    """Visible words of an HTML fragment, tags dropped and entities decoded, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def section(body, section_id):
    """The visible words of one section of the report."""
    return text_of(re.search(rf'<section id="{section_id}".*?</section>', body, re.S).group(0))


def test_the_report_and_its_pdf_need_sign_in(client, event_id):
    for path in ("report", "report.pdf"):
        response = client.get(f"/facilitator/events/{event_id}/{path}")
        assert response.status_code == 302 and "/facilitator/sign-in" in response.headers["Location"]


def test_a_missing_event_is_a_plain_404(signed_in):
    response = signed_in.get("/facilitator/events/9999/report")
    assert response.status_code == 404
    assert "There is no event 9999. It may have been deleted." in response.get_data(as_text=True)


def test_every_section_is_there_in_order(signed_in, event_id):
    body = page(signed_in, event_id)
    headings = [text_of(h) for h in re.findall(r"<h2[^>]*>(.*?)</h2>", body, re.S)]
    assert headings == ["Contents", *SECTIONS]
    words = text_of(body)
    # access was scored by two tables, the other criteria by one: the ranking is by (weighted) points per table.
    assert ("Option B (Crisis cafes in each town) is the strongest by weighted points per table: 16 weighted points per "
            "table") in words
    assert "By points per table, with every criterion counting the same, the strongest option is the same." in words
    assert "rated highest by 2 of the 4 tables that scored, on at least one of their criteria" in words
    assert "B was rated highest by 2 of the 2 tables considering this criterion; then A by 1." in words
    assert "Out-of-county crisis beds" in words and "Moves people away from family and local support" in words
    assert "Help when and where it is needed" in words and "Response within four hours; Travel time" in words
    assert "4 people answered: 3 in the room and 1 by the survey" in words
    assert "Night shifts unfilled" in words and "Rooms too far away survey" in words
    assert "1 person who could not attend scored through the survey" in words
    assert "Ruth Kendrick Eastwold Mind 1 Yes" in section(body, "appendix-2")
    assert "Sam Oyelaran Yes" in section(body, "appendix-3") and "Ruth" not in section(body, "appendix-3")
    assert "Westfield Surgery 1" in section(body, "appendix-4")
    # Totals, top three, the sensitivity chart, the survey's totals, the confidence distribution and the themes: each an
    # image with a name.
    assert len(re.findall(r'<svg class="chart"[^>]*role="img" aria-labelledby', body)) == 6


def test_how_robust_is_the_result_says_what_each_measure_is_and_shows_for_the_2009_example(client, api, signed_in):
    from ..test_analysis_outputs import load_2009

    words = section(page(signed_in, load_2009(client, api)), "assessment")
    for title in ("Weights and the rule", "How many tables scored each criterion", "The margin",
                  "The most critical criterion", "Leaving one table out", "Changing one weight", "Do the tables agree?",
                  "Option families"):
        assert title in words
    assert "Here: Every criterion has the same weight (1). The strongest option is named by raw totals" in words
    assert "Here: 133 points against 52 for 3b: 2.6 times the runner-up, a lead of 81." in words
    assert ("Here: No single weight change within 0–3× a criterion's current weight changes the strongest option "
            "(4b).") in words
    assert "Here: 4b is the strongest option with any one table left out (12 of 12)." in words
    assert "Here: The tables agree least on Culture (W 0.46)" in words
    assert "Culture read with care 3 0.46 the three tables agree only a little" in words
    assert "Here: Counted by family, the Three to one family (4a and 4b) has the most: 158 points." in words
    assert "Table 12 4b 133 points" not in words and "Table 12 4b 44.7 points per table against 18 for 3b" in words


def test_charts_carry_their_figures_as_text(signed_in, event_id):
    body = page(signed_in, event_id)
    totals = re.search(r'<svg class="chart" id="chart-totals".*?</svg>', body, re.S).group(0)
    desc = text_of(re.search(r"<desc[^>]*>(.*?)</desc>", totals, re.S).group(1))
    assert desc.startswith("B Crisis cafes in each town: 16 strongest; C Locality crisis teams joined up with primary care: "
                           "10; A Keep the current crisis team: 9; ")
    themes = re.search(r'<svg class="chart" id="chart-themes".*?</svg>', body, re.S).group(0)
    assert "Premises: 2 people, 1 less confident (50%), 1 much" not in themes
    assert "Premises: 2 people, 2 less confident (100%)" in text_of(themes)


def test_the_matrix_total_row_equals_the_totals(signed_in, db, event_id):
    body = page(signed_in, event_id)
    row = re.search(r'<tr class="total-row">(.*?)</tr>', body, re.S).group(1)
    cells = [int(text_of(c)) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
    results = event_results(db, event_id)
    codes = [o["code"] for o in results["options"]]
    totals = {t["code"]: t["total"] for t in results["totals"]}
    assert cells == [totals[code] for code in codes] + [sum(totals.values())]
    # Table 1 ruled D out for "access": once in that criterion's scores (section 7), once in the matrix (appendix 5).
    assert body.count('class="num ruled-out"') == 2
    assert section(body, "appendix-5").count("X") >= 1


def test_hostile_text_is_escaped_and_hidden_comments_are_left_out(signed_in, event_id):
    body = page(signed_in, event_id)
    assert HOSTILE not in body and str(escape(HOSTILE)) in body
    assert "Rude words here" not in body
    assert "comments the facilitator hid are left out (1 here)" in text_of(body)


def test_an_event_without_ballots_or_answers_says_so(signed_in, imported):
    words = text_of(page(signed_in, imported("allocate-explicit.json")))
    assert "No ballots yet, so there is no strongest option." in words
    assert "No ballots yet: no table has submitted a score." in words
    assert "No ballots yet, so there are no totals." in words and "No ballots yet, so there is no top three." in words
    assert "No ballots yet for this criterion" in words
    assert "Nobody has answered the confidence questions yet." in words and "Nobody has raised a risk yet." in words
    assert "Nobody has been checked in or given their name at a table yet." in words
    assert "No organisation has answered the survey yet." in words


def test_the_pdf_has_pages_and_the_event_title(signed_in, db):
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as error:
        pytest.fail(f"WeasyPrint cannot load ({error}): 'make test' installs it and Pango.")
    event_id = create(db, title="Crisis care in Eastwold")
    response = signed_in.get(f"/facilitator/events/{event_id}/report.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == 'attachment; filename="crisis-care-in-eastwold-2024-06-12-report.pdf"'
    assert response.data.startswith(b"%PDF-")
    pdf = unpacked(response.data)
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf)) >= 3
    assert "Crisis care in Eastwold" in pdf_title(pdf)


def unpacked(pdf):
    """The PDF with every compressed stream inflated after it, so its objects can be searched as text."""
    inflated = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            inflated.append(zlib.decompress(stream))
        except zlib.error:
            pass
    return pdf + b"\n".join(inflated)


def pdf_title(pdf):
    """The PDF's document title (from the page's <title>), as a literal or UTF-16 hex string."""
    raw = re.search(rb"/Title\s*(<[0-9A-Fa-f]+>|\((?:[^()\\]|\\.)*\))", pdf).group(1)
    if raw.startswith(b"<"):
        return bytes.fromhex(raw[1:-1].decode()).decode("utf-16")
    return raw[1:-1].decode("latin-1")


def test_without_weasyprint_the_pdf_address_says_to_print_from_the_browser(signed_in, event_id, monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)   # makes `import weasyprint` fail, as when it is missing
    response = signed_in.get(f"/facilitator/events/{event_id}/report.pdf")
    assert response.status_code == 503 and response.mimetype == "text/html"
    assert "use your browser's Print, then Save as PDF" in html.unescape(response.get_data(as_text=True))
