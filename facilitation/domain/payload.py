"""What any message must be before its own rules are read: JSON of sane depth, with text that is real text.

One check for every way in (a JSON body, a Socket.IO payload, a form field): an attacker's 8,000-level nesting or
a lone surrogate is refused here in plain words, before a handler can trip over it (docs/security.md).
"""

# Deeper than any real message (an event definition nests about six levels) and far below Python's recursion limit.
MAX_DEPTH = 32


class PayloadError(ValueError):
    """A message refused before its content is read; str() is the plain sentence to show."""


def check_payload(value, max_depth=MAX_DEPTH):
    """Raise PayloadError when value nests deeper than max_depth, or holds text (a key or a value) that is not text."""
    # An explicit stack, not recursion: the check must not fail on the very nesting it refuses.
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            check_text(item)
        elif isinstance(item, (dict, list)):
            if depth > max_depth:
                raise PayloadError(f"This message nests more than {max_depth} levels deep; nothing was changed.")
            children = item.items() if isinstance(item, dict) else ((None, child) for child in item)
            for key, child in children:
                if isinstance(key, str):
                    check_text(key)
                stack.append((child, depth + 1))


def check_text(text):
    """Raise PayloadError when text holds half a surrogate pair, which no database or page can store as UTF-8."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise PayloadError("This message holds characters that are not valid text; nothing was changed.") from None
