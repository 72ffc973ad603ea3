"""The App Home tab: each person's own network, what is missing, and coordinator counts."""

from __future__ import annotations

from typing import Any

from bot.home import HomeData
from bot.vocabulary import KINDS
from handlers import ids
from handlers.blocks.scheduling import find_time_button, when
from handlers.blocks.agreements import every, standing
from handlers.blocks.broadcasts import build_broadcast_history
from handlers.blocks.development import shared_plan_lines
from handlers.blocks.program_notes import note_blocks
from handlers.blocks.matching import with_article
from handlers.blocks.report import build_headline_blocks
from handlers.blocks.resources import resources_section
from handlers.blocks.home_formats import formats_section
from handlers.blocks.common import (
    SURFACE_BLOCK_LIMIT,
    Block,
    actions,
    button,
    context,
    divider,
    escape_mrkdwn,
    header,
    section,
)


def build_home(data: HomeData) -> dict[str, Any]:
    if not data.enrolled:
        blocks = _welcome()
    else:
        blocks = [header(f"Your mentorship, {data.display_name}" if data.display_name else "Your mentorship")]
        if data.paused:
            blocks.append(context("You are on a pause: no check-ins or surveys until you return."))
        blocks += _network(data) + _mentoring(data) + _meetings(data) + _agreements(data) + _plans(data)
        blocks += formats_section(data.formats, data.timezone)
        blocks += resources_section(data.resources, "Resources for you")
        blocks += _coordinator(data)
        blocks += build_broadcast_history(data.broadcasts) if data.counts is not None else []
        blocks.append(actions(ids.HOME_ACTIONS_BLOCK, button("Edit my profile", ids.HOME_EDIT_PROFILE),
                              button("My availability", ids.HOME_AVAILABILITY)))
    return {"type": "home", "blocks": blocks[:SURFACE_BLOCK_LIMIT]}


def _welcome() -> list[Block]:
    return [
        header("Welcome to mentorbot"),
        section("mentorbot gives each resident and faculty member a small network of mentors: career, research, "
                "clinical, wellness/peer, sponsorship and identity-based. Mentoring is never assessment."),
        actions(ids.HOME_ACTIONS_BLOCK, button("Join the program", ids.HOME_JOIN, style="primary")),
    ]


ARRANGING = {"review": "_a mentor has been suggested; the program coordinators are reviewing it_",
             "consent": "_a mentor is being asked; I'll tell you as soon as they answer_"}


def _network(data: HomeData) -> list[Block]:
    if not data.network:
        return []
    lines = [f"• *{KINDS[slot.kind]}*: "
             f"{escape_mrkdwn(slot.mentor_name) if slot.mentor_name else ARRANGING.get(slot.arranging or '', '_no mentor yet_')}"
             for slot in data.network]
    blocks = [section("*Your mentors*\n" + "\n".join(lines))]
    for kind in data.missing_kinds[:3]:
        blocks.append(section(f"No {KINDS[kind].lower()} mentor yet — ask for one.",
                              accessory=button(f"Find {with_article(KINDS[kind].lower())} mentor", ids.HOME_FIND_MENTOR, kind)))
    return blocks


def _mentoring(data: HomeData) -> list[Block]:
    if data.mentor_capacity is None:
        return []
    active, total = data.mentor_capacity
    mentees = "\n".join(f"• {escape_mrkdwn(name)} ({KINDS[kind].lower()})" for name, kind in data.mentees) or "_None yet._"
    return [divider(), section(f"*Your mentees* ({active} of {total} places taken)\n{mentees}")]


MEETING_STATES = {"proposed": "_times offered, none picked yet_", "picked": "_a time is waiting to be confirmed_"}


def _meetings(data: HomeData) -> list[Block]:
    blocks: list[Block] = []
    for pair in data.meetings:
        if pair.starts_at is not None:
            state = f"next meeting *{when(pair.starts_at, data.timezone, None)}* (your time)"
        else:
            state = MEETING_STATES.get(pair.status or "", "_no meeting arranged_")
        blocks.append(section(f"*{escape_mrkdwn(pair.partner)}*: {state}", block_id=f"{ids.MEET_FIND_BLOCK_PREFIX}{pair.match_id}",
                              accessory=find_time_button(pair.match_id)))
    return ([divider(), section("*Your meetings*")] + blocks) if blocks else []


def _agreements(data: HomeData) -> list[Block]:
    """Each active match's agreement as agreed (or where it stands), so both people see the same terms."""
    if not data.agreements:
        return []
    lines = [f"• *{escape_mrkdwn(view.partner.name)}* ({KINDS.get(view.kind, view.kind).lower()}): meet "
             f"{every(view.cadence_days)} until {view.ends_on:%B %-d, %Y}. _{standing(view)}_"
             for view in data.agreements]
    return [divider(), section("*Your mentoring agreements*\n" + "\n".join(lines))]


def _plans(data: HomeData) -> list[Block]:
    """The mentee's own plan (where to find it), and the plans mentees shared with this mentor."""
    blocks: list[Block] = []
    if "mentee" in data.roles or data.network:
        mine = (f"Your development plan for {data.own_plan_year} is saved; `/mentor idp` to review it."
                if data.own_plan_year else "No development plan for this year yet: `/mentor idp` makes one.")
        blocks.append(context(mine))
    if data.shared_plans:
        blocks += [divider(), section("*Development plans shared with you*\n" + shared_plan_lines(data.shared_plans))]
    return blocks


def _coordinator(data: HomeData) -> list[Block]:
    if data.counts is None:
        return []
    c = data.counts
    return [
        divider(),
        section(f"*Program* ({escape_mrkdwn(data.scope_label or 'Faculty-wide')})\n"
                f"Enrolled: *{c.enrolled}* ({c.mentees} mentees, {c.mentors} mentors)\n"
                f"Mentees matched: *{c.matched_mentees}* · waiting: *{c.waiting_mentees}*\n"
                f"Mentors with free places: *{c.mentors_with_free_capacity}*\n"
                f"Agreements not yet acknowledged: *{data.unacknowledged_agreements}*\n"
                f"Development plans this year: *{data.development_plans or 0}* (counts only)"),
    ] + build_headline_blocks(data.report_headline) + (
        note_blocks("*Latest notes to the program from mentors* (the weekly digest has each week's)",
                    data.program_notes) if data.program_notes else [])
