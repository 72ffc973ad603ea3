"""What coordinators see: the new-survey modal, the survey list, and the results message."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.i18n import N_, _, format_count, format_date, format_month_day, npgettext, pgettext
from bot.numbers import NotANumber, parse_count
from bot.surveys.definitions import AUDIENCES, KINDS
from bot.surveys.errors import Problem, Problems
from bot.surveys.questions import LEVELS, LINE_SYNTAX, questions_from_lines
from bot.surveys.service import SurveySummary
from bot.surveys.templates import template_raw, template_titles
from bot.vocabulary import STAGES
from handlers import ids
from handlers.blocks.common import MODAL_TITLE_LIMIT, Block, context, header, message, plain, section
from handlers.blocks.survey_results import round_status
from handlers.blocks.forms import choice_input, date_input, input_block, number_input, read_input, text_input
from storage.tables import SurveyStatus

SCHEDULE_PRESETS: dict[str, tuple[str, dict[str, Any] | None]] = {  # labels translated where shown
    "once": (N_("Once, on the first day below"), None),
    "weekly": (N_("Weekly, on Mondays"), {"day_of_week": "mon"}),
    "monthly": (N_("Monthly, on the first Tuesday"), {"day": "1st tue"}),  # not text: cron
    "quarterly": (N_("Quarterly, on the first Tuesday"), {"month": "1,4,7,10", "day": "1st tue"}),  # not text: cron
    "custom": (N_("Custom (cron below)"), None),
}
MATCHED_CHOICES = {"any": N_("Matched or not"), "matched": N_("Only people with a current match"),
                   "unmatched": N_("Only people without a match")}

# Where each definition field's problems are shown in the modal.
FIELD_BLOCKS = {"title": "title", "key": "title", "kind": "kind", "anonymous": "anonymous", "intro": "title",
                "audience.who": "audience_who", "about": "audience_who", "audience.program": "audience_program",
                "audience.stage": "audience_stages", "audience.matched": "audience_matched",
                "schedule.once": "first_day", "schedule.starts_on": "first_day", "schedule.cron": "cron",
                "schedule.open_days": "open_days", "schedule.reminder_after_days": "open_days",
                "schedule.close_on": "close_on", "schedule": "schedule"}


def build_new_survey_modal(priorities: list[str]) -> dict[str, Any]:
    """The form, in the language of the coordinator who opened it."""
    blocks: list[Block] = [
        context(_("Start from a ready template, or write your own questions. Anything you leave empty comes from "
                  "the template. People get the survey in their own working hours.")),
        input_block("template", _("Template"), choice_input("static_select", template_titles()), optional=True,
                    hint=_("Its questions, audience and schedule are used unless you change them below.")),
        input_block("title", _("Title"), text_input(max_length=150), optional=True),
        input_block("kind", _("Kind"), choice_input("static_select", _translated(KINDS)), optional=True,
                    hint=_("Wellbeing surveys end with the program's support resources.")),
        input_block("questions", _("Questions"), text_input(multiline=True, max_length=3000), optional=True,
                    hint=_(LINE_SYNTAX)),
        input_block("anonymous", _("Anonymity"), choice_input("radio_buttons", {
            "anonymous": _("Anonymous: answers are stored without names and can't be changed"),
            "named": _("Named: answers are stored with names and can be changed until the survey closes")},
            "anonymous")),
        *_audience_inputs(),
        *_schedule_inputs(),
        input_block("priority", _("Program priority"), choice_input("static_select", priorities), optional=True,
                    hint=_("Tags questions that have no priority of their own, for the evaluation report.")),
        input_block("level", _("Evaluation level"), choice_input("static_select", _translated(LEVELS)), optional=True),
    ]
    return {"type": "modal", "callback_id": ids.SURVEY_NEW_VIEW,
            "title": plain(_("New pulse survey"), MODAL_TITLE_LIMIT), "submit": plain(_("Create"), MODAL_TITLE_LIMIT),
            "close": plain(_("Cancel"), MODAL_TITLE_LIMIT), "blocks": blocks}


def _translated(labels: dict[str, str]) -> dict[str, str]:
    return {code: _(label) for code, label in labels.items()}


def _audience_inputs() -> list[Block]:
    stages = {code: _(s.label) for code, s in STAGES.items()}
    return [
        input_block("audience_who", _("Who"), choice_input("static_select", _translated(AUDIENCES)), optional=True),
        input_block("audience_program", _("Only this program"), text_input(max_length=120), optional=True),
        input_block("audience_stages", _("Only these stages"), choice_input("multi_static_select", stages),
                    optional=True),
        input_block("audience_matched", _("Match status"), choice_input("static_select", _translated(MATCHED_CHOICES)),
                    optional=True),
    ]


def _schedule_inputs() -> list[Block]:
    presets = {code: _(label) for code, (label, _cron) in SCHEDULE_PRESETS.items()}
    return [
        input_block("schedule", _("When"), choice_input("static_select", presets), optional=True),
        input_block("first_day", _("First day"), date_input(None), optional=True,
                    hint=_("The day of a one-off survey, or the first day a recurring one may run (default: today).")),
        input_block("cron", _("Custom schedule"), text_input(max_length=100, placeholder="0 9 * * mon"), optional=True,
                    hint=_("crontab: minute hour day-of-month month day-of-week, in the program's timezone.")),
        input_block("open_days", _("Days each round stays open"), number_input(None, 1, 90), optional=True),
        input_block("close_on", _("Last day of the survey"), date_input(None), optional=True),
    ]


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
    return raw, f"template {template}" if template else "Slack", problems.found  # not text: the source recorded


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
        problems.add("audience.matched", _("Choose one of: {choices}.").format(
            choices="; ".join(_(label) for label in MATCHED_CHOICES.values())))
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


def _capitalised(sentence: str) -> str:
    """A schedule's description (written to follow a colon) begins a sentence here."""
    return sentence[:1].upper() + sentence[1:]


def _privacy(anonymous: bool) -> str:
    return _("anonymous") if anonymous else _("named")


def _survey_status(status: str) -> str:
    """A survey's status; "closed" agrees with the survey in French, a round's with the round."""
    words: dict[str, str] = {SurveyStatus.ACTIVE: pgettext("survey", "active"),
                             SurveyStatus.PAUSED: pgettext("survey", "paused"),
                             SurveyStatus.CLOSED: pgettext("survey", "closed")}
    return words.get(status, status)



def build_survey_created(summary: SurveySummary) -> dict[str, Any]:
    opening = format_date(summary.next_opening, "full") if summary.next_opening else _("not scheduled")
    text = _("Survey #{id} “{title}” is ready: {questions}, {privacy}, for {audience}. {schedule}. "
             "First round: {opening}.").format(
        id=summary.survey_id, title=summary.title, privacy=_privacy(summary.anonymous), audience=summary.audience,
        questions=format_count("{n} question", "{n} questions", summary.questions),
        schedule=_capitalised(summary.schedule),
        opening=opening)
    commands = "`/mentor survey pause {id}`, `resume`, `close`, `results {id}`.".format(  # not text: commands
        id=summary.survey_id)
    return message(text, [section(f"*{text}*"), context(commands)])


def build_survey_list(summaries: list[SurveySummary]) -> dict[str, Any]:
    if not summaries:
        return message(_("No surveys yet"), [section(_("No surveys yet. Create one with `/mentor survey new`, or load "
                                                       "a file with `mentorbot survey load FILE`."))])
    blocks: list[Block] = [header(_("Pulse surveys"))]
    blocks += [section(_survey_line(s)) for s in summaries[:45]]
    return message(format_count("{n} survey", "{n} surveys", len(summaries)), blocks)


def _survey_line(s: SurveySummary) -> str:
    lines = [_("*#{id} {title}* ({status}, {privacy})").format(id=s.survey_id, title=s.title,
                                                               status=_survey_status(s.status),
                                                               privacy=_privacy(s.anonymous)),
             _("For {audience}. {schedule}.").format(audience=s.audience, schedule=_capitalised(s.schedule))]
    latest = s.latest_round
    if latest is None:
        progress = _("no rounds yet")
    else:
        progress = npgettext("survey round", "round {number} {status}: {responded} of {asked} responded",
                             "round {number} {status}: {responded} of {asked} responded", latest.responded).format(
            number=latest.number, responded=latest.responded, asked=latest.asked, status=round_status(latest.status))
    if s.next_opening and s.status == SurveyStatus.ACTIVE:
        progress += _("; next round {day}").format(day=format_month_day(s.next_opening))
    return "\n".join([*lines, progress])
