"""What an announcement is: its audience, message, link buttons and schedule, and how each is named.

Who is reached: active people only; group audiences leave out people on a pause (they asked for quiet);
hand-picked people are reached as picked, except those who have left the program.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.access import Refused, Scope, scope_refusal_text
from bot.i18n import N_, Deferred, _, format_clock, format_date, format_list, ngettext
from bot.message_ref import MessageRef
from bot.vocabulary import STAGES
from storage.tables import Broadcast

# English here, marked for translation: shown through audiences() / schedules() in the reader's language.
AUDIENCES: dict[str, str] = {
    "everyone": N_("Everyone in the program"),
    "mentees": N_("All mentees"),
    "mentors": N_("All mentors"),
    "program": N_("Everyone in one program"),
    "stage": N_("Everyone at one career stage"),
    "unmatched": N_("Mentees without a match"),
    "people": N_("Hand-picked people"),
}
SCHEDULES: dict[str, str] = {
    "now": N_("Send now"),
    "at": N_("At a set time (program time)"),
    "local": N_("At a set time in each person's own timezone"),
}
MAX_BUTTONS = 5


class BroadcastError(ValueError):
    """The announcement cannot be made as asked; `field` names the form field to show it on."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class BroadcastRefused(Refused, BroadcastError):
    """An announcement beyond a program coordinator's programs: shown like any problem, and audited."""

    def __init__(self, message: str, *, actor: str, action: str, target: str, field: str | None = None) -> None:
        Refused.__init__(self, message, actor=actor, action=action, target=target)
        self.field = field


@dataclass(frozen=True)
class Audience:
    kind: str
    value: str | None = None  # the program name or stage code
    people: tuple[str, ...] = ()  # hand-picked Slack ids
    within: tuple[str, ...] | None = None  # a program coordinator's programs (the audience cut down to them)

    def as_json(self) -> dict[str, Any]:
        scoped = {} if self.within is None else {"within": list(self.within)}
        return {"kind": self.kind, "value": self.value, "people": list(self.people), **scoped}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Audience:
        within = data.get("within")
        return cls(data["kind"], data.get("value"), tuple(data.get("people") or ()),
                   None if within is None else tuple(within))


@dataclass(frozen=True)
class LinkButton:
    label: str
    url: str


@dataclass(frozen=True)
class Announcement:
    text: str  # Slack mrkdwn
    buttons: tuple[LinkButton, ...] = ()
    author: str = ""  # the coordinator it comes from (a Slack id), named in the footer

    def as_json(self) -> dict[str, Any]:
        return {"text": self.text, "buttons": [[b.label, b.url] for b in self.buttons]}

    @classmethod
    def from_json(cls, data: dict[str, Any], author: str) -> Announcement:
        return cls(data["text"], tuple(LinkButton(label, url) for label, url in data.get("buttons") or ()), author)


@dataclass(frozen=True)
class Schedule:
    kind: str = "now"
    local: datetime | None = None  # naive wall-clock time, for "at" (program time) and "local" (theirs)


@dataclass(frozen=True)
class Recipient:
    slack_id: str
    timezone: str


@dataclass(frozen=True)
class BroadcastInfo:
    """An announcement as its coordinator sees it: what, to whom, when, and how delivery is going."""

    broadcast_id: int
    author: str
    audience: Audience
    announcement: Announcement
    schedule: Schedule
    program_timezone: str
    status: str
    recipient_count: int
    sent: int = 0
    failed: int = 0
    cancelled: int = 0
    first_send_at: datetime | None = None
    last_send_at: datetime | None = None
    left_out_paused: int = 0
    left_out_departed: int = 0
    failures: tuple[tuple[str, str | Deferred], ...] = ()  # (slack id, reason), the first FAILURES_SHOWN
    confirmation: MessageRef | None = None
    created_at: datetime | None = None
    finished_at: datetime | None = None

    @property
    def pending(self) -> int:
        return max(0, self.recipient_count - self.sent - self.failed - self.cancelled)

    @property
    def state(self) -> str:
        """What the confirmation message shows; "final" once nothing about it can change any more."""
        if self.finished_at is not None:
            return "final"
        return f"{self.status}:{self.sent}:{self.failed}:{self.cancelled}:{self.pending}"


def require_broadcast_scope(*, broadcast: Broadcast, scope: Scope, actor: str, action: str) -> None:
    """A program coordinator confirms, edits or cancels only announcements kept within their own programs (not a
    faculty-wide one, nor another program's); BroadcastRefused (audited) otherwise."""
    within = Audience.from_json(broadcast.audience).within
    if scope.programs is None or (within is not None and set(within) <= scope.programs):
        return
    raise BroadcastRefused(scope_refusal_text(scope), actor=actor, action=action, target=str(broadcast.id))


def parse_buttons(text: str) -> tuple[LinkButton, ...]:
    """Buttons from lines "Label | https://link"; BroadcastError on the "links" field if one is malformed."""
    buttons = []
    for number, line in enumerate((line.strip() for line in text.splitlines() if line.strip()), start=1):
        label, bar, url = (part.strip() for part in line.rpartition("|"))
        if not bar or not label or not url.startswith(("https://", "http://")) or " " in url:
            raise BroadcastError(_("Line {number} should look like `{example}`.").format(
                number=number, example=_("Register | https://example.org/register")), "links")
        if len(label) > 75 or len(url) > 3000:
            raise BroadcastError(_("Line {number}: labels are at most 75 characters.").format(number=number), "links")
        buttons.append(LinkButton(label, url))
    if len(buttons) > MAX_BUTTONS:
        raise BroadcastError(_("At most {n} buttons, one per line.").format(n=MAX_BUTTONS), "links")
    return tuple(buttons)


def audience_label(audience: Audience) -> str:
    """Who it is for, and for a program coordinator's announcement to a wider group, that it reaches only their
    programs' people."""
    label = _group_label(audience)
    if audience.within is None or audience.kind in ("program", "people"):
        return label
    return _("{audience} (only those in {programs})").format(audience=label, programs=format_list(audience.within))


def _group_label(audience: Audience) -> str:
    if audience.kind == "program":
        return _("Everyone in {program}").format(program=audience.value)
    if audience.kind == "stage":
        stage = STAGES.get(audience.value or "")
        return _("Everyone at {stage}").format(stage=_(stage.label) if stage else audience.value)
    if audience.kind == "people":
        count = len(audience.people)
        return ngettext("{n} hand-picked person", "{n} hand-picked people", count).format(n=count)
    return _(AUDIENCES[audience.kind]) if audience.kind in AUDIENCES else audience.kind


def audiences() -> dict[str, str]:
    """The audience menu, in the current language."""
    return {kind: _(label) for kind, label in AUDIENCES.items()}


def schedules() -> dict[str, str]:
    """The "When" choices, in the current language."""
    return {kind: _(label) for kind, label in SCHEDULES.items()}


def local_moment(local: datetime) -> str:
    """A wall-clock send time with its year: Tue 10 Mar 2026, 09:05 / mar. 10 mars 2026, 9 h 05."""
    return f"{format_date(local, 'EEE d MMM y')}, {format_clock(local)}"


def schedule_label(schedule: Schedule, program_timezone: str) -> str:
    if schedule.kind == "now" or schedule.local is None:
        return _("Now")
    when = local_moment(schedule.local)
    if schedule.kind == "at":
        return f"{when} ({program_timezone})"
    return _("{when} in each person's own timezone").format(when=when)


def schedule_of(broadcast: Broadcast) -> Schedule:
    local = datetime.fromisoformat(broadcast.local_time) if broadcast.local_time else None
    return Schedule(broadcast.schedule, local)
