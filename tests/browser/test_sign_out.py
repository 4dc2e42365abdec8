"""Signing out in one tab ends the session everywhere: the projector open in another tab says so at once."""
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
WAIT = 10_000


def test_the_projector_says_it_was_signed_out_when_the_facilitator_signs_out(facilitator, live):
    event_id = live.event_ids["allocate-explicit.json"]
    projector = facilitator.context.new_page()
    projector.goto(f"{live.url}/facilitator/events/{event_id}/projector")
    expect(projector.locator("#connection")).to_have_text("Live", timeout=WAIT)
    facilitator.get_by_role("button", name="Sign out").click()
    facilitator.wait_for_url(f"{live.url}/facilitator/sign-in")
    expect(projector.locator("#connection")).to_have_text("Signed out: sign in again, then reload this page",
                                                          timeout=WAIT)
    projector.reload()
    assert projector.url.startswith(f"{live.url}/facilitator/sign-in")
