"""The Slack implementation of bot.notify.Notifier: renders Block Kit and calls the Web API."""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient

from bot.alerts import AlertInfo, ProgramNote
from bot.broadcasts import Announcement, BroadcastInfo
from bot.checkins import CheckInInfo
from bot.clock import Clock

from bot.matching.service import BatchResult, MatchInfo, ProposalInfo, Unfilled
from bot.notify import MessageRef
from bot.scheduling.messages import MeetingNote, SlotOffer
from bot.surveys.invitations import Invitation
from handlers.blocks.broadcasts import build_announcement, build_broadcast_status, build_broadcast_summary
from handlers.blocks.checkins import build_checkin, build_digest, build_transition_prompt
from handlers.blocks.program_notes import with_program_notes
from handlers.blocks.help import build_notice
from handlers.blocks.scheduling import build_meeting_note, build_slot_offer
from handlers.blocks.surveys import build_survey_invitation
from handlers.blocks.matching import (
    build_batch_review,
    build_consent_answered,
    build_consent_expired,
    build_consent_withdrawn,
    build_consent_request,
    build_intro,
    mentor_asked_text,
)
from handlers.shared import publish_home
from storage.engine import SessionFactory


class SlackNotifier:
    def __init__(self, client: WebClient, sessions: SessionFactory, clock: Clock) -> None:
        self.client, self.sessions, self.clock = client, sessions, clock

    def _dm(self, user_id: str, message: dict) -> MessageRef:
        response = self.client.chat_postMessage(channel=user_id, **message)
        return MessageRef(response["channel"], response["ts"])

    def notice(self, user_id: str, text: str) -> MessageRef:
        return self._dm(user_id, build_notice(text))

    def ask_consent(self, proposal: ProposalInfo) -> MessageRef:
        return self._dm(proposal.mentor.slack_id, build_consent_request(proposal))

    def mentor_asked_for_mentee(self, proposal: ProposalInfo, answer_within_hours: int) -> None:
        self.notice(proposal.mentee.slack_id, mentor_asked_text(proposal.kind, answer_within_hours))

    def consent_closed(self, proposal: ProposalInfo, where: MessageRef, accepted: bool | None) -> None:
        message = build_consent_expired(proposal) if accepted is None else build_consent_answered(proposal, accepted)
        self.client.chat_update(channel=where.channel, ts=where.ts, **message)

    def consent_withdrawn(self, proposal: ProposalInfo, where: MessageRef) -> None:
        self.client.chat_update(channel=where.channel, ts=where.ts, **build_consent_withdrawn(proposal))

    def introduce(self, match: MatchInfo) -> MessageRef:
        channel = self.client.conversations_open(users=f"{match.mentee.slack_id},{match.mentor.slack_id}")["channel"]["id"]
        return self._dm(channel, build_intro(match))

    def introduction_ended(self, match: MatchInfo, where: MessageRef) -> None:
        self.client.chat_update(channel=where.channel, ts=where.ts, **build_intro(match, ended=True))

    def send_review(self, coordinator_id: str, batch: BatchResult) -> MessageRef:
        return self._dm(coordinator_id, build_batch_review(batch.batch_id, list(batch.proposals), batch.unfilled))

    def review_changed(self, batch_id: str, proposals: list[ProposalInfo], unfilled: tuple[Unfilled, ...],
                       where: MessageRef) -> None:
        self.client.chat_update(channel=where.channel, ts=where.ts, **build_batch_review(batch_id, proposals, unfilled))

    def render_checkin(self, checkin: CheckInInfo) -> dict[str, Any]:
        return build_checkin(checkin)

    def render_digest(self, alerts: list[AlertInfo], notes: list[ProgramNote]) -> dict[str, Any]:
        return with_program_notes(build_digest(alerts), notes)

    def render_transition_prompt(self) -> dict[str, Any]:
        return build_transition_prompt()

    def render_survey_invitation(self, invitation: Invitation) -> dict[str, Any]:
        return build_survey_invitation(invitation)

    def render_slot_offer(self, offer: SlotOffer) -> dict[str, Any]:
        return build_slot_offer(offer)

    def render_meeting_note(self, note: MeetingNote) -> dict[str, Any]:
        return build_meeting_note(note)

    def refresh_home(self, user_id: str) -> None:
        publish_home(self.client, self.sessions, user_id, self.clock.now())

    def render_announcement(self, announcement: Announcement) -> dict[str, Any]:
        return build_announcement(announcement)

    def render_broadcast_summary(self, info: BroadcastInfo) -> dict[str, Any]:
        return build_broadcast_summary(info)

    def show_broadcast_status(self, info: BroadcastInfo, where: MessageRef | None) -> MessageRef:
        if where is None:
            return self._dm(info.author, build_broadcast_status(info))
        self.client.chat_update(channel=where.channel, ts=where.ts, **build_broadcast_status(info))
        return where
