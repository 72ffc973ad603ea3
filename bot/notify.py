"""What services and jobs need to tell people in Slack, as an interface they can be tested without."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from bot.message_ref import MessageRef

if TYPE_CHECKING:  # annotations only: plain data modules, importing neither this one nor Deps (tests/test_layers.py)
    from datetime import date

    from bot.agreements.views import AgreementView, PromptView
    from bot.broadcasts.model import Announcement, BroadcastInfo
    from bot.care_views import AlertInfo, CheckInInfo, ProgramNote
    from bot.circles.views import CircleView
    from bot.enrolment_views import EnrolledNotice
    from bot.events.views import EventInfo, PersonalSchedule
    from bot.flash_views import FlashView
    from bot.leave_views import LeaveResult
    from bot.matching.views import BatchResult, EndedMatch, MatchInfo, ProposalInfo, Reader, Unfilled
    from bot.rating_views import RatingView
    from bot.report.service import Report
    from bot.roster.report import ImportReport
    from bot.scheduling.messages import MeetingNote, SlotOffer
    from bot.surveys.invitations import Invitation
    from bot.surveys.results import RoundResults
    from bot.surveys.service import SurveySummary
    from storage.queries.outbox_files import FileToSend


class Notifier(Protocol):
    """Every method queues its message in the outbox; `within(session, now)` binds it to the caller's transaction,
    so the message commits with the change that causes it. Unbound, each call is its own small transaction."""

    def within(self, session: Any, now: Any) -> Notifier:
        """This notifier, writing into the caller's session (the sender is woken once it commits)."""
        ...

    def post(self, user_id: str, message: dict[str, Any] | Callable[[], dict[str, Any]], *, purpose: str = "notice",
             not_before: Any = None) -> MessageRef:
        """Any message to a person's DM: at once, or not before `not_before` (their working hours). Given as a
        function, it is rendered in the person's language (bot/i18n); a dict was rendered by the caller."""
        ...

    def edit(self, where: MessageRef, message: dict[str, Any] | Callable[[], dict[str, Any]], *,
             purpose: str = "edit", reader: str | None = None) -> None:
        """Replace a message already posted (or queued) with this one (a function: rendered in `reader`'s language,
        else in the language of the moment, the clicking person's). A place with an `owner` (taken from a view
        submission's metadata, which can be forged) is edited only if mentorbot sent that person the message there;
        otherwise the edit is dropped with a warning."""
        ...

    def notice(self, user_id: str, text: Any, *, urgent: bool = True) -> MessageRef:
        """A short, kind direct message; not urgent: it waits for the recipient's working hours. `text`: a str
        already translated, or `later(...)` / a function, translated into the recipient's language."""
        ...

    def ask_consent(self, proposal: ProposalInfo) -> MessageRef:
        """Ask a mentor to accept or decline a mentee."""
        ...

    def mentor_asked_for_mentee(self, proposal: ProposalInfo, answer_within_hours: int) -> None:
        """Tell the mentee that a mentor of this kind is being asked, without saying who."""
        ...

    def consent_closed(self, proposal: ProposalInfo, where: MessageRef, accepted: bool | None) -> None:
        """Edit the consent request to show the answer (None: it lapsed unanswered)."""
        ...

    def consent_withdrawn(self, proposal: ProposalInfo, where: MessageRef) -> None:
        """Edit the consent request to say it was withdrawn because someone left the program."""
        ...

    def introduce(self, match: MatchInfo) -> MessageRef:
        """The warm group-DM introduction of a new pair."""
        ...

    def introduction_ended(self, match: MatchInfo, where: MessageRef) -> None:
        """Edit the pair's introduction to say the match ended, without its buttons."""
        ...

    def send_review(self, coordinator_id: str, batch: BatchResult) -> MessageRef:
        """Matching proposals for a coordinator to approve, swap or reject."""
        ...

    def review_changed(self, batch_id: str, proposals: list[ProposalInfo], unfilled: tuple[Unfilled, ...],
                       where: MessageRef) -> None:
        """Edit one copy of a batch review to show where each proposal now stands."""
        ...

    def render_checkin(self, checkin: CheckInInfo) -> dict[str, Any]:
        """The chat.postMessage payload of a check-in (or its reminder), for the outbox."""
        ...

    def render_digest(self, alerts: list[AlertInfo], notes: list[ProgramNote], unacknowledged: int = 0) -> dict[str, Any]:
        """The coordinators' weekly digest payload (with the count of agreements not yet acknowledged), for the outbox."""
        ...

    def render_agreement(self, view: AgreementView) -> dict[str, Any]:
        """A pair's mentoring agreement (or its one reminder) for one of them, for the outbox."""
        ...

    def render_agreement_change(self, view: AgreementView) -> dict[str, Any]:
        """A change to the agreement proposed by the other person, to confirm with one click, for the outbox."""
        ...

    def render_agreement_agreed(self, view: AgreementView) -> dict[str, Any]:
        """"Your agreement is in place", for the person who did not make the last click, for the outbox."""
        ...

    def render_pulse(self, view: PromptView) -> dict[str, Any]:
        """The early pulse ("How is this match going?"), for the outbox."""
        ...

    def render_meeting_rating(self, view: RatingView) -> dict[str, Any]:
        """The mentee's one-click "how useful was this meeting?", for the outbox."""
        ...

    def render_review(self, view: PromptView) -> dict[str, Any]:
        """A midpoint or end review (continue, renew, complete), for the outbox."""
        ...

    def render_completion_thanks(self, match: MatchInfo, role: str) -> dict[str, Any]:
        """The thank-you each person gets when their match is completed, for the outbox."""
        ...

    def render_completion_to_coordinators(self, match: MatchInfo, thanked: bool) -> dict[str, Any]:
        """A match was completed; a button to thank the mentor unless the program already did."""
        ...

    def render_mentor_thanks(self, match: MatchInfo) -> dict[str, Any]:
        """The program's thank-you to a mentor for a completed match."""
        ...

    def render_renewed(self, match: MatchInfo, role: str, ends_on: date) -> dict[str, Any]:
        """"You renewed for another term", for the outbox."""
        ...

    def render_transition_prompt(self) -> dict[str, Any]:
        """The transition-date prompt payload, for the outbox."""
        ...

    def render_survey_invitation(self, invitation: Invitation) -> dict[str, Any]:
        """A survey DM (or its one reminder) for one person, for the outbox."""
        ...

    def render_enrolled_by_workflow(self, notice: EnrolledNotice) -> dict[str, Any]:
        """The DM to someone a program's workflow enrolled: what is stored and how to change it, for the outbox."""
        ...

    def refresh_home(self, user_id: str) -> None:
        """Re-publish someone's App Home after a change."""
        ...

    def render_announcement(self, announcement: Announcement) -> dict[str, Any]:
        """What each recipient of an announcement gets (chat.postMessage kwargs), for the outbox."""
        ...

    def render_broadcast_summary(self, info: BroadcastInfo) -> dict[str, Any]:
        """The "your announcement has finished" DM to its coordinator, for the outbox."""
        ...

    def show_broadcast_status(self, info: BroadcastInfo, where: MessageRef | None) -> MessageRef:
        """Post the coordinator's confirmation message (where=None) or edit it in place."""
        ...

    def render_slot_offer(self, offer: SlotOffer) -> dict[str, Any]:
        """Times a pair can both make, to one of them, for the outbox."""
        ...

    def render_meeting_note(self, note: MeetingNote) -> dict[str, Any]:
        """A pick to confirm, a confirmation, a reminder, a "did it happen?" or "no time in common", for the outbox."""
        ...

    def render_flash_ask(self, view: FlashView) -> dict[str, Any]:
        """Ask a mentor for one flash conversation (yes / not this time)."""
        ...

    def render_flash_answered(self, view: FlashView, accepted: bool) -> dict[str, Any]:
        """The flash request, once the mentor answered (no buttons)."""
        ...

    def flash_introduce(self, view: FlashView) -> MessageRef:
        """A group DM of the two, opened by the sender when it delivers."""
        ...

    def render_flash_follow_up(self, view: FlashView, role: str) -> dict[str, Any]:
        """After the conversation: continue as an ongoing match? (both must say yes)"""
        ...

    def render_flash_continue_answered(self, view: FlashView, role: str, wants: bool, matched: bool) -> dict[str, Any]:
        """The follow-up, once this person answered."""
        ...

    def render_event_invitation(self, event: EventInfo, timezone: str) -> dict[str, Any]:
        """A speed-mentoring invitation with its RSVP buttons, on the invitee's clock."""
        ...

    def render_event_rsvp_answered(self, event: EventInfo, timezone: str, coming: bool) -> dict[str, Any]:
        """The invitation once answered."""
        ...

    def render_event_schedule(self, schedule: PersonalSchedule) -> dict[str, Any]:
        """One person's rounds."""
        ...

    def render_event_picks(self, schedule: PersonalSchedule) -> dict[str, Any]:
        """After the event: a button per person they sat with."""
        ...

    def circle_introduce(self, view: CircleView) -> MessageRef:
        """A peer circle's group DM, opened by the sender, with its introduction and agreement."""
        ...

    def render_circle_checkin(self, view: CircleView, checkin_id: int) -> dict[str, Any]:
        """One member's circle check-in (met since the last one? / not yet), to their own DM."""
        ...

    def render_circle_checkin_answered(self, theme: str, met: bool) -> dict[str, Any]:
        """The circle check-in once answered (no buttons)."""
        ...

    def send_file(self, user_id: str, file: FileToSend | Callable[[], FileToSend], comment: Any, *,
                  purpose: str = "file") -> MessageRef:
        """A file shared in a person's DM (or a channel) with a comment (a `later(...)` is said in the recipient's
        language; a file given as a function is built in it too), by the sender; its bytes are kept only until it is
        shared."""
        ...

    def send_report(self, user_id: str, report: Report, files: list[FileToSend]) -> None:
        """The evaluation report's summary in the coordinator's DM, then its charts and full document as files."""
        ...

    def send_survey_results(self, user_id: str, results: RoundResults, files: list[FileToSend]) -> None:
        """A survey round's results in the coordinator's DM, then the chart and the CSV as files."""
        ...

    def match_ended(self, ended: EndedMatch, told: tuple[tuple[str, Reader], ...]) -> None:
        """Each person named is told of the ending in the words for them (whoever ended it, the other person or
        both, the coordinators)."""
        ...

    def left_program(self, slack_user_id: str, result: LeaveResult) -> None:
        """The person who paused or left, the people told kindly, and each withdrawn consent request edited."""
        ...

    def profile_saved(self, user_id: str, name: str, roles: list[str]) -> None:
        """The person told their profile is saved and in which roles they are in the program."""
        ...

    def survey_created(self, user_id: str, summary: SurveySummary) -> None:
        """The coordinator told what their new survey is, who it asks and when."""
        ...

    def roster_imported(self, user_id: str, report: ImportReport) -> None:
        """The coordinator's per-row report of a roster import."""
        ...

    def nudged(self, alert: AlertInfo, coordinator: str) -> None:
        """A kind reminder to both people of a quiet pair (in each one's working hours), and the coordinator told."""
        ...
