"""Addresses that leave the laptop: join links printed on cards must work from a phone."""
from flask import current_app, request

from ..domain.joining import join_url


def public_url():
    """The base URL phones use: the configured LAN address, else the address this request came in on."""
    return (current_app.config.get("PUBLIC_URL") or request.host_url).rstrip("/")


def table_join_url(table):
    """The join link for one table, as printed on its card."""
    return join_url(public_url(), table["join_token"])


def survey_link(survey_token):
    """A survey link as invitees receive it (the event's own, or an invitee's personal one)."""
    return f"{public_url()}/s/{survey_token}"
