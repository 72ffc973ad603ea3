"""Care of a match from Slack: check-in answers, goals, meetings, cadence and coordinators' nudges."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from bot.i18n import later
from bot.access import scope_of, unit_of_work
from bot.alerts import AlertInfo, nudge
from bot.checkins import CheckInInfo, answer_met, checkin_info, prompt_messages, record_program_note
from bot.goals import GoalsPage, goal_for_edit, goals_page, save_goal, update_status
from bot.meetings import LoggedMeeting, change_cadence, log_meeting_with
from bot.notify import MessageRef, Notifier
from storage.engine import SessionFactory, transaction
from storage.queries.decisions import hold
from sqlmodel import Session

from storage.tables import CheckIn, Goal


CheckInRender = Callable[[CheckInInfo], dict[str, Any]]  # the check-in DM as it reads (handlers/blocks/checkins.py)


def _hold_checkin(session: Session, checkin_id: int) -> None:
    """Two clicks on one check-in (two goals, a note and "did you meet?") take turns: each draws the DM after the
    other's answer is committed, so the last edit Slack shows holds both answers."""
    hold(session=session, model=CheckIn, row_id=checkin_id)


def _show_answered(session: Session, notifier: Notifier, checkin_id: int, render: CheckInRender) -> None:
    """Edit the check-in DM and its reminder so both show what was recorded, in the transaction that recorded it
    (nothing to edit when the check-in is gone)."""
    checkin = session.get(CheckIn, checkin_id)
    if checkin is None:
        return
    shown = render(checkin_info(session, checkin))
    for channel, ts in prompt_messages(session=session, checkin_id=checkin_id):
        notifier.edit(MessageRef(channel, ts), shown, purpose="checkin_answered")


def answer_checkin_met(*, sessions: SessionFactory, notifier: Notifier, checkin_id: int, actor: str, answer: str,
                       now: datetime, render: CheckInRender) -> None:
    with transaction(sessions) as session:
        _hold_checkin(session, checkin_id)
        answer_met(session=session, checkin_id=checkin_id, actor=actor, answer=answer, now=now)
        _show_answered(session, notifier.within(session, now), checkin_id, render)


def answer_goal_status(*, sessions: SessionFactory, notifier: Notifier, checkin_id: int, mentee_slack_id: str,
                       goal_id: int, status: str, now: datetime, render: CheckInRender) -> None:
    with unit_of_work(sessions, now) as session:
        _hold_checkin(session, checkin_id)
        update_status(session=session, mentee_slack_id=mentee_slack_id, goal_id=goal_id, status=status, note="",
                      now=now)
        _show_answered(session, notifier.within(session, now), checkin_id, render)


def add_goal_note(*, sessions: SessionFactory, notifier: Notifier, checkin_id: int, mentee_slack_id: str, goal_id: int,
                  note: str, now: datetime, render: CheckInRender) -> None:
    """A note on a goal from a check-in, its status unchanged."""
    with unit_of_work(sessions, now) as session:
        _hold_checkin(session, checkin_id)
        goal = goal_for_edit(session=session, mentee_slack_id=mentee_slack_id, goal_id=goal_id)
        update_status(session=session, mentee_slack_id=mentee_slack_id, goal_id=goal_id, status=goal.status,
                      note=note, now=now)
        _show_answered(session, notifier.within(session, now), checkin_id, render)


def add_program_note(*, sessions: SessionFactory, notifier: Notifier, checkin_id: int, actor: str, note: str,
                     now: datetime) -> None:
    with transaction(sessions) as session:
        record_program_note(session=session, checkin_id=checkin_id, actor=actor, note=note, now=now)
        notifier.within(session, now).notice(actor, later("Thank you: your note went to the program coordinators only."))


def nudge_pair(*, sessions: SessionFactory, notifier: Notifier, alert_id: str, actor: str,
               now: datetime) -> AlertInfo:
    """Mark an alert nudged and queue, with it, both people's kind reminder (in their working hours) and the
    coordinator's confirmation. A pair outside a program coordinator's programs raises NudgeRefused (audited)."""
    with unit_of_work(sessions, now) as session:
        alert = nudge(session=session, alert_id=alert_id, actor=actor, now=now,
                      scope=scope_of(session=session, slack_user_id=actor))
        notifier.within(session, now).nudged(alert, actor)
    return alert


def goals_of_mentee(*, sessions: SessionFactory, mentee_slack_id: str) -> GoalsPage:
    with sessions() as session:
        return goals_page(session=session, mentee_slack_id=mentee_slack_id)


@dataclass(frozen=True)
class GoalForm:
    page: GoalsPage
    goal: Goal | None  # None: a new goal


def goal_form(*, sessions: SessionFactory, mentee_slack_id: str, goal_id: int | None) -> GoalForm:
    with sessions() as session:
        page = goals_page(session=session, mentee_slack_id=mentee_slack_id)
        goal = None if goal_id is None else goal_for_edit(session=session, mentee_slack_id=mentee_slack_id,
                                                          goal_id=goal_id)
        return GoalForm(page, goal)


def save_mentee_goal(*, sessions: SessionFactory, mentee_slack_id: str, goal_in: Mapping[str, Any], goal_id: int | None,
                     now: datetime) -> GoalsPage:
    """Save a new or edited goal; the goals page as it now reads."""
    with unit_of_work(sessions, now) as session:
        save_goal(session=session, mentee_slack_id=mentee_slack_id, goal_in=goal_in, now=now, goal_id=goal_id)
        return goals_page(session=session, mentee_slack_id=mentee_slack_id)


def log_meeting_of(*, sessions: SessionFactory, actor: str, partner: str, met_on: date | None, minutes: int | None,
                   now: datetime) -> LoggedMeeting:
    with transaction(sessions) as session:
        return log_meeting_with(session=session, actor=actor, partner=partner, met_on=met_on, minutes=minutes, now=now)


def change_pair_cadence(*, sessions: SessionFactory, actor: str, partner: str, days: int, now: datetime) -> None:
    with transaction(sessions) as session:
        change_cadence(session=session, actor=actor, partner=partner, days=days, now=now)
