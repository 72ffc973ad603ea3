"""Calendar connectors: a fake free/busy source through the running app, a failing one that changes nothing,
and the Google connector's request and answer handling against google-api-python-client's own HTTP mock."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.clock import ManualClock
from bot.emulator import SlackEmulator
from bot.scheduling.connectors import FreeBusyUnavailable
from bot.scheduling.slots import Interval
from bot.server import AppServer, prepare
from tests.conftest import Harness, make_settings
from tests.scheduling.helpers import LEE, RILEY, buttons, click_and_deliver, enrol, last_with, match_pair, set_availability

MONDAY = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)


class FakeFreeBusy:
    """Dr. Lee's work calendar: busy all of Thursday 5 March (UTC)."""

    def __init__(self, fail: bool = False) -> None:
        self.fail, self.asked = fail, []

    def busy(self, emails: list[str], start: datetime, end: datetime) -> dict[str, list[Interval]]:
        self.asked.append(sorted(emails))
        if self.fail:
            raise FreeBusyUnavailable("quota exceeded")
        return {"lee@example.org": [(datetime(2026, 3, 5, tzinfo=UTC), datetime(2026, 3, 6, tzinfo=UTC))]}


def connected_harness(emulator: SlackEmulator, database_url: str, clock: ManualClock,
                      source: FakeFreeBusy) -> Iterator[Harness]:
    settings = make_settings(database_url, emulator.api_url)
    deps = dataclasses.replace(prepare(settings, clock), free_busy=source)
    server = AppServer(settings, deps, port=0).start_in_background()
    emulator.app_url = f"{server.url}/slack/events"
    yield Harness(slack=emulator, server=server, deps=deps, clock=clock, settings=settings)
    server.stop()
    deps.engine.dispose()


@pytest.fixture(params=[False, True], ids=["answering", "failing"])
def connected(request: pytest.FixtureRequest, emulator: SlackEmulator, database_url: str,
              clock: ManualClock) -> Iterator[tuple[Harness, FakeFreeBusy]]:
    source = FakeFreeBusy(fail=request.param)
    for harness in connected_harness(emulator, database_url, clock, source):
        harness.clock.set(MONDAY)
        enrol(harness, RILEY, "America/Toronto", "riley@example.org", as_mentee=True, stage="PGY-1",
              kinds_wanted=["career"], meeting_mode="virtual")
        enrol(harness, LEE, "America/Edmonton", "lee@example.org", as_mentor=True, stage="associate_professor",
              kinds_offered=["career"])
        harness.match_id = match_pair(harness)  # type: ignore[attr-defined]
        set_availability(harness, RILEY, windows="mon-fri 07:00-08:00")
        set_availability(harness, LEE, windows="mon-fri 05:00-06:30")
        yield harness, source


def test_a_connected_calendar_adds_busy_time_and_a_failing_one_changes_nothing(
        connected: tuple[Harness, FakeFreeBusy]) -> None:
    harness, source = connected
    click_and_deliver(harness, RILEY, "meet_find", str(harness.match_id))  # type: ignore[attr-defined]
    labels = [b["text"]["text"] for b in buttons(last_with(harness, RILEY, "meet_pick_"), "meet_pick_")]
    assert source.asked == [["lee@example.org", "riley@example.org"]]
    if source.fail:  # the stored availability alone: Wednesday, Thursday, Friday
        assert labels == ["Wed 4 Mar, 07:00", "Thu 5 Mar, 07:00", "Fri 6 Mar, 07:00"]
    else:  # Thursday is busy in Dr. Lee's work calendar
        assert labels == ["Wed 4 Mar, 07:00", "Fri 6 Mar, 07:00", "Mon 9 Mar, 07:00"]
    assert "Thursday" not in json.dumps(harness.slack.messages_to(RILEY))  # no reason is ever given


def test_google_freebusy_query_is_asked_for_both_and_reads_busy_times() -> None:
    pytest.importorskip("googleapiclient")
    from googleapiclient.discovery import build
    from googleapiclient.http import HttpMockSequence

    from bot.scheduling.google_calendar import GoogleFreeBusy

    answer = {"calendars": {
        "lee@example.org": {"busy": [{"start": "2026-03-05T00:00:00Z", "end": "2026-03-05T12:00:00Z"},
                                     {"start": "2026-03-05T11:00:00Z", "end": "2026-03-06T00:00:00Z"}]},
        "riley@example.org": {"errors": [{"domain": "global", "reason": "notFound"}], "busy": []}}}
    http = HttpMockSequence([({"status": "200"}, json.dumps(answer)), ({"status": "403"}, "{}")])
    source = GoogleFreeBusy(build("calendar", "v3", http=http, static_discovery=True))
    found = source.busy(["lee@example.org", "riley@example.org"], datetime(2026, 3, 3, tzinfo=UTC),
                        datetime(2026, 3, 17, tzinfo=UTC))
    assert found == {"lee@example.org": [(datetime(2026, 3, 5, tzinfo=UTC), datetime(2026, 3, 6, tzinfo=UTC))]}
    with pytest.raises(FreeBusyUnavailable):
        source.busy(["lee@example.org"], datetime(2026, 3, 3, tzinfo=UTC), datetime(2026, 3, 17, tzinfo=UTC))


def test_the_google_connector_is_chosen_only_with_its_credentials(tmp_path: Path) -> None:
    from bot.settings import SettingsError

    with pytest.raises(SettingsError, match="MENTORBOT_GOOGLE_CREDENTIALS"):
        make_settings("sqlite:///x.db", "http://localhost/api/", calendar="google")
