"""Sharing an outbox file in a channel with Slack's external upload: files.getUploadURLExternal, the bytes to the
URL it gave, files.completeUploadExternal (what slack-sdk's files_upload_v2 does, one file at a time).

Only completeUploadExternal shares anything, so the steps before it can simply be repeated. Slack's file id is
recorded before the completion: if the completion's answer is lost (a 5xx, a timeout, a dead sender), files.info
tells whether that file is now shared in the channel (sent) or was never completed (upload it afresh)."""

from __future__ import annotations

import urllib.request
from collections.abc import Callable
from enum import Enum
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.pacing import SlackPacer
from storage.queries.outbox_files import FileToSend

UPLOAD_TIMEOUT_SECONDS = 60


class UploadStep(Enum):
    PREPARE = "prepare"  # getUploadURLExternal or the bytes: nothing is shared yet
    COMPLETE = "complete"  # completeUploadExternal: the file may now be shared


class UploadFailed(Exception):
    def __init__(self, step: UploadStep, error: Exception) -> None:
        super().__init__(f"{step.value}: {error}")
        self.step, self.error = step, error


class Shared(Enum):
    YES = "yes"
    NEVER = "never"  # never completed: nothing was shared, upload it afresh
    NOT_YET = "not_yet"  # completed, the share not visible yet (Slack shares asynchronously): ask again later


def share_file(client: WebClient, pacer: SlackPacer, channel: str, file: FileToSend, comment: str,
               record_file_id: Callable[[str], None]) -> str | None:
    """Upload the file and share it in `channel` with `comment`; the ts of its share when Slack tells it."""
    try:
        with pacer.call("files.getUploadURLExternal"):
            target = client.files_getUploadURLExternal(filename=file.filename, length=len(file.content))
        record_file_id(str(target["file_id"]))
        _send_bytes(str(target["upload_url"]), file, client.timeout or UPLOAD_TIMEOUT_SECONDS)
    except (SlackApiError, OSError) as error:
        raise UploadFailed(UploadStep.PREPARE, error) from error
    try:
        with pacer.call("files.completeUploadExternal"):
            done = client.files_completeUploadExternal(files=[{"id": str(target["file_id"]), "title": file.title}],
                                                       channel_id=channel, initial_comment=comment or None)
    except (SlackApiError, OSError) as error:
        raise UploadFailed(UploadStep.COMPLETE, error) from error
    described: list[dict[str, Any]] = done.get("files") or []
    return share_ts(described[0], channel) if described else None


def _send_bytes(url: str, file: FileToSend, timeout: int) -> None:
    """POST the bytes to Slack's upload URL; anything but 200 raises (urllib's HTTPError is an OSError)."""
    request = urllib.request.Request(url, data=file.content, method="POST",
                                     headers={"Content-Type": "application/octet-stream"})
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310  (Slack's https URL)
        if response.status != 200:
            raise OSError(f"upload answered HTTP {response.status}")


def share_ts(described: dict[str, Any], channel: str) -> str | None:
    """The ts of the file's share in `channel`, from a file object's `shares` (public or private)."""
    for scope in ("public", "private"):
        for share in ((described.get("shares") or {}).get(scope) or {}).get(channel) or []:
            return str(share["ts"])
    return None


def shared_in(client: WebClient, pacer: SlackPacer, file_id: str, channel: str) -> tuple[Shared, str | None]:
    """Whether Slack's file `file_id` is shared in `channel` (files.info), and the share's ts when it is."""
    try:
        with pacer.call("files.info"):
            described = client.files_info(file=file_id)["file"]
    except SlackApiError as error:
        if error.response.get("error") == "file_not_found":
            return Shared.NEVER, None
        raise
    ts = share_ts(described, channel)
    channels = [*described.get("channels", []), *described.get("groups", []), *described.get("ims", [])]
    if ts is not None or channel in channels:
        return Shared.YES, ts
    return Shared.NOT_YET, None
