"""The report's scheduling indicators, from a pair that scheduled, met and later found no time in common."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.report.definitions import definitions_by_key
from bot.report.export import report_json
from bot.report.period import parse_period
from bot.report.service import build_report
from tests.conftest import Harness
from tests.scheduling.helpers import LEE, RILEY, buttons, click_and_deliver, last_with, set_availability, tick
from tests.scheduling.test_scheduling_http import find_time, pair, pick_and_confirm  # noqa: F401 (fixture)


def test_scheduled_held_days_to_first_meeting_and_pairs_without_a_common_slot(pair: Harness) -> None:  # noqa: F811
    find_time(pair)
    pick_and_confirm(pair, 2)  # Monday 9 March, 07:00 in Toronto: a week after the introduction
    tick(pair, datetime(2026, 3, 9, 13, 0, tzinfo=UTC))
    click_and_deliver(pair, RILEY, "meet_happened", buttons(last_with(pair, RILEY, "meet_happened"),
                                                            "meet_happened")[0]["value"])
    set_availability(pair, LEE, windows="sat 10:00-11:00")
    find_time(pair, LEE)  # the next meeting: no time in common now
    report = build(pair)
    values = {i.key: i.value for i in report.scheduling.indicators()}
    assert values == {"meetings_scheduled": 1, "scheduled_meetings_held": 1, "scheduled_held_rate": 1.0,
                      "days_to_first_meeting": 7.0, "pairs_without_common_slot": 1}
    definitions = definitions_by_key()
    assert all(key in definitions for key in values) and "availability" in definitions["pairs_without_common_slot"]
    assert '"pairs_without_common_slot"' in report_json(report, identified=False)


def build(harness: Harness):  # type: ignore[no-untyped-def]
    period = parse_period("2026-03-01", "2026-03-31", today=date(2026, 3, 31), transition="07-01",
                          timezone="America/Edmonton")
    with harness.deps.sessions() as session:
        return build_report(session=session, period=period, now=harness.clock.now())
