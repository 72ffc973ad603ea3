"""Two clicks on one check-in that touch different rows take turns, so the last edit Slack shows holds both answers."""

import json
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlmodel import select

from bot.care_views import CheckInInfo
from bot.flows.care import CheckInRender, add_goal_note, answer_checkin_met, answer_goal_status
from bot.goals import save_goal
from storage.engine import transaction
from storage.tables import CheckIn, Goal, OutboxMessage
from handlers.blocks.checkins import build_checkin, status_words
from tests.conftest import Harness
from tests.databases import is_postgres
from tests.test_checkins_http import TORONTO, pairs, tick  # noqa: F401 (pairs is a fixture)

WAIT_FOR_OTHER_CLICK = 2.0  # seconds; with the check-in held the other click cannot get this far, so this runs out


def answered_at_once(harness: Harness, first_click: Callable[[CheckInRender], None],
                     second_click: Callable[[CheckInRender], None]) -> str:
    """The second click comes while the first is drawing the DM; the first finishes drawing only once the second has
    recorded its answer (or after a bounded wait: with the check-in held, the second cannot get that far). The last
    edit queued for the check-in DM, as Slack will show it."""
    first_drawing, second_drawn = threading.Event(), threading.Event()

    def first_render(info: CheckInInfo) -> dict[str, Any]:
        first_drawing.set()
        second_drawn.wait(WAIT_FOR_OTHER_CLICK)
        return build_checkin(info)

    def second_render(info: CheckInInfo) -> dict[str, Any]:
        second_drawn.set()
        return build_checkin(info)

    first = threading.Thread(target=first_click, args=(first_render,))
    first.start()
    assert first_drawing.wait(10)
    second = threading.Thread(target=second_click, args=(second_render,))
    second.start()
    first.join()
    second.join()
    with harness.deps.sessions() as session:
        edits = session.exec(select(OutboxMessage).where(OutboxMessage.purpose == "checkin_answered")
                             .order_by(OutboxMessage.id)).all()
    return json.dumps(edits[-1].payload, ensure_ascii=False)


@pytest.fixture
def sent(pairs: Harness) -> tuple[Harness, int, list[int]]:  # noqa: F811
    """Riley's check-in, sent, with two goals on track: the harness, the check-in, the goals."""
    if not is_postgres():
        pytest.skip("SQLite's single write lock already serialises the two clicks: no race to lose")
    with transaction(pairs.deps.sessions) as session:
        for title in ("Present at grand rounds", "Submit the abstract"):
            save_goal(session=session, mentee_slack_id=TORONTO, goal_in={"title": title, "status": "on_track"},
                      now=pairs.clock.now())
    tick(pairs, datetime(2026, 3, 13, 17, 0, tzinfo=UTC))
    with pairs.deps.sessions() as session:
        goals = list(session.exec(select(Goal.id).order_by(Goal.id)).all())
        checkin_id = session.exec(select(CheckIn.id).where(CheckIn.role == "mentee", CheckIn.status == "sent")).one()
    return pairs, checkin_id, goals


def test_two_goal_status_clicks_on_one_checkin_leave_both_statuses_shown(sent: tuple[Harness, int, list[int]]) -> None:
    harness, checkin_id, (first_goal, second_goal) = sent

    def status(goal_id: int, value: str) -> Callable[[CheckInRender], None]:
        return lambda render: answer_goal_status(
            sessions=harness.deps.sessions, notifier=harness.deps.notifier, checkin_id=checkin_id,
            mentee_slack_id=TORONTO, goal_id=goal_id, status=value, now=harness.clock.now(), render=render)

    shown = answered_at_once(harness, status(first_goal, "done"), status(second_goal, "at_risk"))
    assert f"*Present at grand rounds* · _{status_words('done')}_" in shown
    assert f"*Submit the abstract* · _{status_words('at_risk')}_" in shown


def test_a_goal_note_and_did_you_meet_on_one_checkin_leave_the_answer_shown(
        sent: tuple[Harness, int, list[int]]) -> None:
    harness, checkin_id, (goal, _) = sent

    def note(render: CheckInRender) -> None:
        add_goal_note(sessions=harness.deps.sessions, notifier=harness.deps.notifier, checkin_id=checkin_id,
                      mentee_slack_id=TORONTO, goal_id=goal, note="Abstract drafted", now=harness.clock.now(),
                      render=render)

    def met(render: CheckInRender) -> None:
        answer_checkin_met(sessions=harness.deps.sessions, notifier=harness.deps.notifier, checkin_id=checkin_id,
                           actor=TORONTO, answer="yes", now=harness.clock.now(), render=render)

    shown = answered_at_once(harness, note, met)
    assert "Received, thank you" in shown
