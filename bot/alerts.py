"""Early warnings for coordinators: quiet pairs, stalled goals and "not working" early pulses (bot/agreements/pulse.py),
a weekly digest (with the count of agreements not yet acknowledged), one-click nudges.

A pair is quiet when its latest meeting (or, with none, the match's start) is more than
`quiet_after_cadences` x its cadence ago. A goal is stalled when it is at risk, or past its target
date while still open. An alert stays open until resolved (a meeting, a goal update) and is raised
once per subject. Private goals are never named in an alert.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import and_, func, or_
from sqlmodel import Session, col, select

from bot.access import FACULTY_WIDE, Refused, Scope, scope_refusal_text
from bot.agreements.service import unacknowledged_count
from bot.care_views import AlertInfo, ProgramNote
from bot.deps import Deps
from bot.goals import OPEN_STATUSES
from bot.matching.service import PersonRef, ref
from bot.program_settings import setting
from bot.timing import zone
from storage.engine import transaction
from bot.numbers import parse_count
from storage.queries.audit import record_audit
from storage.queries.decisions import compare_and_set
from storage.queries.care import open_alerts
from storage.queries.outbox import enqueue_message
from storage.queries.coordinators import coordinator_programs
from storage.tables import Alert, CheckIn, Goal, GoalStatus, Match, MatchStatus, Meeting, Person
from bot.i18n import _
from bot.i18n.choice import speaking_to

DIGEST_WEEKDAY = 0  # Monday, program timezone


def raise_alerts(deps: Deps, now: datetime) -> None:
    with transaction(deps.sessions) as session:
        today = now.astimezone(zone(deps.settings.timezone)).date()
        quiet = []
        for match, last in _quiet_pairs(session, today):
            since = f"since {last:%B %-d}" if last else "since they were matched"  # not text: stored, shown as is
            quiet.append((match.id or 0, match, f"no meeting logged {since}"))  # not text: stored, shown as is
        _raise_all(session, "quiet_pair", quiet, today)
        stalled = []
        for goal, match in _stalled_goals(session, today):
            what = f"goal “{goal.title}”"
            state = "at risk" if goal.status == GoalStatus.AT_RISK else f"past its target date ({goal.target_date:%B %-d})"  # not text: stored
            stalled.append((goal.id or 0, match, f"{what} is {state}"))
        _raise_all(session, "stalled_goal", stalled, today)


def _quiet_pairs(session: Session, today: date) -> list[tuple[Match, date | None]]:
    """Active matches whose latest meeting (or, with none, whose start) is more than `quiet_after_cadences`
    cadences before today, by id, with that meeting's day. The database picks them (one condition per cadence in
    use), so the step reads the quiet pairs, not every match of the program."""
    multiple = setting(session, "quiet_after_cadences")
    cadences = sorted(session.exec(select(Match.cadence_days).where(Match.status == MatchStatus.ACTIVE).distinct()))
    if not cadences:
        return []
    last = select(func.max(Meeting.met_on)).where(Meeting.match_id == Match.id).scalar_subquery()
    quiet_when = []
    for cadence in cadences:
        before = today - timedelta(days=multiple * cadence)  # quiet: the reference day is earlier than this
        started_before = datetime.combine(before, time(0), tzinfo=UTC)  # the start's day (UTC) is earlier
        quiet_when.append(and_(col(Match.cadence_days) == cadence,
                               or_(last < before, and_(last.is_(None), col(Match.started_at) < started_before))))
    rows = session.exec(select(Match, last).where(col(Match.status) == MatchStatus.ACTIVE, or_(*quiet_when))
                        .order_by(col(Match.id)))
    return [(match, met_on) for match, met_on in rows]


def _stalled_goals(session: Session, today: date) -> list[tuple[Goal, Match]]:
    """Open goals shared with the program that are at risk or past their target date, by id, each with the
    mentee's first active match (goals of mentees with none are left out)."""
    goals = session.exec(select(Goal).where(col(Goal.status).in_(OPEN_STATUSES),
                                            or_(col(Goal.status) == GoalStatus.AT_RISK, col(Goal.target_date) < today))
                         .order_by(col(Goal.id)))
    candidates = [goal for goal in goals if shared_with_program(goal)]
    first_match: dict[int, Match] = {}
    mentees = sorted({goal.mentee_id for goal in candidates})
    for start in range(0, len(mentees), 500):
        for match in session.exec(select(Match).where(Match.status == MatchStatus.ACTIVE, col(Match.mentee_id).in_(
                mentees[start:start + 500])).order_by(col(Match.id))):
            first_match.setdefault(match.mentee_id, match)
    return [(goal, first_match[goal.mentee_id]) for goal in candidates if goal.mentee_id in first_match]


def shared_with_program(goal: Goal) -> bool:
    """Coordinators see only goals the mentee shared with all their mentors: a goal kept private, or shared with
    one mentor, is neither named nor hinted at (not even that it exists)."""
    return goal.visible_to is None


def _raise_all(session: Session, kind: str, subjects: list[tuple[int, Match, str]], today: date) -> None:
    """Raise once per (subject, match, detail), in order: not while one is open, and not again on a day one was
    already raised (both read in one query for all the subjects)."""
    ids = sorted({subject_id for subject_id, _match, _detail in subjects})
    done: set[int] = set()
    for start in range(0, len(ids), 500):
        done.update(session.exec(select(Alert.subject_id).where(
            col(Alert.kind) == kind, col(Alert.subject_id).in_(ids[start:start + 500]),
            or_(col(Alert.raised_on) == today, col(Alert.resolved_at).is_(None)))))
    for subject_id, match, detail in subjects:
        if subject_id not in done:
            done.add(subject_id)
            session.add(Alert(kind=kind, subject_id=subject_id, match_id=match.id or 0, raised_on=today, detail=detail))


def alert_infos(*, session: Session) -> list[AlertInfo]:
    infos = []
    for alert in open_alerts(session=session):
        match = session.get(Match, alert.match_id)
        if match is None or match.status != MatchStatus.ACTIVE or not _still_shown(session, alert):
            continue
        mentee, mentor = session.get(Person, match.mentee_id), session.get(Person, match.mentor_id)
        infos.append(AlertInfo(alert.id or 0, alert.kind, ref(mentee), ref(mentor), alert.detail,  # type: ignore[arg-type]
                               alert.raised_on, alert.nudged_at is not None,
                               (mentee.program, mentor.program)))  # type: ignore[union-attr]
    return infos


def _still_shown(session: Session, alert: Alert) -> bool:
    """A goal made private (or shared with one mentor) after its alert was raised drops out of coordinators' view."""
    goal = session.get(Goal, alert.subject_id) if alert.kind == "stalled_goal" else None
    return alert.kind != "stalled_goal" or (goal is not None and shared_with_program(goal))


def program_notes(*, session: Session, since: datetime) -> list[ProgramNote]:
    """Mentors' notes written since `since`, oldest first (the weekly digest)."""
    query = (select(CheckIn).where(col(CheckIn.program_note_at) >= since)
             .order_by(col(CheckIn.program_note_at)))
    return _notes(session, session.exec(query))


def latest_program_notes(*, session: Session, limit: int) -> list[ProgramNote]:
    """The newest `limit` mentors' notes, newest first (coordinators' App Home)."""
    query = (select(CheckIn).where(col(CheckIn.program_note_at).is_not(None))
             .order_by(col(CheckIn.program_note_at).desc()).limit(limit))
    return _notes(session, session.exec(query))


def _notes(session: Session, checkins: Iterable[CheckIn]) -> list[ProgramNote]:
    notes = []
    for checkin in checkins:
        match = session.get(Match, checkin.match_id)
        if match is not None and checkin.program_note:
            mentee, mentor = session.get(Person, match.mentee_id), session.get(Person, match.mentor_id)
            notes.append(ProgramNote(ref(mentee), ref(mentor), match.kind, checkin.program_note,  # type: ignore[arg-type]
                                     (mentee.program, mentor.program)))  # type: ignore[union-attr]
    return notes


def send_weekly_digests(deps: Deps, now: datetime) -> None:
    """On Mondays (program timezone), each coordinator gets one digest per ISO week: open alerts, and the notes
    mentors wrote to the program in the week before. A program coordinator's digest holds only pairs whose mentee
    or mentor is in their programs (and is not sent when nothing of theirs is open)."""
    local = now.astimezone(zone(deps.settings.timezone))
    if local.weekday() != DIGEST_WEEKDAY or local.hour < 9:
        return
    week = local.strftime("%G-W%V")
    with transaction(deps.sessions) as session:
        alerts = alert_infos(session=session)
        notes = program_notes(session=session, since=now - timedelta(days=7))
        for coordinator, programs in coordinator_programs(session=session):
            scope = Scope(frozenset(programs)) if programs else FACULTY_WIDE
            theirs = [a for a in alerts if scope.covers_any(a.programs)]
            their_notes = [n for n in notes if scope.covers_any(n.programs)]
            unacknowledged = unacknowledged_count(session=session, programs=scope.programs)
            if not theirs and not their_notes and not unacknowledged:
                continue
            with speaking_to(session, coordinator.slack_user_id):
                payload = deps.notifier.render_digest(theirs, their_notes, unacknowledged)
            enqueue_message(session=session, key=f"digest:{week}:{coordinator.slack_user_id}", purpose="digest",
                            recipient=coordinator.slack_user_id, not_before=now, now=now, payload=payload)


class NudgeError(ValueError):
    """The nudge cannot be sent; the message says why, plainly."""


class NudgeRefused(Refused, NudgeError):
    """A nudge about a pair outside a program coordinator's programs (audited)."""


def nudge(*, session: Session, alert_id: int | str, actor: str, now: datetime,
          scope: Scope = FACULTY_WIDE) -> AlertInfo:
    """Mark the alert nudged, once however many clicks arrive; the caller sends both people a kind reminder.
    A program coordinator nudges only pairs whose mentee or mentor is in their programs (NudgeRefused)."""
    alert = session.get(Alert, _alert_id(alert_id))
    if alert is None or alert.resolved_at is not None:
        raise NudgeError(_("That alert is already resolved."))
    info = next((i for i in alert_infos(session=session) if i.alert_id == alert.id), None)
    if info is None:
        raise NudgeError(_("That pair's match has ended, so there is nobody to nudge."))
    if not scope.covers_any(info.programs):
        raise NudgeRefused(scope_refusal_text(scope), actor=actor, action="alert.nudge", target=str(alert.id))
    if not compare_and_set(session=session, model=Alert, row_id=alert.id or 0, column="nudged_at", expected=None,
                           nudged_at=now):
        raise NudgeError(_("{mentee} and {mentor} were already nudged about this; I won't remind them twice.").format(
            mentee=info.mentee.name, mentor=info.mentor.name))
    record_audit(session=session, now=now, actor=actor, action="alert.nudge", target=str(alert.id))
    return info


def _alert_id(value: int | str) -> int:
    """The alert a nudge button names; a value that is not one of ours gets a plain refusal."""
    try:
        return parse_count(str(value), what="alert")  # not text: refused below in words
    except ValueError:
        raise NudgeError(_("That button doesn't name an alert I know; open the latest digest and try again.")) from None
