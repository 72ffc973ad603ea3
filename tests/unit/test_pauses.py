"""One rule for "on a pause", with one meaning of today: the person's own calendar, from the injected clock."""

from datetime import UTC, date, datetime

import pytest

from bot.broadcasts import Audience, resolve_audience
from bot.home import home_for
from bot.matching.fit import MatchingConfig
from bot.matching.service import MatchingError, shortlist
from bot.pauses import is_paused, local_today
from bot.profiles import ProfileBase, SlackIdentity, save_profile
from bot.surveys.audience import audience_members
from bot.surveys.definitions import SurveyAudience
from storage.engine import make_engine, session_factory, transaction
from storage.queries.people import get_person
from storage.tables import Person

# 06:30 UTC on 10 March: already the 10th in UTC and in the program's Edmonton, still 23:30 on the 9th in Vancouver.
EDGE = datetime(2026, 3, 10, 6, 30, tzinfo=UTC)
VANCOUVER_MIDNIGHT = datetime(2026, 3, 10, 7, 0, tzinfo=UTC)  # PDT is UTC-7 since 8 March
PAUSE_ENDS = date(2026, 3, 10)
MENTEE, MENTOR = "UVAN0001", "UEDM0001"


def person(timezone: str, paused_until: date | None) -> Person:
    return Person(slack_user_id="U1", display_name="Someone", timezone=timezone, paused_until=paused_until)


def test_a_pause_lasts_until_its_end_date_begins_on_the_persons_own_calendar() -> None:
    vancouver = person("America/Vancouver", PAUSE_ENDS)
    assert local_today(vancouver, EDGE) == date(2026, 3, 9)
    assert is_paused(vancouver, EDGE)  # UTC and the program's calendar already say the 10th
    assert not is_paused(vancouver, VANCOUVER_MIDNIGHT)


def test_someone_ahead_of_utc_is_back_while_utc_is_still_yesterday() -> None:
    tokyo = person("Asia/Tokyo", PAUSE_ENDS)
    assert not is_paused(tokyo, datetime(2026, 3, 9, 15, 0, tzinfo=UTC))  # midnight on the 10th in Tokyo
    assert is_paused(tokyo, datetime(2026, 3, 9, 14, 59, tzinfo=UTC))


def test_no_pause_and_a_pause_that_ended_are_not_pauses() -> None:
    assert not is_paused(person("America/Vancouver", None), EDGE)
    assert not is_paused(person("America/Vancouver", date(2026, 3, 9)), EDGE)


@pytest.fixture
def sessions(database_url: str):
    engine = make_engine(database_url)
    sessions = session_factory(engine)
    with transaction(sessions) as session:
        for slack_id, timezone, profile in (
                (MENTEE, "America/Vancouver", ProfileBase(as_mentee=True, stage="PGY-1", kinds_wanted=["career"])),
                (MENTOR, "America/Edmonton", ProfileBase(as_mentor=True, stage="professor", kinds_offered=["career"]))):
            profile.program = "Internal Medicine"
            save_profile(session=session, who=SlackIdentity(slack_id, slack_id, None, timezone), profile=profile,
                         now=datetime(2026, 3, 1, tzinfo=UTC))
        mentee = get_person(session=session, slack_user_id=MENTEE)
        mentee.paused_until = PAUSE_ENDS
        session.add(mentee)
    yield sessions
    engine.dispose()


@pytest.mark.parametrize("now, paused", [(EDGE, True), (VANCOUVER_MIDNIGHT, False)])
def test_matching_surveys_announcements_and_home_agree_at_the_timezone_edge(sessions, now: datetime,
                                                                             paused: bool) -> None:
    with transaction(sessions) as session:
        try:
            shortlist(session=session, mentee_slack_id=MENTEE, kind="career", now=now, config=MatchingConfig())
            matching_paused = False
        except MatchingError as exc:
            matching_paused = "pause" in str(exc)
        asked = {p.slack_user_id for p, _ in audience_members(session=session, audience=SurveyAudience(), about=None,
                                                               now=now)}
        reached, left_out, _ = resolve_audience(session=session, audience=Audience("everyone"), now=now,
                                                program_timezone="America/Edmonton")
        home = home_for(session=session, slack_user_id=MENTEE, now=now)
    assert matching_paused == paused
    assert (MENTEE not in asked) == paused
    assert (MENTEE not in {r.slack_id for r in reached}, left_out) == (paused, int(paused))
    assert home.paused == paused


def test_no_other_module_decides_who_is_on_a_pause() -> None:
    """Reading `paused_until` is bot/pauses.py's job; directory_sync only compares it with its own marker."""
    import ast
    from pathlib import Path

    root = Path(__file__).parents[2]
    readers = set()
    for path in [*(root / "bot").rglob("*.py"), *(root / "handlers").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr == "paused_until" and isinstance(node.ctx, ast.Load):
                readers.add(str(path.relative_to(root)))
    assert readers == {"bot/pauses.py", "bot/directory_sync.py"}
