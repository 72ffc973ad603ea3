"""Matching buttons: coordinator review, mentor consent, shortlist picks, introductions and endings."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, Respond

from bot.deps import Deps
from bot.flows.matching import (
    answer_consent_request,
    log_intro_meeting,
    pick_mentor,
    review_proposals,
    swap_choices,
)
from bot.matching.service import AlreadyDecided, MatchingError, NotYours
from bot.meetings import MeetingError
from bot.notify import MessageRef
from handlers import ids
from handlers.authorization import coordinators_only
from handlers.blocks.help import build_notice
from handlers.blocks.matching import already_reviewed_text, build_swap_modal, mentor_asked_text
from handlers.shared import end_and_tell
from handlers.view_metadata import SwapRef


def clicked_message(body: dict[str, Any]) -> MessageRef:
    container = body["container"]
    return MessageRef(container["channel_id"], container["message_ts"])


@coordinators_only()
def on_review(ack: Ack, body: dict[str, Any], action: dict[str, Any], deps: Deps) -> None:
    """Approve all / approve one / reject one; approved mentors are asked for consent."""
    ack()
    verb, value = action["action_id"], action["value"]
    whole_batch = verb == ids.MATCH_APPROVE_ALL
    try:
        outcome = review_proposals(sessions=deps.sessions, notifier=deps.notifier, actor=body["user"]["id"],
                                   approving=verb != ids.MATCH_REJECT, now=deps.clock.now(),
                                   clicked=clicked_message(body), batch_id=value if whole_batch else None,
                                   proposal_id=None if whole_batch else int(value))
    except NotYours as exc:
        deps.notifier.notice(body["user"]["id"], str(exc))
        return
    if outcome.already_handled:
        deps.notifier.notice(body["user"]["id"], already_reviewed_text(outcome.already_handled))


@coordinators_only()
def on_swap(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: Any, deps: Deps) -> None:
    ack()
    proposal_id = int(action["value"])
    try:
        choices = swap_choices(sessions=deps.sessions, proposal_id=proposal_id, actor=body["user"]["id"],
                               now=deps.clock.now())
    except MatchingError as exc:
        deps.notifier.notice(body["user"]["id"], str(exc))
        return
    where = clicked_message(body)
    metadata = SwapRef(proposal=proposal_id, batch=choices.batch_id, channel=where.channel, ts=where.ts).text()
    client.views_open(trigger_id=body["trigger_id"], view=build_swap_modal(choices.proposal, choices.options, metadata))


def on_consent(ack: Ack, body: dict[str, Any], action: dict[str, Any], deps: Deps) -> None:
    ack()
    user_id = body["user"]["id"]
    try:
        answer_consent_request(sessions=deps.sessions, notifier=deps.notifier, proposal_id=int(action["value"]),
                               mentor_slack_id=user_id, accept=action["action_id"] == ids.CONSENT_ACCEPT,
                               now=deps.clock.now())
    except MatchingError as exc:
        deps.notifier.notice(user_id, str(exc))


def on_pick(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond, deps: Deps) -> None:
    ack()
    kind, _, mentor = action["value"].partition(":")
    try:
        picked = pick_mentor(sessions=deps.sessions, notifier=deps.notifier, mentee_slack_id=body["user"]["id"],
                             kind=kind, mentor_slack_id=mentor, now=deps.clock.now())
    except MatchingError as exc:  # after another click won, keep what the shortlist now says
        respond(replace_original=not isinstance(exc, AlreadyDecided), **build_notice(str(exc)))
        return
    respond(replace_original=True, **build_notice(
        mentor_asked_text(kind, picked.answer_within_hours, mentor_name=picked.proposal.mentor.name)))


def on_met(ack: Ack, body: dict[str, Any], action: dict[str, Any], deps: Deps) -> None:
    ack()
    user_id = body["user"]["id"]
    try:
        log_intro_meeting(sessions=deps.sessions, notifier=deps.notifier, match_id=int(action["value"]), actor=user_id,
                          now=deps.clock.now())
    except MeetingError as exc:
        deps.notifier.notice(user_id, str(exc))
        return


def on_end(ack: Ack, body: dict[str, Any], action: dict[str, Any], deps: Deps) -> None:
    ack()
    end_and_tell(deps, int(action["value"]), body["user"]["id"], is_coordinator=False)
