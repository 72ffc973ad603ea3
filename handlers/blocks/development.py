"""Block Kit for the individual development plan: the modal, and reading it back (pure)."""

from __future__ import annotations

from typing import Any

from bot.i18n import N_, _, format_count
from bot.development_plan import LEVELS, MAX_GOALS, PlanForm, SharedPlan
from handlers import ids
from handlers.blocks.common import Block, context, escape_mrkdwn, plain
from handlers.blocks.forms import choice_input, input_block, read_input

LEVEL_WORDS = (N_("1 (just starting)"), "2", "3", "4", N_("5 (fully capable)"))


def level_labels() -> dict[str, str]:
    return {str(n): _(label) if not label.isdigit() else label for n, label in zip(LEVELS, LEVEL_WORDS)}


def where_i_am(competency: str) -> str:
    return _("{competency}: where I am").format(competency=competency)


def build_plan_modal(form: PlanForm) -> dict[str, Any]:
    blocks: list[Block] = [context(_("Your development plan for {year}-{next}. Only you and the mentors you choose "
                                     "see it; coordinators see only how many plans there are, and nothing here "
                                     "reaches assessors.").format(year=form.year, next=form.year + 1))]
    levels = level_labels()
    for index, competency in enumerate(form.competencies):
        rated = form.ratings.get(competency, {})
        blocks.append(input_block(f"{ids.IDP_NOW_PREFIX}{index}", where_i_am(competency),
                                  choice_input("static_select", levels, str(rated.get("now", "")) or None)))
        blocks.append(input_block(f"{ids.IDP_WANT_PREFIX}{index}",
                                  _("{competency}: where I want to be").format(competency=competency),
                                  choice_input("static_select", levels, str(rated.get("want", "")) or None)))
    if form.goals:
        blocks.append(input_block(ids.IDP_GOALS, _("Development goals (up to {n} of your goals)").format(n=MAX_GOALS),
                                  choice_input("multi_static_select", {str(i): t for i, t in form.goals},
                                               [str(i) for i in form.goal_ids]), optional=True))
    else:
        blocks.append(context(_("No goals yet: `/mentor goals` writes them, then link up to three here.")))
    if form.mentors:
        blocks.append(input_block(ids.IDP_SHARED, _("Share it with"), choice_input(
            "checkboxes", {str(i): n for i, n in form.mentors}, [str(i) for i in form.shared_with]), optional=True))
    return {"type": "modal", "callback_id": ids.IDP_VIEW, "title": plain(_("Development plan"), 24),
            "submit": plain(_("Save"), 24), "close": plain(_("Cancel"), 24), "private_metadata": str(form.year),
            "blocks": blocks}


def competencies_in(view: dict[str, Any]) -> tuple[str, ...]:
    """The competencies the modal was built with (from its "where I am" labels), so what was rated is what is read
    even if a coordinator changed the list meanwhile (the service then refuses the unknown ones, on their field)."""
    suffix = where_i_am("")  # the label as the reader's language writes it, without the competency
    return tuple(block["label"]["text"].removesuffix(suffix) for block in view.get("blocks", [])
                 if str(block.get("block_id", "")).startswith(ids.IDP_NOW_PREFIX))


def read_plan(values: dict[str, Any], competencies: tuple[str, ...]) -> tuple[dict[str, dict[str, int]], list[int], list[int]]:
    ratings = {}
    for index, competency in enumerate(competencies):
        now, want = read_input(values, f"{ids.IDP_NOW_PREFIX}{index}"), read_input(values, f"{ids.IDP_WANT_PREFIX}{index}")
        ratings[competency] = {"now": int(now or 0), "want": int(want or 0)}
    goals = [int(v) for v in read_input(values, ids.IDP_GOALS) or []]
    shared = [int(v) for v in read_input(values, ids.IDP_SHARED) or []]
    return ratings, goals, shared


def field_errors(fields: dict[str, str], competencies: tuple[str, ...]) -> dict[str, str]:
    """Each problem on its block: a competency's on its "where I am" select."""
    blocks = {competency: f"{ids.IDP_NOW_PREFIX}{i}" for i, competency in enumerate(competencies)}
    blocks |= {"goals": ids.IDP_GOALS, "shared_with": ids.IDP_SHARED}
    return {blocks.get(name, f"{ids.IDP_NOW_PREFIX}0"): text for name, text in fields.items()}


def shared_plan_lines(plans: list[SharedPlan]) -> str:
    """For a mentor's Home: each mentee's largest gaps (want minus now) first."""
    lines = []
    for plan in plans:
        gaps = sorted(plan.ratings.items(), key=lambda item: item[1].get("want", 0) - item[1].get("now", 0), reverse=True)
        shown = ", ".join(f"{escape_mrkdwn(name)} {levels.get('now')}→{levels.get('want')}" for name, levels in gaps[:3])
        lines.append(f"• {escape_mrkdwn(plan.mentee.name)} ({plan.year}): {shown}; "
                     + format_count("{n} development goal", "{n} development goals", plan.goals))
    return "\n".join(lines)
