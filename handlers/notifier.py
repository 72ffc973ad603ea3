"""The Slack implementation of bot.notify.Notifier: renders Block Kit and calls the Web API."""

from __future__ import annotations

from datetime import date
from typing import Any

from slack_sdk import WebClient

from bot.agreements.prompts import PromptView
from bot.agreements.terms import AgreementView
from bot.alerts import AlertInfo, ProgramNote
from bot.broadcasts import Announcement, BroadcastInfo
from bot.checkins import CheckInInfo
from bot.clock import Clock

from bot.matching.service import BatchResult, MatchInfo, ProposalInfo, Unfilled
from bot.notify import MessageRef
from bot.surveys.invitations import Invitation
from handlers.blocks.agreements import (
    build_agreement,
    build_agreement_agreed,
    build_agreement_change,
    build_completion_thanks,
    build_pulse,
    build_renewed,
    build_review,
)
from handlers.blocks.broadcasts import build_announcement, build_broadcast_status, build_broadcast_summary
from handlers.blocks.checkins import build_checkin, build_digest, build_transition_prompt
from handlers.blocks.program_notes import with_program_notes
from handlers.blocks.help import build_notice
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

    def render_digest(self, alerts: list[AlertInfo], notes: list[ProgramNote], unacknowledged: int = 0) -> dict[str, Any]:
        return with_program_notes(build_digest(alerts, unacknowledged), notes)

    def render_agreement(self, view: AgreementView) -> dict[str, Any]:
        return build_agreement(view)

    def render_agreement_change(self, view: AgreementView) -> dict[str, Any]:
        return build_agreement_change(view)

    def render_agreement_agreed(self, view: AgreementView) -> dict[str, Any]:
        return build_agreement_agreed(view)

    def render_pulse(self, view: PromptView) -> dict[str, Any]:
        return build_pulse(view)

    def render_review(self, view: PromptView) -> dict[str, Any]:
        return build_review(view)

    def render_completion_thanks(self, match: MatchInfo, role: str) -> dict[str, Any]:
        return build_completion_thanks(match, role)

    def render_renewed(self, match: MatchInfo, role: str, ends_on: date) -> dict[str, Any]:
        return build_renewed(match, role, ends_on)

    def render_transition_prompt(self) -> dict[str, Any]:
        return build_transition_prompt()

    def render_survey_invitation(self, invitation: Invitation) -> dict[str, Any]:
        return build_survey_invitation(invitation)

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
