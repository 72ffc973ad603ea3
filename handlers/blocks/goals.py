"""Goal modals: the mentee's goal list, the SMART goal form, and the short note modals of check-ins."""

from __future__ import annotations

from typing import Any

from bot.goals import STATUSES
from bot.i18n import _, format_date, format_list
from handlers import ids
from handlers.blocks.common import Block, actions, button, context, escape_mrkdwn, plain, section
from handlers.blocks.forms import choice_input, date_input, input_block, read_input, text_input
from handlers.view_metadata import GoalRef
from storage.tables import Goal, GoalStatus


def _modal(callback_id: str, title: str, blocks: list[Block], *, submit: str | None = None, closes: bool = False,
           metadata: str = "") -> dict[str, Any]:
    view: dict[str, Any] = {"type": "modal", "callback_id": callback_id, "title": plain(title, 24),
                            "close": plain(_("Close") if closes else _("Cancel"), 24), "blocks": blocks,
                            "private_metadata": metadata}
    if not closes:
        view["submit"] = plain(submit or _("Save"), 24)
    return view


def _visibility_words(goal: Goal, mentor_names: dict[int, str]) -> str:
    if goal.visible_to is None:
        return _("shared with your mentors")
    if not goal.visible_to:
        return _("private")
    return _("shared with {names}").format(names=format_list(
        [escape_mrkdwn(mentor_names.get(i, _("a former mentor"))) for i in goal.visible_to]))


def build_goals_modal(goals: list[Goal], mentor_names: dict[int, str]) -> dict[str, Any]:
    blocks: list[Block] = [context(_("SMART goals: specific, measurable, with a date. Your mentors see the ones you "
                                     "share; nothing here reaches assessors."))]
    for goal in goals[:40]:
        target = " · " + _("by {date}").format(date=format_date(goal.target_date, "long")) if goal.target_date else ""
        blocks.append(section(f"*{escape_mrkdwn(goal.title)}* · _{_(STATUSES[goal.status]).lower()}_{target}\n"
                              f"{_visibility_words(goal, mentor_names)}",
                              accessory=button(_("Edit"), ids.GOALS_EDIT, str(goal.id))))
    if not goals:
        blocks.append(section(_("_No goals yet._ A good first one: what do you want to be able to do in 3 months?")))
    blocks.append(actions(ids.GOALS_ACTIONS_BLOCK, button(_("Add a goal"), ids.GOALS_ADD, style="primary")))
    return _modal(ids.GOALS_VIEW, _("Your goals"), blocks, closes=True)


def build_goal_form(goal: Goal | None, priorities: list[str], mentor_names: dict[int, str]) -> dict[str, Any]:
    g = goal or Goal(mentee_id=0, title="", created_at=None, updated_at=None)  # type: ignore[arg-type]
    visibility = {"all": _("All my mentors"), **{str(i): _("Only {name}").format(name=name)
                                                  for i, name in mentor_names.items()},
                  "private": _("Only me (private)")}
    chosen = "all" if g.visible_to is None else "private" if not g.visible_to else str(g.visible_to[0])
    statuses = {status: _(label) for status, label in STATUSES.items()}
    blocks = [
        input_block("title", _("What is the goal?"), text_input(g.title, max_length=200)),
        input_block("why", _("Why it matters to you"), text_input(g.why, multiline=True, max_length=1000),
                    optional=True),
        input_block("measure", _("How you'll know you got there"), text_input(g.measure, max_length=500),
                    optional=True),
        input_block("target_date", _("Target date"), date_input(g.target_date), optional=True),
        input_block("category", _("Program priority"), choice_input("static_select", priorities, g.category or None),
                    optional=True),
        input_block("visibility", _("Who may see it"), choice_input("radio_buttons", visibility, chosen)),
        input_block("status", _("Status"), choice_input("static_select", statuses, g.status)),
        input_block("note", _("Progress note (optional, dated)"), text_input(multiline=True, max_length=1000),
                    optional=True),
    ]
    return _modal(ids.GOAL_FORM_VIEW, _("Edit goal") if goal else _("New goal"), blocks,
                  metadata=GoalRef(goal=goal.id if goal else None).text())


def goal_form_values(values: dict[str, Any]) -> dict[str, Any]:
    """The submitted form as the goal model's fields (bot.goals.GoalBase); the model checks them."""
    return {"title": read_input(values, "title") or "", "why": read_input(values, "why") or "",
            "measure": read_input(values, "measure") or "", "target_date": read_input(values, "target_date"),
            "category": read_input(values, "category") or "", "visible_to": read_input(values, "visibility") or "all",
            "status": read_input(values, "status") or GoalStatus.NOT_STARTED, "note": read_input(values, "note") or ""}


def build_goal_note_modal(metadata: str) -> dict[str, Any]:
    return _modal(ids.GOAL_NOTE_VIEW, _("Goal progress note"), [
        input_block("note", _("What has happened since last time?"), text_input(multiline=True, max_length=1000)),
    ], metadata=metadata)


def build_program_note_modal(checkin_id: str) -> dict[str, Any]:
    return _modal(ids.PROGRAM_NOTE_VIEW, _("Note for the program"), [
        context(_("Only program coordinators see this. It is never shared with the mentee or with assessors.")),
        input_block("note", _("Anything the program should know?"), text_input(multiline=True, max_length=2000)),
    ], metadata=checkin_id)
