"""Secrets out of the server's log: join, survey and check-in tokens, bearer tokens and session ids, on every line.

The log is often pasted into a bug report or left on a shared laptop; a token in it is a working table card or survey
link. One rule (TOKEN) rewrites every line: the access log, tracebacks, and anything written to stderr.
"""
import logging
import re
import sys

# Each alternative keeps what names the secret (a route prefix, a query key, a field name) and drops the secret.
TOKEN = re.compile(
    r"(?P<keep>"
    r"/(?:t|s|checkin|api/tables|api/survey)/"                                   # /t/<join_token>, /s/<survey_token>…
    r"|[?&;](?:code|sid|respondent|token|join_token|survey_token|checkin_token)="   # ?code=K7MQ2P, &sid=… (Socket.IO)
    r"|\bBearer\s+"                                                              # Authorization: Bearer <token>
    r"|['\"](?:join_token|survey_token|checkin_token|respondent|token|submission_token)['\"]\s*:\s*['\"]"  # reprs
    r")(?P<secret>[^/\s?#&;'\",)\]}]+)"
)
HIDDEN = "…"


def redact(text):
    """The text with every token in it replaced by '…' (the route or key that held it stays, to read the line)."""
    if not text or not isinstance(text, str):
        return text
    return TOKEN.sub(lambda m: m["keep"] + HIDDEN, text)


_formatter = logging.Formatter()


def redact_record(record):
    """Rewrite a log record's message, traceback and stack before any handler sees it."""
    try:
        message = record.getMessage()
    except Exception:  # noqa: BLE001 - a malformed record is logging's to report, as it would without us
        return record
    cleaned = redact(message)
    if cleaned != message:
        record.msg, record.args = cleaned, ()
    if record.exc_info and not record.exc_text:
        # Formatters use exc_text when it is set, so the traceback is formatted (and cleaned) once, here.
        record.exc_text = redact(_formatter.formatException(record.exc_info))
    if record.stack_info:
        record.stack_info = redact(record.stack_info)
    return record


class RedactingStream:
    """A text stream (stderr) whose every write is cleaned: tracebacks gevent prints itself go through here."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text):
        """Write the cleaned text."""
        return self._stream.write(redact(text))

    def __getattr__(self, name):
        """Everything else (flush, fileno, isatty) is the stream's own."""
        return getattr(self._stream, name)


def install():
    """Clean every log record made from now on, and everything written to stderr (server.py calls this once)."""
    original = logging.getLogRecordFactory()
    if getattr(original, "redacts", False):
        return

    def factory(*args, **kwargs):
        return redact_record(original(*args, **kwargs))

    factory.redacts = True
    logging.setLogRecordFactory(factory)
    if not isinstance(sys.stderr, RedactingStream):
        sys.stderr = RedactingStream(sys.stderr)
