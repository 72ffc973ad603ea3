"""Flash mentoring: one 30-minute conversation about a topic with a mentor who opted in, then a choice to continue.

A mentee types `/mentor flash <topic>`; the best-fitting mentor who offers flash conversations, knows the topic (an
expertise tag), has room in this month's limit and is not excluded (the matching pool's conflicts of interest and
ended pairs; the same fit score as matching, its best kind) is asked with one click. A decline asks the next one;
nobody is asked twice about the same topic. A week after acceptance both are asked whether to continue as an
ongoing match; only both saying yes makes one (a compare-and-set per answer, so the second "yes" makes it once).
"""

from __future__ import annotations

from functools import partial
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from bot.access import Refused
from bot.agreements.service import open_agreement
from bot.checkin_plan import plan_cycle
from bot.i18n import _, later
from bot.mrkdwn import escape_mrkdwn
from bot.vocabulary import kind_name
from bot.matching.config import matching_config
from bot.matching.fit import Fit
from bot.matching.pair_fit import pair_fit, pair_kind
from bot.matching.pool import Pool
from bot.matching.service import PersonRef, ref
from bot.flash_views import FlashView
from bot.notify import MessageRef, Notifier
from bot.program_settings import delivery_window
from bot.timing import next_window_start
from bot.text_limits import length_error
from storage.queries.audit import record_audit
from storage.queries.decisions import compare_and_set, hold
from storage.queries.flash import (
    flash_due_follow_up,
    flash_limits,
    flash_used_since,
    mentors_asked_about,
    open_flash_of,
    set_flash_limit,
)
from storage.queries.people import get_person
from storage.tables import FlashConversation, FlashStatus, Match, MatchStatus, Person

FOLLOW_UP_AFTER = timedelta(days=7)
MAX_MONTHLY_LIMIT = 10


class FlashError(ValueError):
    """Something the person can fix, said in words."""


class FlashAlreadyAnswered(FlashError):
    """The 'already handled' of flash mentoring: the other click (or an earlier one) decided first."""


class NotYourFlash(Refused, FlashError):
    """Someone clicked a flash button that was not addressed to them."""


@dataclass(frozen=True)
class FlashAsked:
    asked: bool  # False: nobody who offers flash conversations knows this topic and has room this month
    topic: str


def normalized_topic(text: str) -> str:
    return " ".join(text.lower().split())


def knows_topic(topic: str, expertise: frozenset[str]) -> bool:
    return any(tag.lower() == topic or tag.lower() in topic or topic in tag.lower() for tag in expertise)


def month_start(now: datetime) -> datetime:
    return now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def offer_flash(*, session: Session, slack_id: str, monthly_limit: int, now: datetime) -> int:
    """A mentor opts in to flash requests (or out, with 0)."""
    if not 0 <= monthly_limit <= MAX_MONTHLY_LIMIT:
        raise FlashError(_("The monthly limit is a whole number from 0 to {most}.").format(most=MAX_MONTHLY_LIMIT))
    person = get_person(session=session, slack_user_id=slack_id)
    if person is None or "mentor" not in person.roles:
        raise FlashError(_("Only mentors can offer flash conversations: join as a mentor first (`/mentor join`)."))
    set_flash_limit(session=session, person_id=person.id or 0, monthly_limit=monthly_limit, now=now)
    return monthly_limit


def flash_candidates(*, session: Session, pool: Pool, mentee_id: int, topic: str, now: datetime) -> list[tuple[int, Fit]]:
    """Mentors who may be asked, best fit first."""
    limits = flash_limits(session=session)
    used = flash_used_since(session=session, since=month_start(now))
    asked = mentors_asked_about(session=session, mentee_id=mentee_id, topic=topic)
    found = []
    for mentor_id, limit in sorted(limits.items()):
        if mentor_id in asked or mentor_id not in pool.mentors or used.get(mentor_id, 0) >= limit:
            continue
        if not knows_topic(topic, pool.mentors[mentor_id][0].expertise):
            continue
        fit = pair_fit(pool, mentee_id, mentor_id)
        if fit is not None:
            found.append((mentor_id, fit))
    return sorted(found, key=lambda item: (-item[1].score, item[0]))


def view_of(session: Session, row: FlashConversation, reasons: tuple[str, ...] = ()) -> FlashView:
    mentee, mentor = session.get(Person, row.mentee_id), session.get(Person, row.mentor_id)
    assert mentee is not None and mentor is not None
    return FlashView(row.id or 0, row.topic, ref(mentee), ref(mentor), reasons)


def request_flash(*, session: Session, notifier: Notifier, slack_id: str, topic_text: str, now: datetime) -> FlashAsked:
    """`/mentor flash <topic>`: ask the best mentor for one conversation."""
    topic = normalized_topic(topic_text)
    if not topic:
        raise FlashError(_("Say what the conversation is about, e.g. `/mentor flash residency applications`."))
    too_long = length_error(FlashConversation, "topic", topic, what=_("A topic"))
    if too_long:
        raise FlashError(too_long)
    mentee = get_person(session=session, slack_user_id=slack_id)
    if mentee is None or "mentee" not in mentee.roles:
        raise FlashError(_("Flash conversations are for mentees: join as a mentee first (`/mentor join`)."))
    hold(session=session, model=Person, row_id=mentee.id or 0)  # one open flash request per mentee, even on a double submit
    if open_flash_of(session=session, mentee_id=mentee.id or 0) is not None:
        raise FlashError(_("A mentor is still answering your last flash request; I'll tell you as soon as they do."))
    asked = _ask_next(session, notifier, mentee.id or 0, topic, now)
    return FlashAsked(asked, topic)


def _ask_next(session: Session, notifier: Notifier, mentee_id: int, topic: str, now: datetime) -> bool:
    pool = Pool.load_from(session, now, matching_config(session=session))
    if mentee_id not in pool.mentees:
        return False
    candidates = flash_candidates(session=session, pool=pool, mentee_id=mentee_id, topic=topic, now=now)
    if not candidates:
        return False
    mentor_id, fit = candidates[0]
    row = FlashConversation(mentee_id=mentee_id, mentor_id=mentor_id, topic=topic, created_at=now)
    session.add(row)
    session.flush()
    view = view_of(session, row, fit.reasons)
    where = notifier.post(view.mentor.slack_id, lambda: notifier.render_flash_ask(view), purpose="flash_ask")
    row.ask_message_id = where.outbox_id
    session.add(row)
    return True


def _conversation(session: Session, conversation_id: int) -> FlashConversation:
    row = session.get(FlashConversation, conversation_id)
    if row is None:
        raise FlashAlreadyAnswered(_("This flash request is no longer open."))
    return row


def answer_flash(*, session: Session, notifier: Notifier, conversation_id: int, mentor_slack_id: str, accept: bool,
                 now: datetime) -> FlashView:
    """The mentor's one click. Accept: a group DM of the two; decline: the next mentor is asked, silently."""
    row = _conversation(session, conversation_id)
    mentor = get_person(session=session, slack_user_id=mentor_slack_id)
    if mentor is None or mentor.id != row.mentor_id:
        raise NotYourFlash(_("This flash request was sent to someone else."), actor=mentor_slack_id, action="flash.answer", target=str(conversation_id))
    status = FlashStatus.ACCEPTED if accept else FlashStatus.DECLINED
    if not compare_and_set(session=session, model=FlashConversation, row_id=conversation_id,
                           expected=FlashStatus.ASKED, status=status, answered_at=now,
                           follow_up_at=now + FOLLOW_UP_AFTER if accept else None):
        raise FlashAlreadyAnswered(_("You already answered this flash request."))
    session.refresh(row)
    view = view_of(session, row)
    if row.ask_message_id is not None:
        notifier.edit(MessageRef(outbox_id=row.ask_message_id), lambda: notifier.render_flash_answered(view, accept),
                      purpose="flash_answered", reader=view.mentor.slack_id)
    if accept:
        notifier.flash_introduce(view)
    elif not _ask_next(session, notifier, row.mentee_id, row.topic, now):
        notifier.notice(view.mentee.slack_id, later("Nobody who offers flash conversations on “{topic}” has room "
                                                    "right now. Try again next month, or `/mentor find` for an ongoing "
                                                    "mentor.", topic=row.topic))
    record_audit(session=session, actor=mentor_slack_id, action=f"flash.{status}", target=str(conversation_id), now=now)
    return view


def send_flash_follow_ups(*, session: Session, notifier: Notifier, now: datetime) -> int:
    """A week after each accepted conversation, both are asked whether to continue as an ongoing match, each in their
    own working hours (bot/timing.py): the question waits in the outbox until their working day starts."""
    window = delivery_window(session)
    due = flash_due_follow_up(session=session, now=now)
    for row in due:
        if not compare_and_set(session=session, model=FlashConversation, row_id=row.id or 0, column="followed_up_at",
                               expected=None, followed_up_at=now):
            continue
        view = view_of(session, row)
        for person_id, who, role in ((row.mentee_id, view.mentee, "mentee"), (row.mentor_id, view.mentor, "mentor")):
            person = session.get(Person, person_id)
            send_at = next_window_start(now, person.timezone if person else "", window)
            notifier.post(who.slack_id, partial(notifier.render_flash_follow_up, view, role), purpose="flash_follow_up",
                          not_before=send_at)
    return len(due)


@dataclass(frozen=True)
class ContinueAnswer:
    view: FlashView
    wants: bool
    match_id: int | None  # set when this answer was the second "yes"


def answer_continue(*, session: Session, notifier: Notifier, conversation_id: int, slack_id: str, wants: bool,
                    now: datetime, clicked: MessageRef | None = None) -> ContinueAnswer:
    """One person's answer to the follow-up; the second "yes" makes the ongoing match, exactly once."""
    row = _conversation(session, conversation_id)
    person = get_person(session=session, slack_user_id=slack_id)
    if person is None or person.id not in (row.mentee_id, row.mentor_id):
        raise NotYourFlash(_("This question was sent to someone else."), actor=slack_id, action="flash.continue", target=str(conversation_id))
    column = "mentee_continue" if person.id == row.mentee_id else "mentor_continue"
    if not compare_and_set(session=session, model=FlashConversation, row_id=conversation_id, column=column,
                           expected=None, **{column: wants}):
        raise FlashAlreadyAnswered(_("You already answered whether to continue."))
    hold(session=session, model=FlashConversation, row_id=conversation_id)
    session.refresh(row)
    view = view_of(session, row)
    match_id = _make_ongoing(session, notifier, row, view, now) if row.mentee_continue and row.mentor_continue else None
    if clicked is not None:
        role = "mentee" if person.id == row.mentee_id else "mentor"
        notifier.edit(clicked, notifier.render_flash_continue_answered(view, role, wants, match_id is not None),
                      purpose="flash_continue_answered")
    return ContinueAnswer(view, wants, match_id)


def _make_ongoing(session: Session, notifier: Notifier, row: FlashConversation, view: FlashView,
                  now: datetime) -> int | None:
    if row.match_id is not None:  # the row is held: a match made by an earlier answer stays the one
        return None
    pool = Pool.load_from(session, now, matching_config(session=session))
    if (row.mentee_id, row.mentor_id) in pool.engaged:
        notifier.notice(view.mentee.slack_id,
                        later("You and {name} are already matched: nothing more to do.",
                              name=escape_mrkdwn(view.mentor.name)))
        return None
    kind, reasons = pair_kind(pool, row.mentee_id, row.mentor_id)
    cadence = pool.mentees[row.mentee_id][1].cadence_days if row.mentee_id in pool.mentees else 30
    match = Match(mentee_id=row.mentee_id, mentor_id=row.mentor_id, kind=kind, status=MatchStatus.ACTIVE,
                  cadence_days=cadence, reasons=[f"a flash conversation on {row.topic}", *reasons], started_at=now)  # not text: stored, see reasons.py
    session.add(match)
    session.flush()
    row.match_id = match.id
    session.add(row)
    plan_cycle(session=session, match=match, cycle=1)
    open_agreement(session=session, notifier=notifier, match_id=match.id or 0, now=now)
    for person, other in ((view.mentee, view.mentor), (view.mentor, view.mentee)):
        notifier.notice(person.slack_id, later("You both chose to continue: you and {name} are now an ongoing {kind} "
                                               "match. The program's agreement follows.",
                                               name=escape_mrkdwn(other.name), kind=kind_name(kind)))
    record_audit(session=session, actor="flash", action="flash.ongoing_match", target=str(match.id), now=now)
    return match.id
