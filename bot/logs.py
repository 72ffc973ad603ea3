"""Logging that keeps request bodies and forged lines out: one line per event, user-controlled text escaped.

Bolt logs the whole body of a request that fails signature verification at INFO; that body can pair a user id
with an anonymous answer, carry newlines that forge log lines, or be megabytes long. It is replaced here by one
line without the body.
"""

from __future__ import annotations

import logging
import re
from typing import IO

BOLT_VERIFICATION_LOGGER = "slack_bolt.RequestVerification"
LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
MESSAGE_LIMIT = 2000  # characters of one log message; the rest is counted, not written
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class WithoutRequestBody(logging.Filter):
    """Bolt's signature-failure record, reduced to one line without the body (the timestamp helps find clock skew)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if str(record.msg).startswith("Invalid request signature"):  # not text: Bolt's log message, matched
            record.msg, record.args = "refused a Slack request: invalid signature", ()  # not text: a log line
        return True


# Slack tokens (bot, user, rotating, refresh, app-level, workflow) and the OAuth secrets by the names slack-sdk's
# debug log and Bolt's warnings print them with: never written to a log, whatever logged them.
SLACK_TOKEN = re.compile(r"\b(?:xox[a-z]|xoxe|xapp|xwfp)[.-][A-Za-z0-9.\-]+")
SECRET_FIELD = re.compile(r"(\b(?:client_secret|refresh_token|access_token|code)['\"]?\s*[:=]\s*\[?['\"]?)[^'\",&\s}\]]+")


def redact_secrets(text: str) -> str:
    return SLACK_TOKEN.sub("[redacted token]", SECRET_FIELD.sub(r"\1[redacted]", text))  # not text: in log lines


class OneLine(logging.Filter):
    """A message as one bounded line: newlines and other control characters escaped, long text clipped, secrets
    (tokens, the client secret, OAuth codes) redacted."""

    def filter(self, record: logging.LogRecord) -> bool:
        text = redact_secrets(record.getMessage())
        escaped = text if text.isprintable() else "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
        if len(escaped) > MESSAGE_LIMIT:
            escaped = f"{escaped[:MESSAGE_LIMIT]}… ({len(escaped) - MESSAGE_LIMIT} more characters)"  # not text: log
        record.msg, record.args = escaped, ()
        return True


def keep_bodies_out_of_bolt_logs() -> None:
    logger = logging.getLogger(BOLT_VERIFICATION_LOGGER)
    if not any(isinstance(f, WithoutRequestBody) for f in logger.filters):
        logger.addFilter(WithoutRequestBody())


def set_level(level: str) -> None:
    """Set the process's log level (before the Bolt app is built: its loggers copy the root level then)."""
    logging.getLogger().setLevel(level.upper())


def configure_logging(level: str = "INFO", stream: IO[str] | None = None) -> logging.Handler:
    """The process's log at `level`: one handler on the root logger writing one escaped line per message
    (added once; other handlers, such as a test runner's, are left in place)."""
    root = logging.getLogger()
    root.setLevel(level.upper())
    keep_bodies_out_of_bolt_logs()
    existing = [h for h in root.handlers if any(isinstance(f, OneLine) for f in h.filters)]
    if existing and stream is None:
        return existing[0]
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(OneLine())
    root.addHandler(handler)
    return handler
