"""Join links and short table codes: how a phone finds its table."""
import re
import secrets

# 18 random bytes = 144 bits, above the 128 the brief asks for, and still a short URL (24 characters) for the QR code.
JOIN_TOKEN_BYTES = 18
# No 0/O, 1/I/L: people read these codes off a card and type them on a phone.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 6


def new_join_token():
    """An unguessable token for a table's join link."""
    return secrets.token_urlsafe(JOIN_TOKEN_BYTES)


def new_join_code():
    """A short code a person can read off a table card and type in."""
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalise_join_code(typed):
    """The code as stored, from what someone typed: any case, spaces or dashes allowed."""
    return re.sub(r"[\s\-]+", "", typed or "").upper()


def format_join_code(code):
    """A code as printed on a card, split in two halves to make it easier to read aloud."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"


def join_url(public_url, join_token):
    """The link a table's QR code holds."""
    return f"{public_url.rstrip('/')}/t/{join_token}"


# What token_urlsafe makes, with room to spare: anything else (another JSON type, 100 KB of text) is no link of ours.
_JOIN_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,128}")
# What a table's phone may send besides its link, and the JSON type each must be when it is sent at all.
PHONE_FIELDS = {"device_id": str, "respondent": str}


def looks_like_join_token(value):
    """Whether a message's join_token could be one of ours (text of a token's letters), before the store is asked."""
    return isinstance(value, str) and _JOIN_TOKEN.fullmatch(value) is not None


def phone_field_problem(message):
    """Why a table phone's own fields (its device id, its answer key) are not of the type a phone sends, or None."""
    wrong = [field for field, kind in PHONE_FIELDS.items()
             if message.get(field) is not None and not isinstance(message[field], kind)]
    if wrong:
        return f"Not taken: {' and '.join(wrong)} must be text; nothing was changed."
    return None
