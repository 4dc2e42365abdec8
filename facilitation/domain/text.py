"""Cleaning text that people type: trimmed, free of control characters, within a length limit."""
import re
import unicodedata

# The longest free text (a description, a briefing point, a comment) anyone may type.
TEXT_LIMIT = 1000

# Every way a line can end, so that text pasted from Windows, old Macs or word processors is treated alike.
_LINE_BREAK = re.compile("\r\n|[\r\n\v\f\x85\u2028\u2029]")
_LINE_BREAK_WITH_SPACES = re.compile(" *\n[ \n]*")


class TextTooLong(ValueError):
    """Cleaned text longer than its limit; it carries the cleaned text, so the caller decides: refuse it or cut it."""

    def __init__(self, text, limit):
        """Keep the cleaned text and the limit it broke."""
        super().__init__(f"is too long: at most {limit} characters (this has {len(text)})")
        self.text = text
        self.limit = limit


def clean_text(value: str, limit: int, *, multiline: bool = False) -> str:
    """Trim text and remove control characters (line breaks kept only when multiline); raise TextTooLong past limit."""
    text = _LINE_BREAK.sub("\n", value).replace("\t", " ")
    if not multiline:
        # A line break pasted into a one-line field separates words, so it becomes one space rather than nothing.
        text = _LINE_BREAK_WITH_SPACES.sub(" ", text)
    text = "".join(ch for ch in text if ch == "\n" or not _is_control(ch))
    text = text.strip()
    if len(text) > limit:
        raise TextTooLong(text, limit)
    return text


def _is_control(ch):
    """Whether a character is a control character, or half a surrogate pair (which cannot be saved as UTF-8)."""
    return unicodedata.category(ch) in ("Cc", "Cs")


def listed(items, word="and"):
    """Words joined as people say them: 'A', 'A and B', 'A, B and C' (or 'A or B' with word="or")."""
    items = [str(item) for item in items]
    return f" {word} ".join(items) if len(items) < 3 else ", ".join(items[:-1]) + f" {word} " + items[-1]
