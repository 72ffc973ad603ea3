"""Pulse surveys from Slack: creating, listing, pausing or closing, their settings, results and answer forms."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.i18n import _
from bot.access import scope_of, unit_of_work
from bot.program_settings import setting
from bot.surveys.answers import AnswerForm, answer_form
from bot.surveys.errors import Problem
from bot.i18n import _
from bot.notify import Notifier
from bot.surveys.charts import results_chart
from bot.surveys.exports import results_csv
from bot.surveys.results import RoundResults, survey_results
from bot.surveys.scope import require_faculty_wide, require_survey_scope
from bot.surveys.service import SurveySummary, change_status, create_from_slack, get_survey, summarize, survey_summaries
from bot.surveys.settings import change_minimum_group_size, change_support_text, minimum_group_size, support_text
from storage.engine import SessionFactory
from storage.queries.outbox_files import FileToSend
from storage.tables import Survey


def new_survey_priorities(*, sessions: SessionFactory) -> list[str]:
    """The program's priorities, offered as a new survey's levels."""
    with sessions() as session:
        return list(setting(session, "priorities"))


def create_survey(*, sessions: SessionFactory, notifier: Notifier, raw: dict[str, Any], source: str,
                  line_problems: list[Problem], timezone: str, actor: str, now: datetime) -> SurveySummary:
    """Create the survey and, in the same transaction, queue the coordinator's summary of it."""
    with unit_of_work(sessions, now) as session:
        survey = create_from_slack(session=session, raw=raw, source=source, line_problems=line_problems,
                                   timezone=timezone, actor=actor, now=now,
                                   scope=scope_of(session=session, slack_user_id=actor))
        summary = summarize(session, survey, now)
        notifier.within(session, now).survey_created(actor, summary)
        return summary


def surveys_overview(*, sessions: SessionFactory, actor: str, now: datetime) -> list[SurveySummary]:
    with sessions() as session:
        return survey_summaries(session=session, now=now, scope=scope_of(session=session, slack_user_id=actor))


def change_survey_status(*, sessions: SessionFactory, survey_id: int, action: str, actor: str, now: datetime) -> Survey:
    with unit_of_work(sessions, now) as session:
        return change_status(session=session, survey_id=survey_id, action=action, actor=actor, now=now,
                             scope=scope_of(session=session, slack_user_id=actor))


def support_resources(*, sessions: SessionFactory, text: str, actor: str, now: datetime) -> str:
    """The support text that ends wellbeing surveys, changed first when `text` is given."""
    with unit_of_work(sessions, now) as session:
        if text:
            require_faculty_wide(scope=scope_of(session=session, slack_user_id=actor), actor=actor,
                                 action="survey.support")
            change_support_text(session=session, text=text, actor=actor, now=now)
        return support_text(session)


def minimum_group(*, sessions: SessionFactory, size: int | None, actor: str, now: datetime) -> int:
    """The smallest group shown in results, changed first when `size` is given."""
    with unit_of_work(sessions, now) as session:
        if size is not None:
            require_faculty_wide(scope=scope_of(session=session, slack_user_id=actor), actor=actor,
                                 action="survey.min_group")
            change_minimum_group_size(session=session, size=size, actor=actor, now=now)
        return minimum_group_size(session)


def results_of(*, sessions: SessionFactory, survey_id: int, round_number: int | None, actor: str,
               now: datetime) -> RoundResults:
    """A round's results; a program coordinator reads only surveys kept within their programs (SurveyRefused,
    audited). Small groups stay hidden whoever asks."""
    with unit_of_work(sessions, now) as session:
        require_survey_scope(survey=get_survey(session, survey_id), scope=scope_of(session=session, slack_user_id=actor),
                             actor=actor, action="survey.results")
        return survey_results(session=session, survey_id=survey_id, round_number=round_number)


def send_results(*, sessions: SessionFactory, notifier: Notifier, actor: str, survey_id: int,
                 round_number: int | None, now: datetime) -> RoundResults:
    """A round's results, queued for the coordinator's DM with the chart (when anything may be shown) and the CSV.
    Raises SurveyError for an unknown survey or round."""
    results = results_of(sessions=sessions, survey_id=survey_id, round_number=round_number, actor=actor, now=now)
    name = f"survey-{survey_id}-round-{results.round_number}"
    files = [FileToSend(f"{name}.csv", _("{title}: every figure").format(title=results.title),
                        results_csv(results).encode())]
    chart = results_chart(results)
    if chart is not None:
        files.insert(0, FileToSend(f"{name}.png", _("{title}: chart").format(title=results.title), chart))
    notifier.send_survey_results(actor, results, files)
    return results


def answer_form_for(*, sessions: SessionFactory, round_id: int, slack_user_id: str, subject: int,
                    now: datetime) -> AnswerForm:
    with sessions() as session:
        return answer_form(session=session, round_id=round_id, slack_user_id=slack_user_id, subject=subject, now=now)
