"""The parts of an event file about the day and the board paper: programme, stakeholder groups, responses, the paper.

Schema fragments for EVENT_SCHEMA, and the content checks _Checks (domain/event.py) gains from DayChecks. Each part
is optional; a file without them reads as before.
"""
import re

from .text import TEXT_LIMIT

# The board paper's editable sections, in the paper's order (domain/paper.py writes each one's starting text).
PAPER_SECTIONS = ("introduction", "purpose", "process", "long_list", "short_list", "criteria", "assessment",
                  "strongest", "risks", "next_steps", "recommendations")
# A section is a few paragraphs; a page and a half of A4 is about this many characters.
PAPER_LIMIT = 10000
MAX_PROGRAMME = 60
MAX_GROUPS = 50
GROUP_LIMIT = 200
ITEM_LIMIT = 200
_TIME = re.compile("([01]?[0-9]|2[0-3])[:.]([0-5][0-9])")


def _words(description):
    """A text field's schema, with its rules in words."""
    return {"type": "string", "description": description}


PROGRAMME_SCHEMA = {
    "type": "array", "maxItems": MAX_PROGRAMME,
    "description": "The programme of the day, in order: a time and what happens then.",
    "items": {
        "type": "object", "additionalProperties": False, "required": ["time", "item"],
        "properties": {
            "time": _words('24-hour clock, such as "09:30".'),
            "item": _words(f"What happens, at most {ITEM_LIMIT} characters."),
            "detail": _words(f"Optional: who leads it or what it is for, at most {TEXT_LIMIT} characters."),
        },
    },
}
STAKEHOLDER_GROUPS_SCHEMA = {
    "type": "array", "maxItems": MAX_GROUPS, "items": _words(f"At most {GROUP_LIMIT} characters; unique."),
    "description": "Stakeholder groups people may say they belong to (such as \"Patient and public\"), so "
                   "confidence can be broken down by group.",
}
INVITEE_GROUP_SCHEMA = {"type": ["string", "null"], "description": "One of stakeholder_groups, or empty."}
THEME_RESPONSES_SCHEMA = {
    "type": "object", "additionalProperties": _words(f"At most {TEXT_LIMIT} characters; may have several lines."),
    "description": "The organisers' required response to each risk theme, keyed by the theme's name as in "
                   "risk_themes.",
}
PAPER_SCHEMA = {
    "type": "object", "additionalProperties": False,
    "properties": {section: _words(f"At most {PAPER_LIMIT:,} characters; paragraphs separated by a blank line.")
                   for section in PAPER_SECTIONS},
    "description": "The facilitator's own text for sections of the board paper; a section left out gets starting "
                   "text written from the event.",
}


def programme_time(text):
    """A programme time as HH:MM, or None when it is not a time of day (9:30, 09.30 and 09:30 all read)."""
    match = _TIME.fullmatch(text.strip()) if isinstance(text, str) else None
    return f"{int(match[1]):02d}:{match[2]}" if match else None


class DayChecks:
    """Content checks for the day's parts; mixed into _Checks, whose add, text and no_duplicates they use."""

    def programme(self, value):
        """The programme as [{time, item, detail}] in file order; a missing or unreadable time is a problem."""
        if not isinstance(value, list):
            return []
        entries = []
        for i, raw in enumerate(value):
            if not isinstance(raw, dict):
                continue
            path = ("programme", i)
            time = raw.get("time")
            written = programme_time(time)
            if isinstance(time, str) and written is None:
                self.add(path + ("time",), 'must be a time of day on the 24-hour clock, such as "09:30"')
            entries.append({
                "time": written or (time.strip() if isinstance(time, str) else ""),
                "item": self.text(path + ("item",), raw.get("item"), ITEM_LIMIT, required=True),
                "detail": self.text(path + ("detail",), raw.get("detail", ""), TEXT_LIMIT, multiline=True),
            })
        return entries

    def stakeholder_groups(self, value):
        """The stakeholder groups, unique ignoring case."""
        if not isinstance(value, list):
            return []
        groups = [self.text(("stakeholder_groups", i), item, GROUP_LIMIT, required=True) for i, item in enumerate(value)]
        self.no_duplicates([(("stakeholder_groups", i), group) for i, group in enumerate(groups) if group])
        return groups

    def invitee_group(self, path, value, groups):
        """An invitee's stakeholder group, spelt as in stakeholder_groups; "" when none."""
        typed = self.text(path, value or "", GROUP_LIMIT)
        if not typed:
            return ""
        found = next((group for group in groups if group.casefold() == typed.casefold()), None)
        if found is None:
            known = ", ".join(f'"{group}"' for group in groups) or "none are defined"
            self.add(path, f'no stakeholder group "{typed}" (the groups are: {known})')
            return typed
        return found

    def theme_responses(self, value, themes):
        """The organisers' response per theme, keyed by the theme as spelt in risk_themes; empty ones dropped."""
        if not isinstance(value, dict):
            return {}
        spelt = {theme.casefold(): theme for theme in themes if theme}
        responses = {}
        for key, raw in value.items():
            path = ("theme_responses", key)
            text = self.text(path, raw, TEXT_LIMIT, multiline=True)
            theme = spelt.get(key.strip().casefold())
            if theme is None:
                known = ", ".join(f'"{t}"' for t in themes) or "there are none"
                self.add(path, f'no risk theme "{key.strip()}": a response needs a theme in risk_themes ({known})')
            elif theme in responses:
                self.add(path, f'a second response for the theme "{theme}"')
            elif text:
                responses[theme] = text
        return responses

    def paper(self, value):
        """The facilitator's text per board-paper section, in the paper's order; empty sections dropped."""
        if not isinstance(value, dict):
            return {}
        texts = {section: self.text(("paper", section), value.get(section), PAPER_LIMIT, multiline=True)
                 for section in PAPER_SECTIONS if section in value}
        return {section: text for section, text in texts.items() if text}


def carry_over(raw, stored):
    """A definition from the event form, with the day's parts it does not edit kept from the stored definition."""
    if stored is None:
        return raw
    themes = {theme.casefold() for theme in raw.get("risk_themes", []) if isinstance(theme, str)}
    groups = {(p["name"], p["organisation"]): p.get("group", "") for p in stored.get("invitees", [])}
    kept = {
        "programme": stored.get("programme", []),
        "stakeholder_groups": stored.get("stakeholder_groups", []),
        # A theme the form removed takes its response with it, rather than leaving a response to nothing.
        "theme_responses": {theme: text for theme, text in stored.get("theme_responses", {}).items()
                            if theme.casefold() in themes},
        "paper": stored.get("paper", {}),
    }
    invitees = [p if "group" in p else
                {**p, "group": groups.get((p.get("name", "").strip(), p.get("organisation", "").strip()), "")}
                for p in raw.get("invitees", []) if isinstance(p, dict)]
    return {**raw, **{key: value for key, value in kept.items() if key not in raw}, "invitees": invitees}
