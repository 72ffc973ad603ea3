"""What coordinators see: the new-survey modal, the survey list, and the results message."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.numbers import NotANumber, parse_count
from bot.surveys.definitions import AUDIENCES, KINDS
from bot.surveys.errors import Problem, Problems
from bot.surveys.questions import LEVELS, LINE_SYNTAX, questions_from_lines
from bot.surveys.service import SurveySummary
from bot.surveys.templates import template_raw, template_titles
from bot.vocabulary import STAGES
from handlers import ids
from handlers.blocks.common import MODAL_TITLE_LIMIT, Block, context, header, message, plain, section
from handlers.blocks.forms import choice_input, date_input, input_block, number_input, read_input, text_input
from storage.tables import SurveyStatus

SCHEDULE_PRESETS: dict[str, tuple[str, dict[str, Any] | None]] = {
    "once": ("Once, on the first day below", None),
    "weekly": ("Weekly, on Mondays", {"day_of_week": "mon"}),
    "monthly": ("Monthly, on the first Tuesday", {"day": "1st tue"}),
    "quarterly": ("Quarterly, on the first Tuesday", {"month": "1,4,7,10", "day": "1st tue"}),
    "custom": ("Custom (cron below)", None),
}
MATCHED_CHOICES = {"any": "Matched or not", "matched": "Only people with a current match",
                   "unmatched": "Only people without a match"}
# Where each definition field's problems are shown in the modal.
FIELD_BLOCKS = {"title": "title", "key": "title", "kind": "kind", "anonymous": "anonymous", "intro": "title",
                "audience.who": "audience_who", "about": "audience_who", "audience.program": "audience_program",
                "audience.stage": "audience_stages", "audience.matched": "audience_matched",
                "schedule.once": "first_day", "schedule.starts_on": "first_day", "schedule.cron": "cron",
                "schedule.open_days": "open_days", "schedule.reminder_after_days": "open_days",
                "schedule.close_on": "close_on", "schedule": "schedule"}


def build_new_survey_modal(priorities: list[str]) -> dict[str, Any]:
    blocks: list[Block] = [
        context("Start from a ready template, or write your own questions. Anything you leave empty comes from "
                "the template. People get the survey in their own working hours."),
        input_block("template", "Template", choice_input("static_select", template_titles()), optional=True,
                    hint="Its questions, audience and schedule are used unless you change them below."),
        input_block("title", "Title", text_input(max_length=150), optional=True),
        input_block("kind", "Kind", choice_input("static_select", KINDS), optional=True,
                    hint="Wellbeing surveys end with the program's support resources."),
        input_block("questions", "Questions", text_input(multiline=True, max_length=3000), optional=True,
                    hint=LINE_SYNTAX),
        input_block("anonymous", "Anonymity", choice_input("radio_buttons", {
            "anonymous": "Anonymous: answers are stored without names and can't be changed",
            "named": "Named: answers are stored with names and can be changed until the survey closes"},
            "anonymous")),
        input_block("audience_who", "Who", choice_input("static_select", AUDIENCES), optional=True),
        input_block("audience_program", "Only this program", text_input(max_length=120), optional=True),
        input_block("audience_stages", "Only these stages",
                    choice_input("multi_static_select", {code: s.label for code, s in STAGES.items()}), optional=True),
        input_block("audience_matched", "Match status", choice_input("static_select", MATCHED_CHOICES), optional=True),
        input_block("schedule", "When", choice_input("static_select", {k: v[0] for k, v in SCHEDULE_PRESETS.items()}),
                    optional=True),
        input_block("first_day", "First day", date_input(None), optional=True,
                    hint="The day of a one-off survey, or the first day a recurring one may run (default: today)."),
        input_block("cron", "Custom schedule", text_input(max_length=100, placeholder="0 9 * * mon"), optional=True,
                    hint="crontab: minute hour day-of-month month day-of-week, in the program's timezone."),
        input_block("open_days", "Days each round stays open", number_input(None, 1, 90), optional=True),
        input_block("close_on", "Last day of the survey", date_input(None), optional=True),
        input_block("priority", "Program priority", choice_input("static_select", priorities), optional=True,
                    hint="Tags questions that have no priority of their own, for the evaluation report."),
        input_block("level", "Evaluation level", choice_input("static_select", LEVELS), optional=True),
    ]
    return {"type": "modal", "callback_id": ids.SURVEY_NEW_VIEW, "title": plain("New pulse survey", MODAL_TITLE_LIMIT),
            "submit": plain("Create", MODAL_TITLE_LIMIT), "close": plain("Cancel", MODAL_TITLE_LIMIT), "blocks": blocks}


def parse_new_survey_submission(values: dict[str, Any], today: date) -> tuple[dict[str, Any], str, list[Problem]]:
    """(raw definition, source, problems found while reading the question lines)."""
    template = read_input(values, "template")
    raw: dict[str, Any] = template_raw(template) if template else {}
    problems = Problems()
    for field in ("title", "kind"):
        if read_input(values, field):
            raw[field] = read_input(values, field).strip()
    if read_input(values, "questions"):
        raw["questions"] = questions_from_lines(read_input(values, "questions"), problems)
    raw["anonymous"] = read_input(values, "anonymous") != "named"
    raw["audience"] = _audience(values, raw.get("audience", "everyone"), problems)
    raw["schedule"] = _schedule(values, dict(raw.get("schedule") or {}), today)
    for question in raw.get("questions") or []:
        for tag in ("priority", "level"):
            if read_input(values, tag) and isinstance(question, dict):
                question.setdefault(tag, read_input(values, tag))
    return raw, f"template {template}" if template else "Slack", problems.found


MATCHED_MEANING = {"any": None, "matched": True, "unmatched": False}


def _audience(values: dict[str, Any], base: Any, problems: Problems) -> dict[str, Any]:
    audience = dict(base) if isinstance(base, dict) else {"who": base}
    for field, key in (("audience_who", "who"), ("audience_program", "program"), ("audience_stages", "stage")):
        if read_input(values, field):
            audience[key] = read_input(values, field)
    matched = read_input(values, "audience_matched")
    if matched in MATCHED_MEANING:
        audience["matched"] = MATCHED_MEANING[matched]
    elif matched:  # only a modified client sends a value the menu does not offer
        problems.add("audience.matched", f"Choose one of: {'; '.join(MATCHED_CHOICES.values())}.")
    return audience


def _schedule(values: dict[str, Any], schedule: dict[str, Any], today: date) -> dict[str, Any]:
    preset, first_day = read_input(values, "schedule"), read_input(values, "first_day")
    if preset or read_input(values, "cron"):
        schedule.pop("once", None)
        schedule.pop("cron", None)
        preset = preset or "custom"
    if preset == "once":
        schedule["once"] = first_day or today.isoformat()
    elif preset == "custom":
        schedule["cron"] = read_input(values, "cron") or ""
    elif preset:
        schedule["cron"] = dict(SCHEDULE_PRESETS[preset][1] or {})
    if first_day and preset != "once":
        schedule["starts_on"] = first_day
    if open_days := read_input(values, "open_days"):
        try:
            schedule["open_days"] = parse_count(open_days, what="open_days")
            schedule["reminder_after_days"] = min(float(schedule.get("reminder_after_days", 3)), schedule["open_days"] / 2)
        except NotANumber:
            schedule["open_days"] = open_days  # the definition's check reports it on its field
    if read_input(values, "close_on"):
        schedule["close_on"] = read_input(values, "close_on")
    return schedule


def survey_form_errors(problems: list[Problem], used_template: bool) -> dict[str, str]:
    """Problems keyed by the modal block that shows them; question problems go to the template or questions field."""
    errors: dict[str, list[str]] = {}
    for problem in problems:
        block = next((b for f, b in FIELD_BLOCKS.items() if problem.field == f or problem.field.startswith(f + ".")),
                     "template" if used_template and problem.field.startswith("questions") else "questions")
        errors.setdefault(block, []).append(str(problem) if block in ("questions", "template") else problem.message)
    return {block: "; ".join(messages)[:2000] for block, messages in errors.items()}


def build_survey_created(summary: SurveySummary) -> dict[str, Any]:
    opening = f"{summary.next_opening:%A %B %-d, %Y}" if summary.next_opening else "not scheduled"
    plural = "s" if summary.questions != 1 else ""
    text = (f"Survey #{summary.survey_id} “{summary.title}” is ready: {summary.questions} question{plural}, "
            f"{'anonymous' if summary.anonymous else 'named'}, for {summary.audience}. {summary.schedule}. "
            f"First round: {opening}.")
    return message(text, [section(f"*{text}*"),
                          context(f"`/mentor survey pause {summary.survey_id}`, `resume`, `close`, "
                                  f"`results {summary.survey_id}`.")])


def build_survey_list(summaries: list[SurveySummary]) -> dict[str, Any]:
    if not summaries:
        return message("No surveys yet", [section("No surveys yet. Create one with `/mentor survey new`, or load a file "
                                                  "with `mentorbot survey load FILE`.")])
    blocks: list[Block] = [header("Pulse surveys")]
    for s in summaries[:45]:
        latest = (f"round {s.latest_round.number} {s.latest_round.status}: {s.latest_round.responded} of "
                  f"{s.latest_round.asked} responded" if s.latest_round else "no rounds yet")
        upcoming = f"; next round {s.next_opening:%b %-d}" if s.next_opening and s.status == SurveyStatus.ACTIVE else ""
        blocks.append(section(f"*#{s.survey_id} {s.title}* ({s.status}, {'anonymous' if s.anonymous else 'named'})\n"
                              f"For {s.audience}. {s.schedule}.\n{latest}{upcoming}"))
    return message(f"{len(summaries)} surveys", blocks)
