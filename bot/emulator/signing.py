"""Sends requests to the app signed the way Slack signs them."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from urllib.error import HTTPError
from urllib.request import Request, urlopen

from bot.emulator.models import ActResult

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
SLACK_USER_AGENT = "Slackbot 1.0 (+https://api.slack.com/robots)"
APP_TIMEOUT_SECONDS = 10.0


def signature(signing_secret: str, timestamp: int, body: bytes) -> str:
    """Slack's v0 signature: HMAC-SHA256 over "v0:<timestamp>:<body>"."""
    base = b"v0:" + str(timestamp).encode() + b":" + body
    return "v0=" + hmac.new(signing_secret.encode(), base, hashlib.sha256).hexdigest()


def send_signed(
    url: str,
    body: bytes,
    content_type: str,
    *,
    signing_secret: str,
    timestamp: int | None = None,
    extra_headers: dict[str, str] | None = None,
) -> ActResult:
    """POST body to url with Slack's headers; timestamp defaults to the real now, as the app checks it."""
    stamp = int(time.time()) if timestamp is None else timestamp
    headers = {
        "Content-Type": content_type,
        "User-Agent": SLACK_USER_AGENT,
        "X-Slack-Request-Timestamp": str(stamp),
        "X-Slack-Signature": signature(signing_secret, stamp, body),
        **(extra_headers or {}),
    }
    request = Request(url, data=body, headers=headers, method="POST")
    try:
        with urlopen(request, timeout=APP_TIMEOUT_SECONDS) as response:
            status, raw = response.status, response.read()
    except HTTPError as error:
        status, raw = error.code, error.read()
    text = raw.decode("utf-8", errors="replace")
    return ActResult(status, text, _json_object(text))


def _json_object(text: str) -> dict | None:
    try:
        parsed = json.loads(text)
    except ValueError:
        return None
    return parsed if isinstance(parsed, dict) else None
