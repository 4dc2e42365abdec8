"""A table's card: its join link and code, replaced when a card is lost or seen by someone who should not have it."""
from . import signals, store


def replace_link(db, event_id, table, join_page):
    """Give a table a new join link and code, and announce it (the phones on the old one are told); the old token."""
    old_token = store.regenerate_join(db, event_id, table["number"])
    if old_token is not None:
        signals.send(signals.link_replaced, table_id=table["id"], old_token=old_token, join_page=join_page)
    return old_token
