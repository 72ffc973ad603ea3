"""Matching requests from Slack: proposals for review, shortlists, consent, swaps, meetings logged and endings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from bot.i18n import _, format_day, later
from bot.access import scope_of, unit_of_work
from bot.agreements.service import open_agreement
from bot.matching.config import matching_config
from bot.matching.delivery import (
    ask_approved_mentor,
    ask_for_consent,
    consent_window_hours,
    deliver_outcome,
    homes_to_refresh,
    refresh_review_copies,
    retire_introduction,
    send_for_review,
)
from bot.matching.pool import MentorOption
from bot.matching.service import (
    BatchResult,
    EndedMatch,
    MatchInfo,
    PersonRef,
    ProposalInfo,
    Reader,
    Review,
    alternatives,
    answer_consent,
    batch_proposals,
    check_proposal_scope,
    end_match,
    matches_of,
    pick,
    propose_batch,
    proposal_info,
    review,
    shortlist,
    swap,
)
from bot.meetings import LoggedMeeting, log_meeting
from bot.notify import MessageRef, Notifier
from bot.scheduling.invitations import queue_invitation_files
from storage.engine import SessionFactory, transaction
from storage.tables import Proposal, ProposalStatus


def propose_and_send(*, sessions: SessionFactory, notifier: Notifier, actor: str, now: datetime) -> BatchResult:
    """Compute a batch of proposals and send it to the coordinator who asked (unless there is nothing to match)."""
    with transaction(sessions) as session:
        batch = propose_batch(session=session, now=now, config=matching_config(session=session), actor=actor,
                              scope=scope_of(session=session, slack_user_id=actor))
        if batch.proposals or batch.unfilled:
            send_for_review(session, batch, [actor], notifier.within(session, now))
    return batch


def find_mentors(*, sessions: SessionFactory, mentee_slack_id: str, kind: str,
                 now: datetime) -> list[tuple[PersonRef, MentorOption]]:
    with transaction(sessions) as session:
        return shortlist(session=session, mentee_slack_id=mentee_slack_id, kind=kind, now=now,
                         config=matching_config(session=session))


def review_proposals(*, sessions: SessionFactory, notifier: Notifier, actor: str, approving: bool, now: datetime,
                     clicked: MessageRef, batch_id: str | None = None, proposal_id: int | None = None) -> Review:
    """Approve or reject one proposal, or every one of a batch still pending review; approved mentors are asked,
    and every copy of the review shows the decision. A proposal outside a program coordinator's programs raises
    NotYours (audited; nothing is decided)."""
    with unit_of_work(sessions, now) as session:
        if proposal_id is None:
            pending = [p.proposal_id for p in batch_proposals(session=session, batch_id=batch_id or "")
                       if p.status == ProposalStatus.PENDING_REVIEW]
        else:
            batch_id, pending = _batch_of(session, proposal_id), [proposal_id]
        outcome = review(session=session, proposal_ids=pending, approving=approving, actor=actor, now=now,
                         scope=scope_of(session=session, slack_user_id=actor))
        bound = notifier.within(session, now)
        for proposal in outcome.decided if approving else ():
            ask_approved_mentor(session, proposal, bound)
        refresh_review_copies(session, batch_id or "", bound, clicked=clicked)
    for proposal in outcome.decided if approving else ():
        notifier.refresh_home(proposal.mentee.slack_id)
    return outcome


@dataclass(frozen=True)
class SwapChoices:
    proposal: ProposalInfo
    batch_id: str
    options: list[tuple[PersonRef, MentorOption]]


def swap_choices(*, sessions: SessionFactory, proposal_id: int, actor: str, now: datetime) -> SwapChoices:
    """Other mentors who could take a proposal's place, for a coordinator's swap; a proposal outside a program
    coordinator's programs raises NotYours (audited)."""
    with unit_of_work(sessions, now) as session:
        check_proposal_scope(session=session, proposal_id=proposal_id, actor=actor, action="match.swap",
                             scope=scope_of(session=session, slack_user_id=actor))
        options = alternatives(session=session, proposal_id=proposal_id, now=now, config=matching_config(session=session))
        proposal = proposal_info(session, session.get(Proposal, proposal_id))  # type: ignore[arg-type]
        return SwapChoices(proposal, _batch_of(session, proposal_id), options)


def swap_mentor(*, sessions: SessionFactory, notifier: Notifier, proposal_id: int, mentor_slack_id: str, actor: str,
                now: datetime, batch_id: str, clicked: MessageRef) -> None:
    """Replace a proposal's mentor, then show it on every copy of the batch's review. The modal is checked again
    on submission (it can be forged): a proposal outside a program coordinator's programs raises NotYours (audited;
    nothing changes)."""
    with unit_of_work(sessions, now) as session:
        check_proposal_scope(session=session, proposal_id=proposal_id, actor=actor, action="match.swap",
                             scope=scope_of(session=session, slack_user_id=actor))
        swap(session=session, proposal_id=proposal_id, mentor_slack_id=mentor_slack_id, actor=actor, now=now,
             config=matching_config(session=session))
        refresh_review_copies(session, batch_id, notifier.within(session, now), clicked=clicked)


def answer_consent_request(*, sessions: SessionFactory, notifier: Notifier, proposal_id: int, mentor_slack_id: str,
                           accept: bool, now: datetime) -> None:
    """A mentor's yes or no: introduce the pair, or ask the next mentor, or tell the coordinators of a gap."""
    with unit_of_work(sessions, now) as session:
        outcome = answer_consent(session=session, proposal_id=proposal_id, mentor_slack_id=mentor_slack_id,
                                 accept=accept, now=now, config=matching_config(session=session))
        if outcome.match is not None:  # both get the program's agreement with the introduction
            open_agreement(session=session, notifier=notifier, match_id=outcome.match.match_id, now=now)
        deliver_outcome(session, outcome, notifier.within(session, now))
    for slack_id in homes_to_refresh(outcome):
        notifier.refresh_home(slack_id)


@dataclass(frozen=True)
class Picked:
    proposal: ProposalInfo
    answer_within_hours: int


def pick_mentor(*, sessions: SessionFactory, notifier: Notifier, mentee_slack_id: str, kind: str,
                mentor_slack_id: str, now: datetime) -> Picked:
    """A mentee picks a mentor from their shortlist: the mentor is asked for consent."""
    with transaction(sessions) as session:
        proposal = pick(session=session, mentee_slack_id=mentee_slack_id, kind=kind, mentor_slack_id=mentor_slack_id,
                        now=now, config=matching_config(session=session))
        ask_for_consent(session, proposal, notifier.within(session, now))
        hours = consent_window_hours(session)
    return Picked(proposal, hours)


def log_intro_meeting(*, sessions: SessionFactory, notifier: Notifier, match_id: int, actor: str,
                      now: datetime) -> LoggedMeeting:
    """The introduction's "We met" button: a meeting today on the actor's own calendar, confirmed to them."""
    with transaction(sessions) as session:
        logged = log_meeting(session=session, match_id=match_id, actor=actor, met_on=None, now=now)
        notifier.within(session, now).notice(actor, later("Already noted for today, thanks!") if logged.merged else
                                             lambda: _("Noted: you met on {day}. Thanks for keeping the program "
                                                       "informed.").format(day=format_day(logged.met_on)))
        return logged


def active_matches(*, sessions: SessionFactory, slack_id: str) -> list[MatchInfo]:
    with sessions() as session:
        return matches_of(session=session, slack_id=slack_id)


def matches_between(*, sessions: SessionFactory, people: set[str]) -> list[MatchInfo]:
    """The active matches of exactly these two people."""
    with sessions() as session:
        return [m for m in matches_of(session=session, slack_id=next(iter(people)))
                if {m.mentee.slack_id, m.mentor.slack_id} == people]


@dataclass(frozen=True)
class Ending:
    ended: EndedMatch
    told: tuple[tuple[str, Reader], ...]  # (Slack id, as whom), in the order they are to be told


def end_match_and_tell(*, sessions: SessionFactory, notifier: Notifier, match_id: int, actor: str, now: datetime,
                       is_coordinator: bool) -> Ending:
    """End a match; the introduction loses its buttons and both Homes change. Told: whoever ended it, the other
    person (or both, when a coordinator ended it) and the other coordinators."""
    with unit_of_work(sessions, now) as session:
        ended = end_match(session=session, match_id=match_id, actor=actor, now=now, is_coordinator=is_coordinator)
        bound = notifier.within(session, now)
        retire_introduction(session, ended.match, bound)
        queue_invitation_files(bound, ended.calendar_files)
        told = _told_of_ending(ended, actor)
        bound.match_ended(ended, told)
    match = ended.match
    for person in (match.mentee, match.mentor):
        notifier.refresh_home(person.slack_id)
    return Ending(ended, tuple(told))


def _told_of_ending(ended: EndedMatch, actor: str) -> tuple[tuple[str, Reader], ...]:
    match = ended.match
    parties = [ended.other] if ended.other else [match.mentee, match.mentor]
    told = [(actor, Reader.ACTOR)] if ended.other else []
    told += [(p.slack_id, Reader.MENTEE if p == match.mentee else Reader.MENTOR) for p in parties]
    told += [(coordinator, Reader.COORDINATOR) for coordinator in ended.coordinators]
    return tuple(told)


def _batch_of(session: Session, proposal_id: int) -> str:
    proposal = session.get(Proposal, proposal_id)
    return proposal.batch_id if proposal and proposal.batch_id else ""
