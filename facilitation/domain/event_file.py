"""Reading an event file's bytes: text encoding and JSON syntax, then the definition rules."""
import json
import re
import unicodedata

from .event import EventDefinitionError, Problem, parse_event


def read_event_file(raw):
    """Decode an uploaded or read event file and return its canonical definition, or raise listing every problem."""
    if isinstance(raw, bytes):
        try:
            # utf-8-sig: files saved by Windows editors often start with a byte order mark.
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise EventDefinitionError(
                [Problem("", f"the file is not UTF-8 text (byte {error.start} cannot be read); save it as UTF-8")]
            ) from None
    if not raw.strip():
        raise EventDefinitionError([Problem("", "the file is empty")])
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as error:
        raise EventDefinitionError(
            [Problem("", f"the file is not valid JSON: line {error.lineno}, column {error.colno}: {error.msg}")]
        ) from None
    return parse_event(data)


def slugify(title):
    """A file-name-safe version of an event title, for download names."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    if len(slug) > 60:
        # Cut at a word boundary, so a long title ends "...-for-the-next" rather than "...-for-the-next-f".
        slug = slug[:61].rsplit("-", 1)[0] if "-" in slug[:61] else slug[:60]
    return slug.rstrip("-") or "event"
