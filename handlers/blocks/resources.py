"""The resource library in Slack: the list (`/mentor resources`), the add modal, and the lines Home and
introductions show. Titles and program names are typed by coordinators and escaped; links are checked on entry."""

from __future__ import annotations

from typing import Any

from bot.mrkdwn import escape_mrkdwn
from bot.resources import ResourceInfo
from bot.vocabulary import KINDS, STAGES
from handlers import ids
from handlers.blocks.common import (
    MESSAGE_BLOCK_LIMIT,
    Block,
    actions,
    button,
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
    kinds = ", ".join(KINDS[kind].lower() for kind in resource.kinds) or "every kind of mentoring"
    stages = ", ".join(STAGES[stage].label for stage in resource.stages) or "every stage"
    program = escape_mrkdwn(resource.program) if resource.program else "every program"
    return f"{kinds} · {stages} · {program}"


def build_library(resources: list[ResourceInfo], *, coordinator: bool, already_removed: bool = False) -> dict[str, Any]:
    """Coordinators see the whole library with add and remove; everyone else the resources meant for them."""
    if coordinator:
        blocks: list[Block] = [header("Resource library"), actions(ids.RESOURCE_ACTIONS_BLOCK, button(
            "Add a resource", ids.RESOURCE_ADD, style="primary"))]
        if already_removed:
            blocks.append(context("That resource had already been removed (by you or another coordinator)."))
        for resource in resources[:LISTED_AT_MOST]:
            remove = confirmed(button("Remove", ids.RESOURCE_REMOVE, str(resource.id)), "Remove this resource?",
                               f"Nobody will see {escape_mrkdwn(resource.title)} any more.", "Remove")
            blocks.append(section(f"{link_line(resource)}\n_{_for_whom(resource)}_", accessory=remove))
        if not resources:
            blocks.append(context("No resources yet. Add guides, courses or support services; each person sees "
                                  "those for their kinds of mentoring, stage and program."))
    else:
        lines = [f"• {link_line(resource)}" for resource in resources[:LISTED_AT_MOST]]
        blocks = [section("*Resources for you*\n" + "\n".join(lines) if lines
                          else "No resources for your kinds of mentoring and stage yet.")]
    if len(resources) > LISTED_AT_MOST:
        blocks.append(context(f"{len(resources) - LISTED_AT_MOST} more: `mentorbot resources list` shows them all."))
    return message("Resource library", blocks)


def build_resource_modal() -> dict[str, Any]:
    return {
        "type": "modal", "callback_id": ids.RESOURCE_VIEW,
        "title": {"type": "plain_text", "text": "Add a resource"},
        "submit": {"type": "plain_text", "text": "Add"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            input_block("title", "Title", text_input(max_length=max_chars(Resource, "title"))),
            input_block("url", "Link", {"type": "url_text_input"}, hint="A web page, starting with https://"),
            input_block("kinds", "For these kinds of mentoring", choice_input("multi_static_select", KINDS),
                        optional=True, hint="Leave empty for every kind."),
            input_block("stages", "For these stages",
                        choice_input("multi_static_select", {code: s.label for code, s in STAGES.items()}),
                        optional=True, hint="Leave empty for every stage."),
            input_block("program", "Only this program", text_input(max_length=max_chars(Resource, "program")),
                        optional=True, hint="Leave empty for every program."),
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
