"""The event form's boxes for the day: the programme (one "09:30 Arrival and coffee" line per entry) and the
stakeholder groups (one per line). Only reading and writing the lines: every rule is parse_event's.
"""
import re

from ..domain.event_day import programme_time

# What follows " | " on a programme line is its detail (who leads it, what it is for).
DETAIL = " | "
_FIRST_WORD = re.compile(r"(\S+)\s*(.*)", re.S)


def programme_entries(text):
    """The programme lines as entries; a line that does not start with a time gets an empty time, for parse_event
    to refuse with its line number (the box's lines count without the blank ones)."""
    entries = []
    for line in (line.strip() for line in (text or "").splitlines() if line.strip()):
        item, _, detail = line.partition(DETAIL)
        first, rest = _FIRST_WORD.fullmatch(item).groups()
        if programme_time(first) is None:
            first, rest = "", item
        entries.append({"time": first, "item": rest.strip(), "detail": detail.strip()})
    return entries


def programme_text(programme):
    """A stored programme as the box shows it: "09:30 Arrival and coffee | Chair: ..." lines."""
    return "\n".join(f"{entry['time']} {entry['item']}" + (f"{DETAIL}{entry['detail']}" if entry.get("detail") else "")
                     for entry in programme)


def groups_list(text):
    """The stakeholder groups box as a list, one group a line, blank lines skipped."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
