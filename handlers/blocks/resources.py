"""The resource library in Slack: the list (`/mentor resources`), the add modal, and the lines Home and
introductions show. Titles and program names are typed by coordinators and escaped; links are checked on entry."""

from __future__ import annotations

from typing import Any

from bot.i18n import _, format_list, format_number
from bot.mrkdwn import escape_mrkdwn
from bot.resources import ResourceInfo
from bot.vocabulary import KINDS, STAGES
from handlers import ids
from handlers.blocks.common import (
    MESSAGE_BLOCK_LIMIT,
    Block,
    actions,
    button,
    clip,
    confirmed,
    context,
    header,
    message,
    section,
)
from handlers.blocks.forms import choice_input, input_block, read_input, text_input
from storage.limits import max_chars
from storage.tables import Resource

LISTED_AT_MOST = MESSAGE_BLOCK_LIMIT - 5  # room for the header, the add button and the note below


def link_line(resource: ResourceInfo) -> str:
    return f"<{resource.url}|{escape_mrkdwn(resource.title)}>"


def _for_whom(resource: ResourceInfo) -> str:
    kinds = format_list([_(KINDS[kind]).lower() for kind in resource.kinds]) or _("every kind of mentoring")
    stages = format_list([_(STAGES[stage].label) for stage in resource.stages]) or _("every stage")
    program = escape_mrkdwn(resource.program) if resource.program else _("every program")
    return f"{kinds} · {stages} · {program}"


def build_library(resources: list[ResourceInfo], *, coordinator: bool, already_removed: bool = False) -> dict[str, Any]:
    """Coordinators see the whole library with add and remove; everyone else the resources meant for them."""
    if coordinator:
        blocks: list[Block] = [header(_("Resource library")), actions(ids.RESOURCE_ACTIONS_BLOCK, button(
            _("Add a resource"), ids.RESOURCE_ADD, style="primary"))]
        if already_removed:
            blocks.append(context(_("That resource had already been removed (by you or another coordinator).")))
        for resource in resources[:LISTED_AT_MOST]:
            remove = confirmed(button(_("Remove"), ids.RESOURCE_REMOVE, str(resource.id)), _("Remove this resource?"),
                               _("Nobody will see {title} any more.").format(title=escape_mrkdwn(resource.title)),
                               _("Remove"))
            blocks.append(section(f"{link_line(resource)}\n_{_for_whom(resource)}_", accessory=remove))
        if not resources:
            blocks.append(context(_("No resources yet. Add guides, courses or support services; each person sees "
                                    "those for their kinds of mentoring, stage and program.")))
    else:
        lines = [f"• {link_line(resource)}" for resource in resources[:LISTED_AT_MOST]]
        blocks = [section(_("*Resources for you*") + "\n" + "\n".join(lines) if lines
                          else _("No resources for your kinds of mentoring and stage yet."))]
    if len(resources) > LISTED_AT_MOST:
        blocks.append(context(_("{n} more: `mentorbot resources list` shows them all.").format(
            n=format_number(len(resources) - LISTED_AT_MOST))))
    return message(_("Resource library"), blocks)


def build_resource_modal() -> dict[str, Any]:
    return {
        "type": "modal", "callback_id": ids.RESOURCE_VIEW,
        "title": {"type": "plain_text", "text": clip(_("Add a resource"), 24)},
        "submit": {"type": "plain_text", "text": clip(_("Add"), 24)},
        "close": {"type": "plain_text", "text": clip(_("Cancel"), 24)},
        "blocks": [
            input_block("title", _("Title"), text_input(max_length=max_chars(Resource, "title"))),
            input_block("url", _("Link"), {"type": "url_text_input"}, hint=_("A web page, starting with https://")),
            input_block("kinds", _("For these kinds of mentoring"),
                        choice_input("multi_static_select", {code: _(label) for code, label in KINDS.items()}),
                        optional=True, hint=_("Leave empty for every kind.")),
            input_block("stages", _("For these stages"),
                        choice_input("multi_static_select", {code: _(s.label) for code, s in STAGES.items()}),
                        optional=True, hint=_("Leave empty for every stage.")),
            input_block("program", _("Only this program"), text_input(max_length=max_chars(Resource, "program")),
                        optional=True, hint=_("Leave empty for every program.")),
        ],
    }


def read_resource_form(values: dict[str, Any]) -> dict[str, Any]:
    return {"title": read_input(values, "title") or "", "url": read_input(values, "url") or "",
            "kinds": read_input(values, "kinds") or [], "stages": read_input(values, "stages") or [],
            "program": read_input(values, "program")}


def resources_section(resources: list[ResourceInfo], title: str) -> list[Block]:
    """A few links under a title (App Home, introductions); nothing when there are none."""
    if not resources:
        return []
    return [section(f"*{title}*\n" + "\n".join(f"• {link_line(resource)}" for resource in resources))]
