"""Announcements: the compose modal, the exact preview, what recipients get, and the coordinator's status."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.broadcasts import (
    AUDIENCES,
    SCHEDULES,
    Announcement,
    Audience,
    BroadcastInfo,
    Schedule,
    audience_label,
    schedule_label,
)
from bot.i18n import N_, _
from bot.timing import zone
from bot.vocabulary import STAGES
from handlers import ids
from handlers.blocks.common import (
    MODAL_TITLE_LIMIT,
    SURFACE_BLOCK_LIMIT,
    Block,
    actions,
    button,
    clip,
    confirmed,
    context,
    divider,
    escape_mrkdwn,
    header,
    message,
    plain,
    section,
)
from handlers.blocks.forms import choice_input, date_input, input_block, read_input, text_input
from handlers.view_metadata import AnnouncementEditRef, BroadcastRef
from storage.tables import BroadcastStatus

DEFAULT_TIME = "09:00"
QUOTE_CHARS = 600  # how much of the message the status message repeats
STATUS_WORDS: dict[str, str] = {BroadcastStatus.SCHEDULED: N_("scheduled"), BroadcastStatus.SENDING: N_("sending"),
                                 BroadcastStatus.DONE: N_("done"), BroadcastStatus.CANCELLED: N_("cancelled")}


def status_words(status: str) -> str:
    return _(STATUS_WORDS[status]) if status in STATUS_WORDS else status


def build_announcement(announcement: Announcement) -> dict[str, Any]:
    """Exactly what each recipient gets (the preview shows this same payload)."""
    blocks: list[Block] = [section(announcement.text)]
    if announcement.buttons:
        blocks.append(actions(ids.ANNOUNCEMENT_LINKS_BLOCK, *(
            {"type": "button", "text": plain(link.label, 75), "url": link.url, "action_id": f"{ids.ANNOUNCE_LINK}{n}"}
            for n, link in enumerate(announcement.buttons))))
    if announcement.author[:1] in ("U", "W"):
        blocks.append(context(_("An announcement from {author} for the mentorship program.").format(
            author=f"<@{announcement.author}>")))
    else:
        blocks.append(context(_("An announcement from the mentorship program.")))
    return message(announcement.text, blocks)


def build_compose_modal(programs: list[str], program_timezone: str, draft: BroadcastInfo | None = None) -> dict[str, Any]:
    """The form; `draft` pre-fills it to edit a scheduled announcement."""
    audience = draft.audience if draft else Audience("everyone")
    schedule = draft.schedule if draft else Schedule()
    text = draft.announcement.text if draft else ""
    links = "\n".join(f"{b.label} | {b.url}" for b in draft.announcement.buttons) if draft else ""
    blocks = [
        context("Each person gets this as a direct message from mentorbot. Next you will see exactly what they will "
                "see and how many people it reaches; nothing is sent before you confirm."),
        input_block("audience", "Who is it for?", choice_input("static_select", AUDIENCES, audience.kind)),
        *_audience_detail(programs, audience),
        input_block("message", "Message", text_input(text, multiline=True, max_length=3000),
                    hint="Slack formatting works: *bold*, _italics_, <https://example.org|a link>, • lists."),
        input_block("links", "Buttons with links", text_input(links, multiline=True, max_length=1500,
                                                               placeholder="Register | https://example.org/register"),
                    optional=True, hint="Optional. One per line, up to 5: Label | https://link"),
        input_block("when", "When", choice_input("radio_buttons", SCHEDULES, schedule.kind)),
        input_block("date", "Day (for a set time)", date_input(schedule.local.date() if schedule.local else None),
                    optional=True),
        input_block("time", "Time (for a set time)", _time_input(schedule), optional=True,
                    hint=f"Program time is {program_timezone}. \"Each person's own timezone\" sends at this time on "
                         "their clock, e.g. 9:00 their time."),
    ]
    title = f"Edit announcement #{draft.broadcast_id}" if draft else "New announcement"
    return {
        "type": "modal", "callback_id": ids.ANNOUNCE_VIEW, "title": plain(title, MODAL_TITLE_LIMIT),
        "submit": plain("Preview", MODAL_TITLE_LIMIT), "close": plain("Cancel", MODAL_TITLE_LIMIT),
        "private_metadata": AnnouncementEditRef(edit_of=draft.broadcast_id if draft else None).text(),
        "blocks": blocks[:SURFACE_BLOCK_LIMIT],
    }


def _audience_detail(programs: list[str], audience: Audience) -> list[Block]:
    people: dict[str, Any] = {"type": "multi_users_select", "placeholder": plain("Choose people", 150)}
    if audience.people:
        people["initial_users"] = list(audience.people)
    blocks = []
    if programs:
        value = audience.value if audience.kind == "program" else None
        blocks.append(input_block("program", "Program (for one program)", choice_input("static_select", programs, value),
                                  optional=True))
    stage = audience.value if audience.kind == "stage" else None
    stages = {code: s.label for code, s in STAGES.items()}
    blocks.append(input_block("stage", "Career stage (for one stage)", choice_input("static_select", stages, stage),
                              optional=True))
    blocks.append(input_block("people", "People (for hand-picked people)", people, optional=True))
    return blocks


def _time_input(schedule: Schedule) -> dict[str, Any]:
    initial = f"{schedule.local:%H:%M}" if schedule.local else DEFAULT_TIME
    return {"type": "timepicker", "initial_time": initial}


def compose_form_values(values: dict[str, Any]) -> dict[str, Any]:
    """The compose modal as the draft model's fields (bot.broadcasts.AnnouncementDraft); the model checks them."""
    return {name: value for name in ids.ANNOUNCE_FIELDS if (value := read_input(values, name)) not in (None, "")}


def build_confirm_view(info: BroadcastInfo, payload: dict[str, Any], editing: bool) -> dict[str, Any]:
    """The preview: the recipients' message exactly as they will get it, how many people, and when."""
    count = info.recipient_count
    people = f"{count:,} {'person' if count == 1 else 'people'}"
    submit = "Save changes" if editing else (f"Send to {people}" if info.schedule.kind == "now" else f"Schedule for {count:,}")
    blocks = [
        section("*Each recipient will see exactly this:*"), divider(), *payload["blocks"], divider(),
        section(f"*To:* {_audience(info.audience)} · *{people}*{_left_out(info)}"),
        section(f"*When:* {_when(info)}"),
        context("Press the button to confirm, or *Back* to change anything. Nothing has been sent yet."),
    ]
    return {
        "type": "modal", "callback_id": ids.ANNOUNCE_CONFIRM_VIEW, "private_metadata": BroadcastRef(broadcast=info.broadcast_id).text(),
        "title": plain("Check and confirm", MODAL_TITLE_LIMIT), "submit": plain(submit, MODAL_TITLE_LIMIT),
        "close": plain("Back", MODAL_TITLE_LIMIT), "blocks": blocks[:SURFACE_BLOCK_LIMIT],
    }


def _audience(audience: Audience) -> str:
    """The audience in mrkdwn: a program name is typed by people in their profiles."""
    return escape_mrkdwn(audience_label(audience))


def _left_out(info: BroadcastInfo) -> str:
    notes = []
    if info.left_out_paused:
        notes.append(f"{info.left_out_paused} on a pause left out")
    if info.left_out_departed:
        notes.append(f"{info.left_out_departed} who left the program left out")
    return f" ({'; '.join(notes)})" if notes else ""


def _program_time(instant: datetime, program_timezone: str) -> str:
    return f"{instant.astimezone(zone(program_timezone)):%a %-d %b, %H:%M}"


def _when(info: BroadcastInfo) -> str:
    label = schedule_label(info.schedule, info.program_timezone)
    first, last = info.first_send_at, info.last_send_at
    if info.schedule.kind != "local" or first is None or last is None or first == last:
        return label
    return (f"{label}: the first copies go at {_program_time(first, info.program_timezone)}, "
            f"the last at {_program_time(last, info.program_timezone)} (program time)")


def build_problem_view(text: str) -> dict[str, Any]:
    return {"type": "modal", "title": plain("Announcement", MODAL_TITLE_LIMIT), "close": plain("Close", MODAL_TITLE_LIMIT),
            "blocks": [section(text)]}


def _progress(info: BroadcastInfo) -> str:
    parts = [f"*{info.sent:,} sent*"]
    parts += [f"{info.pending:,} pending"] if info.pending else []
    parts += [f"{info.failed:,} not delivered"] if info.failed else []
    parts += [f"{info.cancelled:,} cancelled"] if info.cancelled else []
    return " · ".join(parts)


def _status_line(info: BroadcastInfo) -> str:
    if info.status == BroadcastStatus.SCHEDULED and info.first_send_at:
        return f"Scheduled: the first copies go {_program_time(info.first_send_at, info.program_timezone)} (program time)."
    if info.status == BroadcastStatus.SENDING:
        return f"Sending: {_progress(info)}"
    if info.status == BroadcastStatus.CANCELLED:
        return f"Cancelled: {_progress(info)}"
    return f"Done: {_progress(info)}"


def _failure_lines(info: BroadcastInfo) -> str:
    lines = [f"• <@{who}>: {reason}" for who, reason in info.failures]
    more = info.failed - len(info.failures)
    return f"*Not delivered ({info.failed:,}):*\n" + "\n".join(lines) + (f"\n…and {more:,} more" if more > 0 else "")


def build_broadcast_status(info: BroadcastInfo) -> dict[str, Any]:
    """The coordinator's confirmation message, edited in place as delivery goes on."""
    quoted = "\n".join(f"> {line}" for line in clip(info.announcement.text, QUOTE_CHARS).splitlines())
    blocks = [
        header(f"Announcement #{info.broadcast_id}"),
        section(f"*To:* {_audience(info.audience)} · *{info.recipient_count:,} people*\n*When:* {_when(info)}\n"
                f"*Status:* {_status_line(info)}"),
        section(quoted),
    ]
    if info.failures:
        blocks.append(section(_failure_lines(info)))
    controls = _controls(info)
    if controls:
        blocks.append(actions(f"{ids.BROADCAST_BLOCK_PREFIX}{info.broadcast_id}", *controls))
    return message(f"Announcement #{info.broadcast_id}: {status_words(info.status)}", blocks)


def _controls(info: BroadcastInfo) -> list[dict[str, Any]]:
    value = str(info.broadcast_id)
    if info.status == BroadcastStatus.SCHEDULED:
        return [button("Edit", ids.BROADCAST_EDIT, value),
                confirmed(button("Cancel announcement", ids.BROADCAST_CANCEL, value, style="danger"),
                           "Cancel this announcement?", "Nobody will get it.")]
    if info.status == BroadcastStatus.SENDING:
        return [confirmed(button("Stop sending", ids.BROADCAST_CANCEL, value, style="danger"),
                           "Stop sending?", f"{info.pending:,} people have not got it yet and will not.")]
    return []


def build_broadcast_summary(info: BroadcastInfo) -> dict[str, Any]:
    """The DM that tells the coordinator their announcement has finished."""
    text = (f"Announcement #{info.broadcast_id} to {_audience(info.audience).lower()} has finished: "
            f"{info.sent:,} delivered, {info.failed:,} not delivered.")
    blocks = [section(text)]
    if info.failures:
        blocks.append(section(_failure_lines(info)))
    return message(text, blocks)


def build_broadcast_history(history: list[BroadcastInfo]) -> list[Block]:
    """The coordinator's App Home section: recent announcements and a button for a new one."""
    lines = [f"• *#{info.broadcast_id}* {_audience(info.audience)} · {status_words(info.status)}"
             f" · {_progress(info)}" for info in history]
    return [divider(), section("*Announcements*\n" + ("\n".join(lines) or "_None yet._")),
            actions(ids.HOME_ANNOUNCE_BLOCK, button("New announcement", ids.HOME_ANNOUNCE))]
