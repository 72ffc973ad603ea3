"""Matching buttons: coordinator review, mentor consent, shortlist picks, introductions and endings."""

from __future__ import annotations

import json
from typing import Any

from slack_bolt import Ack, Respond

from bot.access import refusal_text
from bot.deps import Deps
from bot.matching.config import matching_config
from bot.matching.delivery import (
    ask_approved_mentor,
    ask_for_consent,
    consent_window_hours,
    deliver_outcome,
    refresh_review_copies,
    retire_introduction,
)
from bot.matching.service import (
    AlreadyDecided,
    MatchingError,
    alternatives,
    answer_consent,
    batch_proposals,
    end_match,
    pick,
    proposal_info,
    review,
)
from bot.meetings import MeetingError, log_meeting
from bot.notify import MessageRef
from handlers import ids
from handlers.authorization import COORDINATORS, audit_if_refused, coordinator_allowed
from handlers.blocks.help import build_notice
from handlers.blocks.matching import (
    already_reviewed_text,
    build_swap_modal,
    ended_notice_for_actor,
    ended_notice_for_coordinator,
    ended_notice_for_other,
    mentor_asked_text,
)
from storage.engine import transaction
from storage.tables import Proposal

def require_coordinator(deps: Deps, user_id: str, action: str) -> bool:
    """For clicks and submissions already acknowledged: a refusal reaches the person as a DM."""
    allowed = coordinator_allowed(deps, user_id, action)
    if not allowed:
        deps.notifier.notice(user_id, refusal_text(COORDINATORS))
    return allowed


def clicked_message(body: dict[str, Any]) -> MessageRef:
    container = body["container"]
    return MessageRef(container["channel_id"], container["message_ts"])


def _batch_of(deps: Deps, proposal_id: int) -> str:
    with deps.sessions() as session:
        proposal = session.get(Proposal, proposal_id)
        return proposal.batch_id if proposal and proposal.batch_id else ""


def on_review(ack: Ack, body: dict[str, Any], action: dict[str, Any], deps: Deps) -> None:
    """Approve all / approve one / reject one; approved mentors are asked for consent."""
    ack()
    user_id, verb = body["user"]["id"], action["action_id"]
    if not require_coordinator(deps, user_id, verb):
        return
    with transaction(deps.sessions) as session:
        if verb == ids.MATCH_APPROVE_ALL:
            batch_id = action["value"]
            pending = [p.proposal_id for p in batch_proposals(session=session, batch_id=batch_id) if p.status == "pending_review"]
        else:
            batch_id, pending = _batch_of(deps, int(action["value"])), [int(action["value"])]
        outcome = review(session=session, proposal_ids=pending, approving=verb != ids.MATCH_REJECT, actor=user_id,
                         now=deps.clock.now())
    for proposal in outcome.decided if verb != ids.MATCH_REJECT else ():
        ask_approved_mentor(proposal, deps.notifier, deps.sessions)
    if outcome.already_handled:
        deps.notifier.notice(user_id, already_reviewed_text(outcome.already_handled))
    refresh_review_copies(batch_id, deps.notifier, deps.sessions, clicked=clicked_message(body))


def on_swap(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: Any, deps: Deps) -> None:
    ack()
    user_id, proposal_id = body["user"]["id"], int(action["value"])
    if not require_coordinator(deps, user_id, "match_swap"):
        return
    try:
        with deps.sessions() as session:
            options = alternatives(session=session, proposal_id=proposal_id, now=deps.clock.now(),
                                   config=matching_config(session=session))
            proposal = proposal_info(session, session.get(Proposal, proposal_id))  # type: ignore[arg-type]
    except MatchingError as exc:
        deps.notifier.notice(user_id, str(exc))
        return
    container = body["container"]
    metadata = json.dumps({"proposal": proposal_id, "batch": _batch_of(deps, proposal_id),
                           "channel": container["channel_id"], "ts": container["message_ts"]})
    client.views_open(trigger_id=body["trigger_id"], view=build_swap_modal(proposal, options, metadata))


def on_consent(ack: Ack, body: dict[str, Any], action: dict[str, Any], deps: Deps) -> None:
    ack()
    user_id = body["user"]["id"]
    try:
        with transaction(deps.sessions) as session:
            outcome = answer_consent(session=session, proposal_id=int(action["value"]), mentor_slack_id=user_id,
                                     accept=action["action_id"] == "consent_accept", now=deps.clock.now(),
                                     config=matching_config(session=session))
    except MatchingError as exc:
        audit_if_refused(deps, exc)
        deps.notifier.notice(user_id, str(exc))
        return
    deliver_outcome(outcome, deps.notifier, deps.sessions)


def on_pick(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond, deps: Deps) -> None:
    ack()
    kind, _, mentor = action["value"].partition(":")
    try:
        with transaction(deps.sessions) as session:
            proposal = pick(session=session, mentee_slack_id=body["user"]["id"], kind=kind, mentor_slack_id=mentor,
                            now=deps.clock.now(), config=matching_config(session=session))
    except MatchingError as exc:  # after another click won, keep what the shortlist now says
        respond(replace_original=not isinstance(exc, AlreadyDecided), **build_notice(str(exc)))
        return
    ask_for_consent(proposal, deps.notifier, deps.sessions)
    respond(replace_original=True, **build_notice(
        mentor_asked_text(kind, consent_window_hours(deps.sessions), mentor_name=proposal.mentor.name)))


def on_met(ack: Ack, body: dict[str, Any], action: dict[str, Any], deps: Deps) -> None:
    ack()
    user_id = body["user"]["id"]
    try:
        with transaction(deps.sessions) as session:
            logged = log_meeting(session=session, match_id=int(action["value"]), actor=user_id,
                                 met_on=None, now=deps.clock.now())
    except MeetingError as exc:
        deps.notifier.notice(user_id, str(exc))
        return
    deps.notifier.notice(user_id, "Already noted for today, thanks!" if logged.merged
                         else f"Noted: you met on {logged.met_on:%B %-d}. Thanks for keeping the program informed.")


def on_end(ack: Ack, body: dict[str, Any], action: dict[str, Any], deps: Deps) -> None:
    ack()
    end_and_tell(deps, int(action["value"]), body["user"]["id"], is_coordinator=False)


def end_and_tell(deps: Deps, match_id: int, actor: str, *, is_coordinator: bool) -> None:
    """End a match, then tell the other person (or both, if a coordinator ended it) and the coordinators."""
    try:
        with transaction(deps.sessions) as session:
            ended = end_match(session=session, match_id=match_id, actor=actor, now=deps.clock.now(),
                              is_coordinator=is_coordinator)
    except MatchingError as exc:
        audit_if_refused(deps, exc)
        deps.notifier.notice(actor, str(exc))
        return
    match = ended.match
    others = [ended.other] if ended.other else [match.mentee, match.mentor]
    if ended.other:
        deps.notifier.notice(actor, ended_notice_for_actor(match, actor == match.mentee.slack_id, ended.searching))
    for person in others:
        deps.notifier.notice(person.slack_id, ended_notice_for_other(match, person == match.mentee, ended.searching))
    for coordinator in ended.coordinators:
        deps.notifier.notice(coordinator, ended_notice_for_coordinator(match))
    retire_introduction(match, deps.notifier, deps.sessions)
    for person in (match.mentee, match.mentor):
        deps.notifier.refresh_home(person.slack_id)
