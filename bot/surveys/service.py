"""Coordinators' survey operations: create from a definition, list, pause, resume and close."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from bot.i18n import _, pgettext
from bot.access import FACULTY_WIDE, Scope
from bot.privacy import generalized
from bot.program_settings import setting
from bot.surveys.definition_model import parse_survey
from bot.surveys.definitions import SurveyAudience, SurveyDef
from bot.surveys.errors import DefinitionError, Problem, SurveyError
from bot.surveys.questions import Option, QuestionDef, slug
from bot.surveys.recurrence import ScheduleDef, due_opening, next_opening
from bot.surveys.translations import survey_text, translations_from_json, translations_json
from bot.surveys.scope import require_survey_scope, scoped_definition, within_scope
from bot.surveys.settings import minimum_group_size
from bot.timing import zone
from storage.queries.audit import record_audit
from storage.queries.surveys import (
    add_survey,
    all_surveys,
    anonymous_response_rows,
    cancel_unsent_messages,
    response_counts,
    rewrite_anonymous_round,
    rounds_of,
    survey_by_key,
    survey_questions,
)
from storage.tables import Survey, SurveyQuestion, SurveyRound, SurveyRoundStatus, SurveyStatus

WITHHELD = "withheld"  # a role blanked at close (the column is required)
STATUS_CHANGES = {"pause": (SurveyStatus.ACTIVE, SurveyStatus.PAUSED),
                  "resume": (SurveyStatus.PAUSED, SurveyStatus.ACTIVE),
                  "close": (None, SurveyStatus.CLOSED)}


def definition_from(*, session: Session, raw: Any, timezone: str, today: date, source: str) -> SurveyDef:
    """Validate a raw definition against the program's current priorities (raises DefinitionError)."""
    return parse_survey(raw, priorities=list(setting(session, "priorities")), timezone=timezone, today=today,
                        source=source)


def create_survey(*, session: Session, definition: SurveyDef, actor: str, now: datetime) -> Survey:
    existing = survey_by_key(session=session, key=definition.key)
    if existing is not None:
        raise SurveyError(_("A survey with the key `{key}` already exists (#{id}, {status}). Give this one another "
                            "`key`.").format(key=definition.key, id=existing.id, status=existing.status))
    survey = Survey(key=definition.key, title=definition.title, kind=definition.kind, anonymous=definition.anonymous,
                    about=definition.about, intro=definition.intro, audience=definition.audience.to_json(),
                    schedule=definition.schedule.to_json(), source=definition.source[:200], created_by=actor,
                    created_at=now, updated_at=now, translations=definition.translations)
    questions = [SurveyQuestion(survey_id=0, position=position, key=q.key, kind=q.type, text=q.text,
                                required=q.required, options=[{"value": o.value, "label": o.label} for o in q.options],
                                priority=q.priority, level=q.level, source=q.source,
                                translations=translations_json(q.translations))
                 for position, q in enumerate(definition.questions, start=1)]
    add_survey(session=session, survey=survey, questions=questions)
    record_audit(session=session, now=now, actor=actor, action="survey.create", target=f"survey:{survey.id}",
                 detail={"key": survey.key, "anonymous": survey.anonymous, "source": survey.source})
    return survey


def get_survey(session: Session, survey_id: int) -> Survey:
    survey = session.get(Survey, survey_id)
    if survey is None:
        raise SurveyError(_("There is no survey #{id}. `/mentor survey list` shows them all.").format(id=survey_id))
    return survey


def schedule_of(survey: Survey) -> ScheduleDef:
    return ScheduleDef.from_json(survey.schedule)


def audience_of(survey: Survey) -> SurveyAudience:
    return SurveyAudience.from_json(survey.audience)


def question_defs(rows: list[SurveyQuestion]) -> tuple[QuestionDef, ...]:
    return tuple(QuestionDef(key=row.key, type=row.kind, text=row.text, required=row.required,
                             options=tuple(Option(o["value"], o["label"]) for o in row.options),
                             priority=row.priority, level=row.level, source=row.source,
                             translations=translations_from_json(row.translations)) for row in rows)


@dataclass(frozen=True)
class RoundSummary:
    number: int
    status: str
    opens_at: datetime
    closes_at: datetime
    asked: int
    responded: int


@dataclass(frozen=True)
class SurveySummary:
    survey_id: int
    title: str
    kind: str
    status: str
    anonymous: bool
    audience: str
    schedule: str
    questions: int
    latest_round: RoundSummary | None
    next_opening: datetime | None


def survey_summaries(*, session: Session, now: datetime, scope: Scope = FACULTY_WIDE) -> list[SurveySummary]:
    """Every survey; a program coordinator's, those kept within their programs."""
    return [summarize(session, survey, now) for survey in all_surveys(session=session) if within_scope(survey, scope)]


def summarize(session: Session, survey: Survey, now: datetime) -> SurveySummary:
    rounds = rounds_of(session=session, survey_id=survey.id or 0)
    latest = None
    if rounds:
        asked, responded = response_counts(session=session, round_id=rounds[-1].id or 0)
        latest = RoundSummary(rounds[-1].number, rounds[-1].status, rounds[-1].opens_at, rounds[-1].closes_at, asked,
                             responded)
    schedule = schedule_of(survey)
    upcoming = None
    if survey.status != SurveyStatus.CLOSED:
        after = max(rounds[-1].opens_at, now) if rounds else now
        upcoming = due_opening(schedule, rounds[-1].opens_at if rounds else None, now) or next_opening(schedule, after)
    title = survey_text(survey.title, survey.translations, "title")  # a template's French title for a French reader
    return SurveySummary(survey.id or 0, title, survey.kind, survey.status, survey.anonymous,
                         audience_of(survey).describe(), schedule.describe(),
                         len(survey_questions(session=session, survey_id=survey.id or 0)), latest, upcoming)


def change_status(*, session: Session, survey_id: int, action: str, actor: str, now: datetime,
                  scope: Scope = FACULTY_WIDE) -> Survey:
    """Pause (no new rounds, no reminders), resume, or close (the open round closes now; nothing more is sent)."""
    survey = get_survey(session, survey_id)
    require_survey_scope(survey=survey, scope=scope, actor=actor, action=f"survey.{action}")
    required, new_status = STATUS_CHANGES[action]
    if survey.status == SurveyStatus.CLOSED or (required is not None and survey.status != required):
        raise SurveyError(_("Survey #{id} is {status}, so it can't be {done}.").format(
            id=survey_id, status=survey.status, done=_past(action)))
    survey.status, survey.updated_at = new_status, now
    session.add(survey)
    if action == "close":
        for survey_round in rounds_of(session=session, survey_id=survey_id):
            if survey_round.status == SurveyRoundStatus.OPEN:
                close_round(session=session, survey_round=survey_round, now=now)
    record_audit(session=session, now=now, actor=actor, action=f"survey.{action}", target=f"survey:{survey_id}")
    return survey


def close_round(*, session: Session, survey_round: SurveyRound, now: datetime) -> None:
    """Close a round: no more answers, and invitations or reminders still waiting in the outbox are not sent.

    Anonymous responses then keep only attribute values that many respondents share (see `generalize_round`), and
    are written again in random order in this one transaction (see `rewrite_anonymous_round`).
    """
    survey_round.status, survey_round.closes_at = SurveyRoundStatus.CLOSED, min(survey_round.closes_at, now)
    session.add(survey_round)
    for prefix in ("survey", "survey-reminder"):
        cancel_unsent_messages(session=session, key_prefix=f"{prefix}:{survey_round.id}:")
    survey = session.get(Survey, survey_round.survey_id)
    if survey is not None and survey.anonymous:
        generalize_round(session=session, round_id=survey_round.id or 0, minimum=minimum_group_size(session))
        rewrite_anonymous_round(session=session, round_id=survey_round.id or 0)


def generalize_round(*, session: Session, round_id: int, minimum: int) -> None:
    """Blank the role, program, stage or kind of mentoring of anonymous responses wherever fewer than `minimum`
    of the round's responses share it (with the complementary groups): once the round is over, someone who
    knows who responded and everyone's program cannot pick out a response by its attributes."""
    responses = anonymous_response_rows(session=session, round_id=round_id)
    attributes = [{"role": r.role, "program": r.program, "stage": r.stage, "subject_kind": r.subject_kind}
                  for r in responses]
    for response, kept in zip(responses, generalized(attributes, minimum)):
        response.role, response.program = kept["role"] or WITHHELD, kept["program"]
        response.stage, response.subject_kind = kept["stage"], kept["subject_kind"]
        session.add(response)


def _past(action: str) -> str:
    return {"pause": pgettext("survey action", "paused"), "resume": pgettext("survey action", "resumed"),
            "close": pgettext("survey action", "closed")}[action]


def unique_key(session: Session, base: str) -> str:
    """`base`, or `base-2`, `base-3`, ... : a survey made in Slack never collides with an earlier one."""
    key, number = base, 1
    while survey_by_key(session=session, key=key) is not None:
        number += 1
        key = f"{base[:60]}-{number}"
    return key


def create_from_slack(*, session: Session, raw: dict[str, Any], source: str, line_problems: list[Problem],
                      timezone: str, actor: str, now: datetime, scope: Scope = FACULTY_WIDE) -> Survey:
    """Create a survey from the modal; problems of the question lines are reported with the definition's. A
    program coordinator's survey asks only people in their programs (bot/surveys/scope.py)."""
    today = now.astimezone(zone(timezone)).date()
    raw = {**raw, "key": unique_key(session, str(raw.get("key") or slug(str(raw.get("title") or ""), 56) or "survey"))}
    try:
        definition = definition_from(session=session, raw=raw, timezone=timezone, today=today, source=source)
    except DefinitionError as exc:
        raise DefinitionError(line_problems + exc.problems) from None
    if line_problems:
        raise DefinitionError(line_problems)
    return create_survey(session=session, definition=scoped_definition(definition, scope, actor), actor=actor, now=now)
