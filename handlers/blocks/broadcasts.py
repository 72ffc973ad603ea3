"""Announcements: the compose modal, the exact preview, what recipients get, and the coordinator's status."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.broadcasts import (
    Announcement,
    Audience,
    BroadcastInfo,
    Schedule,
    audience_label,
    audiences,
    schedule_label,
    schedules,
)
from bot.i18n import N_, _, format_moment, format_number, ngettext
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
        context(_("Each person gets this as a direct message from mentorbot. Next you will see exactly what they "
                  "will see and how many people it reaches; nothing is sent before you confirm.")),
        input_block("audience", _("Who is it for?"), choice_input("static_select", audiences(), audience.kind)),
        *_audience_detail(programs, audience),
        input_block("message", _("Message"), text_input(text, multiline=True, max_length=3000),
                    hint=_("Slack formatting works: *bold*, _italics_, <https://example.org|a link>, • lists.")),
        input_block("links", _("Buttons with links"), text_input(
            links, multiline=True, max_length=1500, placeholder=_("Register | https://example.org/register")),
                    optional=True, hint=_("Optional. One per line, up to 5: Label | https://link")),
        input_block("when", _("When"), choice_input("radio_buttons", schedules(), schedule.kind)),
        input_block("date", _("Day (for a set time)"), date_input(schedule.local.date() if schedule.local else None),
                    optional=True),
        input_block("time", _("Time (for a set time)"), _time_input(schedule), optional=True,
                    hint=_("Program time is {timezone}. \"Each person's own timezone\" sends at this time on their "
                           "clock, e.g. 9:00 their time.").format(timezone=program_timezone)),
    ]
    title = _("Edit announcement #{id}").format(id=draft.broadcast_id) if draft else _("New announcement")
    return {
        "type": "modal", "callback_id": ids.ANNOUNCE_VIEW, "title": plain(title, MODAL_TITLE_LIMIT),
        "submit": plain(_("Preview"), MODAL_TITLE_LIMIT), "close": plain(_("Cancel"), MODAL_TITLE_LIMIT),
        "private_metadata": AnnouncementEditRef(edit_of=draft.broadcast_id if draft else None).text(),
        "blocks": blocks[:SURFACE_BLOCK_LIMIT],
    }


def _audience_detail(programs: list[str], audience: Audience) -> list[Block]:
    people: dict[str, Any] = {"type": "multi_users_select", "placeholder": plain(_("Choose people"), 150)}
    if audience.people:
        people["initial_users"] = list(audience.people)
    blocks = []
    if programs:
        value = audience.value if audience.kind == "program" else None
        blocks.append(input_block("program", _("Program (for one program)"),
                                  choice_input("static_select", programs, value), optional=True))
    stage = audience.value if audience.kind == "stage" else None
    stages = {code: _(s.label) for code, s in STAGES.items()}
    blocks.append(input_block("stage", _("Career stage (for one stage)"), choice_input("static_select", stages, stage),
                              optional=True))
    blocks.append(input_block("people", _("People (for hand-picked people)"), people, optional=True))
    return blocks


def _time_input(schedule: Schedule) -> dict[str, Any]:
    initial = f"{schedule.local:%H:%M}" if schedule.local else DEFAULT_TIME
    return {"type": "timepicker", "initial_time": initial}


def compose_form_values(values: dict[str, Any]) -> dict[str, Any]:
    """The compose modal as the draft model's fields (bot.broadcasts.AnnouncementDraft); the model checks them."""
    return {name: value for name in ids.ANNOUNCE_FIELDS if (value := read_input(values, name)) not in (None, "")}


def build_confirm_view(info: BroadcastInfo, payload: dict[str, Any], editing: bool) -> dict[str, Any]:
    """The preview: the recipients' message exactly as they will get it, how many people, and when."""
    blocks = [
        section(_("*Each recipient will see exactly this:*")), divider(), *payload["blocks"], divider(),
        section(_("*To:* {audience} · *{people}*").format(audience=_audience(info.audience),
                                                          people=_people(info.recipient_count)) + _left_out(info)),
        section(_("*When:* {when}").format(when=_when(info))),
        context(_("Press the button to confirm, or *Back* to change anything. Nothing has been sent yet.")),
    ]
    return {
        "type": "modal", "callback_id": ids.ANNOUNCE_CONFIRM_VIEW,
        "private_metadata": BroadcastRef(broadcast=info.broadcast_id).text(),
        "title": plain(_("Check and confirm"), MODAL_TITLE_LIMIT),
        "submit": plain(_confirm_label(info, editing), MODAL_TITLE_LIMIT),
        "close": plain(_("Back"), MODAL_TITLE_LIMIT), "blocks": blocks[:SURFACE_BLOCK_LIMIT],
    }


def _people(count: int) -> str:
    return ngettext("{n} person", "{n} people", count).format(n=format_number(count))


def _confirm_label(info: BroadcastInfo, editing: bool) -> str:
    if editing:
        return _("Save changes")
    if info.schedule.kind == "now":
        return _("Send to {people}").format(people=_people(info.recipient_count))
    return _("Schedule for {n}").format(n=format_number(info.recipient_count))


def _audience(audience: Audience) -> str:
    """The audience in mrkdwn: a program name is typed by people in their profiles."""
    return escape_mrkdwn(audience_label(audience))


def _left_out(info: BroadcastInfo) -> str:
    notes = []
    if info.left_out_paused:
        notes.append(ngettext("{n} on a pause left out", "{n} on a pause left out", info.left_out_paused).format(
            n=format_number(info.left_out_paused)))
    if info.left_out_departed:
        notes.append(ngettext("{n} who left the program left out", "{n} who left the program left out",
                              info.left_out_departed).format(n=format_number(info.left_out_departed)))
    return f" ({'; '.join(notes)})" if notes else ""


def _program_time(instant: datetime, program_timezone: str) -> str:
    return format_moment(instant.astimezone(zone(program_timezone)))


def _when(info: BroadcastInfo) -> str:
    label = schedule_label(info.schedule, info.program_timezone)
    first, last = info.first_send_at, info.last_send_at
    if info.schedule.kind != "local" or first is None or last is None or first == last:
        return label
    return _("{schedule}: the first copies go at {first}, the last at {last} (program time)").format(
        schedule=label, first=_program_time(first, info.program_timezone), last=_program_time(last, info.program_timezone))


def build_problem_view(text: str) -> dict[str, Any]:
    return {"type": "modal", "title": plain(_("Announcement"), MODAL_TITLE_LIMIT),
            "close": plain(_("Close"), MODAL_TITLE_LIMIT), "blocks": [section(text)]}


def _progress(info: BroadcastInfo) -> str:
    parts = [ngettext("*{n} sent*", "*{n} sent*", info.sent).format(n=format_number(info.sent))]
    parts += [ngettext("{n} pending", "{n} pending", info.pending).format(n=format_number(info.pending))] \
        if info.pending else []
    parts += [ngettext("{n} not delivered", "{n} not delivered", info.failed).format(n=format_number(info.failed))] \
        if info.failed else []
    parts += [ngettext("{n} cancelled", "{n} cancelled", info.cancelled).format(n=format_number(info.cancelled))] \
        if info.cancelled else []
    return " · ".join(parts)


def _status_line(info: BroadcastInfo) -> str:
    if info.status == BroadcastStatus.SCHEDULED and info.first_send_at:
        return _("Scheduled: the first copies go {when} (program time).").format(
            when=_program_time(info.first_send_at, info.program_timezone))
    if info.status == BroadcastStatus.SENDING:
        return _("Sending: {progress}").format(progress=_progress(info))
    if info.status == BroadcastStatus.CANCELLED:
        return _("Cancelled: {progress}").format(progress=_progress(info))
    return _("Done: {progress}").format(progress=_progress(info))


def _failure_lines(info: BroadcastInfo) -> str:
    lines = [f"• <@{who}>: {reason}" for who, reason in info.failures]
    more = info.failed - len(info.failures)
    heading = _("*Not delivered ({n}):*").format(n=format_number(info.failed))
    rest = "\n" + _("…and {n} more").format(n=format_number(more)) if more > 0 else ""
    return heading + "\n" + "\n".join(lines) + rest


def build_broadcast_status(info: BroadcastInfo) -> dict[str, Any]:
    """The coordinator's confirmation message, edited in place as delivery goes on."""
    quoted = "\n".join(f"> {line}" for line in clip(info.announcement.text, QUOTE_CHARS).splitlines())
    blocks = [
        header(_("Announcement #{id}").format(id=info.broadcast_id)),
        section(_("*To:* {audience} · *{people}*").format(audience=_audience(info.audience),
                                                          people=_people(info.recipient_count)) + "\n"
                + _("*When:* {when}").format(when=_when(info)) + "\n"
                + _("*Status:* {status}").format(status=_status_line(info))),
        section(quoted),
    ]
    if info.failures:
        blocks.append(section(_failure_lines(info)))
    controls = _controls(info)
    if controls:
        blocks.append(actions(f"{ids.BROADCAST_BLOCK_PREFIX}{info.broadcast_id}", *controls))
    return message(_("Announcement #{id}: {status}").format(id=info.broadcast_id, status=status_words(info.status)),
                   blocks)


def _controls(info: BroadcastInfo) -> list[dict[str, Any]]:
    value = str(info.broadcast_id)
    if info.status == BroadcastStatus.SCHEDULED:
        return [button(_("Edit"), ids.BROADCAST_EDIT, value),
                confirmed(button(_("Cancel announcement"), ids.BROADCAST_CANCEL, value, style="danger"),
                          _("Cancel this announcement?"), _("Nobody will get it."))]
    if info.status == BroadcastStatus.SENDING:
        return [confirmed(button(_("Stop sending"), ids.BROADCAST_CANCEL, value, style="danger"), _("Stop sending?"),
                          ngettext("{n} person has not got it yet and will not.",
                                   "{n} people have not got it yet and will not.", info.pending).format(
                              n=format_number(info.pending)))]
    return []


def build_broadcast_summary(info: BroadcastInfo) -> dict[str, Any]:
    """The DM that tells the coordinator their announcement has finished."""
    text = _("Announcement #{id} to {audience} has finished: {delivered}, {failed}.").format(
        id=info.broadcast_id, audience=_audience(info.audience).lower(),
        delivered=ngettext("{n} delivered", "{n} delivered", info.sent).format(n=format_number(info.sent)),
        failed=ngettext("{n} not delivered", "{n} not delivered", info.failed).format(n=format_number(info.failed)))
    blocks = [section(text)]
    if info.failures:
        blocks.append(section(_failure_lines(info)))
    return message(text, blocks)


def build_broadcast_history(history: list[BroadcastInfo]) -> list[Block]:
    """The coordinator's App Home section: recent announcements and a button for a new one."""
    lines = [_("• *#{id}* {audience} · {status} · {progress}").format(
        id=info.broadcast_id, audience=_audience(info.audience), status=status_words(info.status),
        progress=_progress(info)) for info in history]
    return [divider(), section(_("*Announcements*") + "\n" + ("\n".join(lines) or _("_None yet._"))),
            actions(ids.HOME_ANNOUNCE_BLOCK, button(_("New announcement"), ids.HOME_ANNOUNCE))]
