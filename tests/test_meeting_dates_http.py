"""Meeting dates in `/mentor met`: not before the match began, not in the future, not older than the setting; and
"meetings vs cadence" stays sane for a match only hours old."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.report.period import Period
from bot.report.service import build_report, requested_period
from tests.conftest import COORDINATOR, Harness
from tests.test_checkins_http import EDMONTON, TORONTO, enrol, match, pairs  # noqa: F401  (fixture)


def met(harness: Harness, user: str, text: str) -> str:
    harness.slack.slash_command(user, "/mentor", f"met {text}")
    return harness.slack.ephemerals_to(user)[-1]["text"]


def test_dates_before_the_match_or_in_the_future_are_refused(pairs: Harness) -> None:  # noqa: F811
    assert "before your match began (February 27, 2026)" in met(pairs, TORONTO, "<@UFAC0001|lee> 2026-02-26")
    assert "is in the future" in met(pairs, TORONTO, "<@UFAC0001|lee> 2026-02-28")
    assert "Logged your meeting" in met(pairs, TORONTO, "<@UFAC0001|lee> 2026-02-27")


def test_how_far_back_is_a_setting(pairs: Harness) -> None:  # noqa: F811
    pairs.clock.set(datetime(2026, 7, 1, 17, 0, tzinfo=UTC))
    assert "more than 90 days ago" in met(pairs, TORONTO, "<@UFAC0001|lee> 2026-03-02")
    pairs.slack.slash_command(COORDINATOR, "/mentor", "settings meeting_log_days_back 200")
    assert "Logged your meeting" in met(pairs, TORONTO, "<@UFAC0001|lee> 2026-03-02")


def test_today_is_the_persons_own_today(pairs: Harness) -> None:  # noqa: F811
    pairs.clock.set(datetime(2026, 3, 3, 2, 0, tzinfo=UTC))  # still March 2 in Edmonton
    assert "on Monday, March 2." in met(pairs, EDMONTON, "<@URES0001|riley>")


def test_meetings_vs_cadence_stays_sane_for_a_match_hours_old(harness: Harness) -> None:
    harness.clock.set(datetime(2026, 3, 2, 15, 0, tzinfo=UTC))
    enrol(harness, TORONTO, "America/Toronto", as_mentee=True, stage="PGY-1", kinds_wanted=["career"])
    enrol(harness, EDMONTON, "America/Edmonton", as_mentor=True, stage="associate_professor", kinds_offered=["career"])
    match(harness, TORONTO, EDMONTON, cadence=30)
    harness.clock.advance(timedelta(hours=1))
    assert "Logged your meeting" in met(harness, TORONTO, "<@UFAC0001|lee>")
    with harness.deps.sessions() as session:
        period: Period = requested_period(session=session, from_text="2026-01-01", to_text="2026-03-02",
                                          now=harness.clock.now(), timezone="America/Edmonton")
        report = build_report(session=session, period=period, now=harness.clock.now())
    ratio = report.outputs.meetings_vs_cadence.value
    assert ratio is None or ratio <= 2
