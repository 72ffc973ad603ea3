"""The outbox implementation of bot.notify.Notifier: renders Block Kit and queues each message in the outbox, in the
caller's transaction when bound to it (`within`). Nothing here calls chat.postMessage, chat.update or
conversations.open: the one sender (bot/outbox.py) does, paced, retried and exactly once."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

from slack_sdk import WebClient
from sqlalchemy import event
from sqlmodel import Session

from bot.agreements.prompts import PromptView
from bot.meeting_ratings import RatingView
from handlers.blocks.meeting_ratings import build_meeting_rating
from bot.agreements.terms import AgreementView
from bot.alerts import AlertInfo, ProgramNote
from bot.broadcasts import Announcement, BroadcastInfo
from bot.checkins import CheckInInfo
from bot.clock import Clock
from bot.enrolment import EnrolledNotice
from bot.flash import FlashView
from bot.i18n import Deferred, _, later
from bot.i18n.choice import speaking_to
from bot.circles.views import CircleView
from handlers.blocks.circles import build_circle_checkin, build_circle_checkin_answered, build_circle_intro
from bot.events.views import EventInfo, PersonalSchedule
from handlers.blocks.events import (
    build_event_invitation,
    build_event_picks,
    build_event_rsvp_answered,
    build_event_schedule,
)
from handlers.blocks.flash import (
    build_flash_answered,
    build_flash_ask,
    build_flash_continue_answered,
    build_flash_follow_up,
    build_flash_intro,
)

from bot.matching.delivery import consent_message_of
from bot.matching.service import BatchResult, EndedMatch, MatchInfo, ProposalInfo, Reader, Unfilled
from bot.my_data import LeaveResult
from handlers.blocks.enrolment import role_words
from handlers.blocks.leave import leave_notice, left_notice_for_self
from bot.mrkdwn import escape_mrkdwn
from bot.notify import MessageRef
from bot.scheduling.messages import MeetingNote, SlotOffer
from bot.surveys.invitations import Invitation
from bot.surveys.service import SurveySummary
from bot.roster.importing import ImportReport
from handlers.blocks.roster import build_import_report
from handlers.blocks.survey_admin import build_survey_created
from bot.surveys.results import RoundResults
from bot.report.service import Report
from handlers.blocks.report import build_report_summary
from handlers.blocks.survey_results import build_results_message
from handlers.blocks.agreements import (
    build_completion_to_coordinators,
    build_mentor_thanks,
    build_agreement,
    build_agreement_agreed,
    build_agreement_change,
    build_completion_thanks,
    build_pulse,
    build_renewed,
    build_review,
)
from handlers.blocks.broadcasts import build_announcement, build_broadcast_status, build_broadcast_summary
from handlers.blocks.checkins import build_checkin, build_digest, build_transition_prompt, nudge_text
from handlers.blocks.enrolment import build_enrolled_by_workflow
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
    ended_notice_for_actor,
    ended_notice_for_coordinator,
    ended_notice_for_other,
    mentor_asked_text,
)
from handlers.shared import publish_home
from bot.program_settings import delivery_window
from bot.timing import next_window_start
from storage.engine import SessionFactory, transaction
from storage.queries.outbox import enqueue_message, sent_to, supersede_edits
from storage.queries.outbox_files import FileToSend, enqueue_file
from storage.queries.people import get_person
from storage.tables import OutboxKind

logger = logging.getLogger(__name__)

Message = dict[str, Any] | Callable[[], dict[str, Any]]
Words = str | Deferred | Callable[[], str]


def spoken(text: Words) -> str:
    return text() if callable(text) else str(text)


def rendered_for(session: Session, recipient: str | None, message: Message) -> dict[str, Any]:
    """A message given as a function is rendered here, in the language of the person (or group) it is for; a
    dict was rendered by the caller, who chose its language (`speaking_to`)."""
    if not callable(message):
        return message
    if recipient is None:
        return message()
    with speaking_to(session, recipient):
        return message()


def _sent_to_owner(session: Session, where: MessageRef) -> bool:
    return bool(where.owner and where.channel and where.ts
                and sent_to(session=session, recipient=where.owner, channel=where.channel, ts=where.ts))


class OutboxNotifier:
    """Queues what services tell people; `client` serves App Home publishing only (views.publish, not a message)."""

    def __init__(self, client: WebClient, sessions: SessionFactory, clock: Clock,
                 wake: Callable[[], None] = lambda: None, *, session: Session | None = None,
                 now: datetime | None = None) -> None:
        self.client, self.sessions, self.clock, self.wake = client, sessions, clock, wake
        self._session, self._now = session, now

    def within(self, session: Session, now: datetime) -> OutboxNotifier:
        """Bound to the caller's transaction: the messages commit with its change, and the sender wakes after."""
        if not session.info.get("outbox_wake"):
            session.info["outbox_wake"] = True
            wake = self.wake
            event.listen(session, "after_commit", lambda _session: wake())
        return OutboxNotifier(self.client, self.sessions, self.clock, self.wake, session=session, now=now)

    @contextmanager
    def _writing(self) -> Iterator[tuple[Session, datetime]]:
        if self._session is not None:
            yield self._session, self._now or self.clock.now()
            return
        now = self.clock.now()
        with transaction(self.sessions) as session:
            yield session, now
        self.wake()

    # keys: 7 random bytes, 14 hex digits: unique enough, and too short to pass for a digest of anything (tests/surveys)
    def _queue(self, recipient: str, message: Message, *, purpose: str, key: str | None = None,
               kind: str = OutboxKind.POST, not_before: datetime | None = None) -> MessageRef:
        with self._writing() as (session, now):
            row = enqueue_message(session=session, key=key or f"{purpose}:{secrets.token_hex(7)}", purpose=purpose,
                                  recipient=recipient, payload=rendered_for(session, recipient, message),
                                  not_before=not_before or now, now=now, kind=kind,
                                  interactive=not_before is None or not_before <= now)
        return MessageRef(outbox_id=row.id)

    def post(self, user_id: str, message: Message, *, purpose: str = "notice",
             not_before: datetime | None = None) -> MessageRef:
        return self._queue(user_id, message, purpose=purpose, not_before=not_before)

    def edit(self, where: MessageRef, message: Message, *, purpose: str = "edit", reader: str | None = None) -> None:
        """`message` may be a function, rendered in `reader`'s language (else the language of the moment). A place
        with an `owner` (named by a view submission) is edited only if mentorbot sent that person the message there."""
        with self._writing() as (session, now):
            if where.owner is not None and not _sent_to_owner(session, where):
                logger.warning("edit %s dropped: the message it names is not one mentorbot sent the submitting person",
                               purpose)
                return
            payload = dict(rendered_for(session, reader, message))
            if where.outbox_id is None:
                payload["ts"] = where.ts
            supersede_edits(session=session, edits_id=where.outbox_id, channel=where.channel, ts=where.ts)
            enqueue_message(session=session, key=f"{purpose}:{secrets.token_hex(7)}", purpose=purpose,
                            recipient=where.channel or f"outbox:{where.outbox_id}", payload=payload, not_before=now,
                            now=now, kind=OutboxKind.UPDATE, edits_id=where.outbox_id,
                            channel=None if where.outbox_id is not None else where.channel, interactive=True)

    def notice(self, user_id: str, text: Words, *, urgent: bool = True) -> MessageRef:
        """`text` chosen with `later(...)` (or a function of no arguments) is translated here, into the
        recipient's language; a str was translated by the caller."""
        if urgent:
            return self.post(user_id, lambda: build_notice(spoken(text)))
        with self._writing() as (session, now):
            person = get_person(session=session, slack_user_id=user_id)
            when = next_window_start(now, person.timezone, delivery_window(session)) if person else now
            return MessageRef(outbox_id=enqueue_message(
                session=session, key=f"nudge:{secrets.token_hex(7)}", purpose="nudge", recipient=user_id,
                payload=rendered_for(session, user_id, lambda: build_notice(spoken(text))), not_before=when, now=now,
                interactive=when <= now).id)

    def ask_consent(self, proposal: ProposalInfo) -> MessageRef:
        return self._queue(proposal.mentor.slack_id, lambda: build_consent_request(proposal), purpose="consent",
                           key=f"consent:{proposal.proposal_id}")

    def mentor_asked_for_mentee(self, proposal: ProposalInfo, answer_within_hours: int) -> None:
        self.post(proposal.mentee.slack_id, lambda: build_notice(mentor_asked_text(proposal.kind, answer_within_hours)),
                  purpose="mentor_asked")

    def consent_closed(self, proposal: ProposalInfo, where: MessageRef, accepted: bool | None) -> None:
        def message() -> dict[str, Any]:
            return build_consent_expired(proposal) if accepted is None else build_consent_answered(proposal, accepted)

        self.edit(where, message, purpose="consent_closed", reader=proposal.mentor.slack_id)

    def consent_withdrawn(self, proposal: ProposalInfo, where: MessageRef) -> None:
        self.edit(where, lambda: build_consent_withdrawn(proposal), purpose="consent_withdrawn",
                  reader=proposal.mentor.slack_id)

    def introduce(self, match: MatchInfo) -> MessageRef:
        """A group DM of the pair, opened by the sender when it delivers (recipients comma-joined)."""
        return self._queue(f"{match.mentee.slack_id},{match.mentor.slack_id}", lambda: build_intro(match), purpose="intro",
                           key=f"intro:{match.match_id}", kind=OutboxKind.OPEN_AND_POST)

    def render_flash_ask(self, view: FlashView) -> dict[str, Any]:
        return build_flash_ask(view)

    def render_flash_answered(self, view: FlashView, accepted: bool) -> dict[str, Any]:
        return build_flash_answered(view, accepted)

    def flash_introduce(self, view: FlashView) -> MessageRef:
        return self._queue(f"{view.mentee.slack_id},{view.mentor.slack_id}", lambda: build_flash_intro(view),
                           purpose="flash_intro", key=f"flash_intro:{view.conversation_id}",
                           kind=OutboxKind.OPEN_AND_POST)

    def render_flash_follow_up(self, view: FlashView, role: str) -> dict[str, Any]:
        return build_flash_follow_up(view, role)

    def render_flash_continue_answered(self, view: FlashView, role: str, wants: bool, matched: bool) -> dict[str, Any]:
        return build_flash_continue_answered(view, role, wants, matched)

    def render_event_invitation(self, event: EventInfo, timezone: str) -> dict[str, Any]:
        return build_event_invitation(event, timezone)

    def render_event_rsvp_answered(self, event: EventInfo, timezone: str, coming: bool) -> dict[str, Any]:
        return build_event_rsvp_answered(event, timezone, coming)

    def render_event_schedule(self, schedule: PersonalSchedule) -> dict[str, Any]:
        return build_event_schedule(schedule)

    def render_event_picks(self, schedule: PersonalSchedule) -> dict[str, Any]:
        return build_event_picks(schedule)

    def circle_introduce(self, view: CircleView) -> MessageRef:
        return self._queue(",".join(slack_id for slack_id, _name in view.members), lambda: build_circle_intro(view),
                           purpose="circle_intro", key=f"circle_intro:{view.circle_id}", kind=OutboxKind.OPEN_AND_POST)

    def render_circle_checkin(self, view: CircleView, checkin_id: int) -> dict[str, Any]:
        return build_circle_checkin(view, checkin_id)

    def render_circle_checkin_answered(self, theme: str, met: bool) -> dict[str, Any]:
        return build_circle_checkin_answered(theme, met)

    def introduction_ended(self, match: MatchInfo, where: MessageRef) -> None:
        self.edit(where, lambda: build_intro(match, ended=True), purpose="intro_ended",
                  reader=f"{match.mentee.slack_id},{match.mentor.slack_id}")

    def send_review(self, coordinator_id: str, batch: BatchResult) -> MessageRef:
        return self.post(coordinator_id, lambda: build_batch_review(batch.batch_id, list(batch.proposals), batch.unfilled),
                         purpose="review")

    def review_changed(self, batch_id: str, proposals: list[ProposalInfo], unfilled: tuple[Unfilled, ...],
                       where: MessageRef) -> None:
        self.edit(where, lambda: build_batch_review(batch_id, proposals, unfilled), purpose="review_changed")

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

    def render_meeting_rating(self, view: RatingView) -> dict[str, Any]:
        return build_meeting_rating(view)

    def render_review(self, view: PromptView) -> dict[str, Any]:
        return build_review(view)

    def render_completion_thanks(self, match: MatchInfo, role: str) -> dict[str, Any]:
        return build_completion_thanks(match, role)

    def render_completion_to_coordinators(self, match: MatchInfo, thanked: bool) -> dict[str, Any]:
        return build_completion_to_coordinators(match, thanked)

    def render_mentor_thanks(self, match: MatchInfo) -> dict[str, Any]:
        return build_mentor_thanks(match)

    def render_renewed(self, match: MatchInfo, role: str, ends_on: date) -> dict[str, Any]:
        return build_renewed(match, role, ends_on)

    def render_transition_prompt(self) -> dict[str, Any]:
        return build_transition_prompt()

    def render_enrolled_by_workflow(self, notice: EnrolledNotice) -> dict[str, Any]:
        return build_enrolled_by_workflow(notice)

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
            return self.post(info.author, lambda: build_broadcast_status(info), purpose="broadcast_status")
        self.edit(where, lambda: build_broadcast_status(info), purpose="broadcast_status", reader=info.author)
        return where

    def send_file(self, user_id: str, file: FileToSend | Callable[[], FileToSend], comment: Words, *,
                  purpose: str = "file") -> MessageRef:
        with self._writing() as (session, now):
            with speaking_to(session, user_id):
                said = spoken(comment)
                file = file() if callable(file) else file
            row = enqueue_file(session=session, key=f"{purpose}:{secrets.token_hex(7)}", purpose=purpose,
                               recipient=user_id, file=file, comment=said, not_before=now, now=now,
                               interactive=True)
        return MessageRef(outbox_id=row.id)

    def send_report(self, user_id: str, report: Report, files: list[FileToSend]) -> None:
        with self._writing() as (session, now):
            bound = self.within(session, now)
            bound.post(user_id, lambda: build_report_summary(report), purpose="report")
            with speaking_to(session, user_id):
                comment = _("Charts and the full evaluation report.")
            for position, file in enumerate(files):
                bound.send_file(user_id, file, comment if position == 0 else "", purpose="report_file")

    def send_survey_results(self, user_id: str, results: RoundResults, files: list[FileToSend]) -> None:
        with self._writing() as (session, now):
            bound = self.within(session, now)
            bound.post(user_id, lambda: build_results_message(results), purpose="survey_results")
            with speaking_to(session, user_id):
                first = _("Round {number} of “{title}”").format(number=results.round_number,
                                                                 title=escape_mrkdwn(results.title))
            for position, file in enumerate(files):
                bound.send_file(user_id, file, first if position == 0 else "", purpose="survey_results_file")

    def match_ended(self, ended: EndedMatch, told: tuple[tuple[str, Reader], ...]) -> None:
        match, searching = ended.match, ended.searching
        def text_for(slack_id: str, reader: Reader) -> Callable[[], str]:
            if reader is Reader.ACTOR:
                return lambda: ended_notice_for_actor(match, slack_id == match.mentee.slack_id, searching)
            if reader is Reader.COORDINATOR:
                return lambda: ended_notice_for_coordinator(match)
            return lambda: ended_notice_for_other(match, reader is Reader.MENTEE, searching)

        for slack_id, reader in told:
            self.notice(slack_id, text_for(slack_id, reader))

    def left_program(self, slack_user_id: str, result: LeaveResult) -> None:
        self.notice(slack_user_id, lambda: left_notice_for_self(result.mode))
        for recipient in result.notify:
            self.notice(recipient, lambda: leave_notice(result.name, result.mode, result.until))
        for withdrawn in result.withdrawn:
            where = consent_message_of(withdrawn.consent_channel, withdrawn.consent_ts, withdrawn.consent_message_id)
            if where is not None:
                self.consent_withdrawn(withdrawn.proposal, where)

    def profile_saved(self, user_id: str, name: str, roles: list[str]) -> None:
        self.notice(user_id, lambda: _("Thanks, {name}! Your profile is saved: you're in the program as {roles}. "
                                       "You can change it any time with `/mentor profile`.").format(
                                           name=escape_mrkdwn(name), roles=role_words(roles)))

    def survey_created(self, user_id: str, summary: SurveySummary) -> None:
        self.post(user_id, lambda: build_survey_created(summary), purpose="survey_created")

    def roster_imported(self, user_id: str, report: ImportReport) -> None:
        self.post(user_id, lambda: build_import_report(report), purpose="roster_import")

    def nudged(self, alert: AlertInfo, coordinator: str) -> None:
        self.notice(alert.mentee.slack_id, lambda: nudge_text(alert, for_mentee=True), urgent=False)
        self.notice(alert.mentor.slack_id, lambda: nudge_text(alert, for_mentee=False), urgent=False)
        self.notice(coordinator, later("Nudged {mentee} and {mentor}.", mentee=escape_mrkdwn(alert.mentee.name),
                                       mentor=escape_mrkdwn(alert.mentor.name)))
