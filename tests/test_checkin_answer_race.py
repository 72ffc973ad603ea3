"""Two clicks on one check-in that touch different rows take turns, so the last edit Slack shows holds both answers."""

import json
import threading
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlmodel import select

from bot.care_views import CheckInInfo
from bot.flows.care import answer_goal_status
from bot.goals import save_goal
from storage.engine import transaction
from storage.tables import CheckIn, Goal, OutboxMessage
from handlers.blocks.checkins import build_checkin, status_words
from tests.conftest import Harness
from tests.databases import is_postgres
from tests.test_checkins_http import TORONTO, pairs, tick  # noqa: F401 (pairs is a fixture)

WAIT_FOR_OTHER_CLICK = 2.0  # seconds; with the check-in held the other click cannot get this far, so this runs out


def test_two_goal_status_clicks_on_one_checkin_leave_both_statuses_shown(pairs: Harness) -> None:  # noqa: F811
    if not is_postgres():
        pytest.skip("SQLite's single write lock already serialises the two clicks: no race to lose")
    with transaction(pairs.deps.sessions) as session:
        for title in ("Present at grand rounds", "Submit the abstract"):
            save_goal(session=session, mentee_slack_id=TORONTO, goal_in={"title": title, "status": "on_track"},
                      now=pairs.clock.now())
    tick(pairs, datetime(2026, 3, 13, 17, 0, tzinfo=UTC))
    with pairs.deps.sessions() as session:
        first_goal, second_goal = session.exec(select(Goal.id).order_by(Goal.id)).all()
        checkin_id = session.exec(select(CheckIn.id).where(CheckIn.role == "mentee", CheckIn.status == "sent")).one()

    first_drawing, second_drawn = threading.Event(), threading.Event()

    def first_render(info: CheckInInfo) -> dict[str, Any]:
        """The first click has drawn the DM; it finishes only once the second click recorded its answer (or the
        second click is kept waiting for the first, as it should be)."""
        first_drawing.set()
        second_drawn.wait(WAIT_FOR_OTHER_CLICK)
        return build_checkin(info)

    def second_render(info: CheckInInfo) -> dict[str, Any]:
        second_drawn.set()
        return build_checkin(info)

    def click(goal_id: int, status: str, render: Any) -> None:
        answer_goal_status(sessions=pairs.deps.sessions, notifier=pairs.deps.notifier, checkin_id=checkin_id,
                           mentee_slack_id=TORONTO, goal_id=goal_id, status=status, now=pairs.clock.now(),
                           render=render)

    first = threading.Thread(target=click, args=(first_goal, "done", first_render))
    first.start()
    assert first_drawing.wait(10)
    second = threading.Thread(target=click, args=(second_goal, "at_risk", second_render))
    second.start()
    first.join()
    second.join()

    with pairs.deps.sessions() as session:
        edits = session.exec(select(OutboxMessage).where(OutboxMessage.purpose == "checkin_answered")
                             .order_by(OutboxMessage.id)).all()
    shown = json.dumps(edits[-1].payload, ensure_ascii=False)
    assert f"*Present at grand rounds* · _{status_words('done')}_" in shown
    assert f"*Submit the abstract* · _{status_words('at_risk')}_" in shown
