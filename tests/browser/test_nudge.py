"""A nudge from the facilitator shows on the phones of the table it is for."""
import pytest

from facilitation import store

from .conftest import axe_violations

pytestmark = pytest.mark.browser


def test_a_nudged_table_sees_the_reminder(facilitator, phone, live, live_db):
    event_id = live.event_ids["allocate-explicit.json"]
    table = store.list_tables(live_db, event_id)[-1]
    phone.goto(f"{live.url}/t/{table['join_token']}")
    phone.get_by_text("Connected").wait_for(timeout=10_000)
    assert phone.locator("#nudge").is_hidden()

    facilitator.goto(f"{live.url}/facilitator/events/{event_id}")
    csrf = facilitator.locator('input[name="csrf_token"]').first.get_attribute("value")
    response = facilitator.request.post(f"{live.url}/facilitator/events/{event_id}/nudge",
                                        form={"csrf_token": csrf, "table": str(table["number"])})
    assert response.ok

    reminder = phone.locator("#nudge")
    reminder.wait_for(state="visible", timeout=5_000)
    assert "waiting for your table" in reminder.inner_text()
    assert axe_violations(phone) == []
    phone.get_by_role("button", name="OK").click()
    assert reminder.is_hidden()
