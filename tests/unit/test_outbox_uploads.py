"""Where a shared file landed (bot/outbox_uploads.py): the share's ts from a file object, and whether files.info says
a file is shared in a channel, never completed, or not visible yet. The upload itself is tested through the emulator
(tests/test_outbox_files_http.py)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web import SlackResponse

from bot.outbox_uploads import Shared, UploadFailed, UploadStep, share_ts, shared_in
from bot.pacing import SlackPacer

CHANNEL = "D0RESIDENT"


def shares(scope: str, channel: str = CHANNEL, *ts: str) -> dict[str, Any]:
    return {"shares": {scope: {channel: [{"ts": t} for t in ts]}}}


@pytest.mark.parametrize("scope", ["public", "private"])
def test_the_share_ts_is_the_first_share_in_the_channel_public_or_private(scope: str) -> None:
    assert share_ts(shares(scope, CHANNEL, "1.000100", "2.000200"), CHANNEL) == "1.000100"
    assert share_ts(shares(scope, "C0OTHER", "1.000100"), CHANNEL) is None


def test_a_public_share_is_read_before_a_private_one_and_missing_parts_mean_no_share() -> None:
    both = {"shares": {"public": {CHANNEL: [{"ts": "1.1"}]}, "private": {CHANNEL: [{"ts": "2.2"}]}}}
    assert share_ts(both, CHANNEL) == "1.1"
    assert share_ts({"shares": {"public": {CHANNEL: []}, "private": {CHANNEL: [{"ts": "2.2"}]}}}, CHANNEL) == "2.2"
    for described in ({}, {"shares": None}, {"shares": {"public": None}}, {"shares": {"private": {CHANNEL: None}}}):
        assert share_ts(described, CHANNEL) is None


class FilesInfo:
    """A client whose files.info answers `file` (or raises Slack's error)."""

    def __init__(self, file: dict[str, Any] | None = None, error: str | None = None) -> None:
        self.file, self.error = file, error
        self.asked: list[str] = []

    def files_info(self, *, file: str) -> dict[str, Any]:
        self.asked.append(file)
        if self.error:
            raise SlackApiError(self.error, SlackResponse(client=None, http_verb="POST", api_url="", req_args={},
                                                          data={"ok": False, "error": self.error}, headers={},
                                                          status_code=200))
        return {"file": self.file}


def ask(client: FilesInfo) -> tuple[Shared, str | None]:
    return shared_in(client, SlackPacer(defaults={}), "F0FILE", CHANNEL)  # type: ignore[arg-type]


def test_files_info_tells_shared_with_its_ts_never_completed_or_not_yet() -> None:
    client = FilesInfo(shares("private", CHANNEL, "3.000300"))
    assert ask(client) == (Shared.YES, "3.000300") and client.asked == ["F0FILE"]
    assert ask(FilesInfo(error="file_not_found")) == (Shared.NEVER, None)
    assert ask(FilesInfo({"channels": ["C0OTHER"], "shares": {}})) == (Shared.NOT_YET, None)


@pytest.mark.parametrize("listed_in", ["channels", "groups", "ims"])
def test_a_file_listed_in_the_channel_without_a_share_ts_is_shared(listed_in: str) -> None:
    assert ask(FilesInfo({listed_in: [CHANNEL]})) == (Shared.YES, None)


def test_another_files_info_error_is_raised_not_taken_for_never_shared() -> None:
    with pytest.raises(SlackApiError):
        ask(FilesInfo(error="ratelimited"))


def test_an_upload_failure_names_its_step() -> None:
    failed = UploadFailed(UploadStep.COMPLETE, OSError("timed out"))
    assert (str(failed), failed.step, str(failed.error)) == ("complete: timed out", UploadStep.COMPLETE, "timed out")


class CountingPacer(SlackPacer):
    """Paces nothing; remembers which method each call was paced as."""

    def __init__(self) -> None:
        super().__init__(defaults={})
        self.methods: list[str] = []

    @contextmanager
    def call(self, method: str) -> Iterator[None]:
        self.methods.append(method)
        yield


def test_files_info_is_paced_as_files_info() -> None:
    pacer = CountingPacer()
    shared_in(FilesInfo({"ims": [CHANNEL]}), pacer, "F0FILE", CHANNEL)  # type: ignore[arg-type]
    assert pacer.methods == ["files.info"]
