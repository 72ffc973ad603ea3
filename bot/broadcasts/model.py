"""What an announcement is: its audience, message, link buttons and schedule, and how each is named.

Who is reached: active people only; group audiences leave out people on a pause (they asked for quiet);
hand-picked people are reached as picked, except those who have left the program.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.access import Refused, Scope, scope_refusal_text
from bot.message_ref import MessageRef
from bot.vocabulary import STAGES
from storage.tables import Broadcast

AUDIENCES: dict[str, str] = {
    "everyone": "Everyone in the program",
    "mentees": "All mentees",
    "mentors": "All mentors",
    "program": "Everyone in one program",
    "stage": "Everyone at one career stage",
    "unmatched": "Mentees without a match",
    "people": "Hand-picked people",
}
SCHEDULES: dict[str, str] = {
    "now": "Send now",
    "at": "At a set time (program time)",
    "local": "At a set time in each person's own timezone",
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
    failures: tuple[tuple[str, str], ...] = ()  # (slack id, reason), the first FAILURES_SHOWN
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
            raise BroadcastError(f"Line {number} should look like `Register | https://example.org/register`.", "links")
        if len(label) > 75 or len(url) > 3000:
            raise BroadcastError(f"Line {number}: labels are at most 75 characters.", "links")
        buttons.append(LinkButton(label, url))
    if len(buttons) > MAX_BUTTONS:
        raise BroadcastError(f"At most {MAX_BUTTONS} buttons, one per line.", "links")
    return tuple(buttons)


def audience_label(audience: Audience) -> str:
    """Who it is for, and for a program coordinator's announcement to a wider group, that it reaches only their
    programs' people."""
    label = _group_label(audience)
    if audience.within is None or audience.kind in ("program", "people"):
        return label
    return f"{label} (only those in {', '.join(audience.within)})"


def _group_label(audience: Audience) -> str:
    if audience.kind == "program":
        return f"Everyone in {audience.value}"
    if audience.kind == "stage":
        stage = STAGES.get(audience.value or "")
        return f"Everyone at {stage.label if stage else audience.value}"
    if audience.kind == "people":
        count = len(audience.people)
        return f"{count} hand-picked {'person' if count == 1 else 'people'}"
    return AUDIENCES.get(audience.kind, audience.kind)


def schedule_label(schedule: Schedule, program_timezone: str) -> str:
    if schedule.kind == "now" or schedule.local is None:
        return "Now"
    when = f"{schedule.local:%a %-d %b %Y, %H:%M}"
    return f"{when} ({program_timezone})" if schedule.kind == "at" else f"{when} in each person's own timezone"


def schedule_of(broadcast: Broadcast) -> Schedule:
    local = datetime.fromisoformat(broadcast.local_time) if broadcast.local_time else None
    return Schedule(broadcast.schedule, local)
