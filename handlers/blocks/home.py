"""The App Home tab: each person's own network, what is missing, and coordinator counts."""

from __future__ import annotations

from typing import Any

from bot.home import HomeData
from bot.i18n import N_, _, format_date, format_number, labelled, ngettext
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
        blocks = [header(_("Your mentorship, {name}").format(name=data.display_name) if data.display_name
                         else _("Your mentorship"))]
        if data.paused:
            blocks.append(context(_("You are on a pause: no check-ins or surveys until you return.")))
        blocks += _network(data) + _mentoring(data) + _meetings(data) + _agreements(data) + _plans(data)
        blocks += formats_section(data.formats, data.timezone)
        blocks += resources_section(data.resources, _("Resources for you"))
        blocks += _coordinator(data)
        blocks += build_broadcast_history(data.broadcasts) if data.counts is not None else []
        blocks.append(actions(ids.HOME_ACTIONS_BLOCK, button(_("Edit my profile"), ids.HOME_EDIT_PROFILE),
                              button(_("My availability"), ids.HOME_AVAILABILITY)))
    return {"type": "home", "blocks": blocks[:SURFACE_BLOCK_LIMIT]}


def _welcome() -> list[Block]:
    return [
        header(_("Welcome to mentorbot")),
        section(_("mentorbot gives each resident and faculty member a small network of mentors: career, research, "
                  "clinical, wellness/peer, sponsorship and identity-based. Mentoring is never assessment.")),
        actions(ids.HOME_ACTIONS_BLOCK, button(_("Join the program"), ids.HOME_JOIN, style="primary")),
    ]


ARRANGING = {"review": N_("_a mentor has been suggested; the program coordinators are reviewing it_"),
             "consent": N_("_a mentor is being asked; I'll tell you as soon as they answer_")}


def _network(data: HomeData) -> list[Block]:
    if not data.network:
        return []
    lines = ["• " + labelled(f"*{_(KINDS[slot.kind])}*",
                             escape_mrkdwn(slot.mentor_name) if slot.mentor_name else
                             _(ARRANGING[slot.arranging]) if slot.arranging in ARRANGING else _("_no mentor yet_"))
             for slot in data.network]
    blocks = [section(_("*Your mentors*") + "\n" + "\n".join(lines))]
    for kind in data.missing_kinds[:3]:
        label = _(KINDS[kind]).lower()
        blocks.append(section(_("No {kind} mentor yet — ask for one.").format(kind=label),
                              # TRANSLATORS: {kind} is the kind of mentoring without an article
                              accessory=button(_("Find {a_kind} mentor").format(a_kind=with_article(label), kind=label),
                                               ids.HOME_FIND_MENTOR, kind)))
    return blocks


def _mentoring(data: HomeData) -> list[Block]:
    if data.mentor_capacity is None:
        return []
    active, total = data.mentor_capacity
    mentees = "\n".join(f"• {escape_mrkdwn(name)} ({_(KINDS[kind]).lower()})" for name, kind in data.mentees) \
        or _("_None yet._")
    places = ngettext("({active} of {total} place taken)", "({active} of {total} places taken)", total).format(
        active=format_number(active), total=format_number(total))
    return [divider(), section(_("*Your mentees*") + f" {places}\n{mentees}")]


MEETING_STATES = {"proposed": N_("_times offered, none picked yet_"), "picked": N_("_a time is waiting to be confirmed_")}


def _meetings(data: HomeData) -> list[Block]:
    blocks: list[Block] = []
    for pair in data.meetings:
        if pair.starts_at is not None:
            state = _("next meeting *{when}* (your time)").format(when=when(pair.starts_at, data.timezone, None))
        else:
            state = _(MEETING_STATES[pair.status]) if pair.status in MEETING_STATES else _("_no meeting arranged_")
        blocks.append(section(labelled(f"*{escape_mrkdwn(pair.partner)}*", state), block_id=f"{ids.MEET_FIND_BLOCK_PREFIX}{pair.match_id}",
                              accessory=find_time_button(pair.match_id)))
    return ([divider(), section(_("*Your meetings*"))] + blocks) if blocks else []


def _agreements(data: HomeData) -> list[Block]:
    """Each active match's agreement as agreed (or where it stands), so both people see the same terms."""
    if not data.agreements:
        return []
    lines = ["• " + _("*{partner}* ({kind}): meet {cadence} until {ends}.").format(
                 partner=escape_mrkdwn(view.partner.name),
                 kind=_(KINDS[view.kind]).lower() if view.kind in KINDS else view.kind,
                 cadence=every(view.cadence_days), ends=format_date(view.ends_on, "long")) + f" _{standing(view)}_"
             for view in data.agreements]
    return [divider(), section(_("*Your mentoring agreements*") + "\n" + "\n".join(lines))]


def _plans(data: HomeData) -> list[Block]:
    """The mentee's own plan (where to find it), and the plans mentees shared with this mentor."""
    blocks: list[Block] = []
    if "mentee" in data.roles or data.network:
        mine = (_("Your development plan for {year} is saved; `/mentor idp` to review it.").format(
                    year=data.own_plan_year)
                if data.own_plan_year else _("No development plan for this year yet: `/mentor idp` makes one."))
        blocks.append(context(mine))
    if data.shared_plans:
        blocks += [divider(), section(_("*Development plans shared with you*") + "\n"
                                      + shared_plan_lines(data.shared_plans))]
    return blocks


def _coordinator(data: HomeData) -> list[Block]:
    if data.counts is None:
        return []
    c = data.counts
    n = format_number
    return [
        divider(),
        section(_("*Program* ({scope})").format(scope=escape_mrkdwn(data.scope_label or _("Faculty-wide"))) + "\n"
                + _("Enrolled: *{enrolled}* ({mentees} mentees, {mentors} mentors)").format(
                    enrolled=n(c.enrolled), mentees=n(c.mentees), mentors=n(c.mentors)) + "\n"
                + _("Mentees matched: *{matched}* · waiting: *{waiting}*").format(
                    matched=n(c.matched_mentees), waiting=n(c.waiting_mentees)) + "\n"
                + _("Mentors with free places: *{n}*").format(n=n(c.mentors_with_free_capacity)) + "\n"
                + _("Agreements not yet acknowledged: *{n}*").format(n=n(data.unacknowledged_agreements)) + "\n"
                + _("Development plans this year: *{n}* (counts only)").format(n=n(data.development_plans or 0))),
    ] + build_headline_blocks(data.report_headline) + (
        note_blocks(_("*Latest notes to the program from mentors* (the weekly digest has each week's)"),
                    data.program_notes) if data.program_notes else [])
