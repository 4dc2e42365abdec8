"""Addresses that leave the laptop: join links printed on cards must work from a phone."""
from urllib.parse import urlsplit

from flask import current_app, request

from .. import cards
from ..db import get_db
from ..domain.addresses import address_warning, unreachable
from ..domain.joining import join_url
from ..network import lan_addresses


def public_url():
    """The base URL phones use: the configured LAN address, else the address this request came in on."""
    return (current_app.config.get("PUBLIC_URL") or request.host_url).rstrip("/")


def table_join_url(table):
    """The join link for one table, as printed on its card."""
    return join_url(public_url(), table["join_token"])


def survey_link(survey_token):
    """A survey link as invitees receive it (the event's own, or an invitee's personal one)."""
    return f"{public_url()}/s/{survey_token}"


def cards_address_warning():
    """Why phones could not open the address the cards print, and how to fix it; None when they can."""
    url = public_url()
    if unreachable(url) is None:
        return None
    try:
        port = urlsplit(url).port
    except ValueError:
        port = None
    return address_warning(url, lan_addresses(), port or current_app.config.get("LISTEN_PORT"))


def replace_link(event_id, table):
    """Give a table a new join link and code, and tell the phones still on the old one; the old token, or None."""
    return cards.replace_link(get_db(), event_id, table, f"{public_url()}/join")
