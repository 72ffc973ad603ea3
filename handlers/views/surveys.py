"""Survey modal submissions: a coordinator's new survey, and a respondent's answers."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.notify import MessageRef
from bot.deps import Deps
from bot.flows.surveys import create_survey
from bot.surveys.answers import round_questions, submit_answers
from bot.surveys.errors import AnswerError, DefinitionError, SurveyError
from bot.timing import zone
from bot.surveys.scope import SurveyRefused
from handlers.authorization import coordinators_only
from handlers.blocks.survey_admin import parse_new_survey_submission, survey_form_errors
from handlers.blocks.surveys import answer_errors, build_survey_invitation, parse_answer_submission
from handlers.shared import view_metadata
from handlers.view_metadata import SurveyAnswerRef


@coordinators_only("survey_new")
def submit_new_survey(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: Any, deps: Deps) -> None:
    user_id, now = body["user"]["id"], deps.clock.now()
    raw, source, line_problems = parse_new_survey_submission(view["state"]["values"],
                                                             now.astimezone(zone(deps.settings.timezone)).date())
    try:
        create_survey(sessions=deps.sessions, notifier=deps.notifier, raw=raw, source=source, line_problems=line_problems,
                                timezone=deps.settings.timezone, actor=user_id, now=now)
    except DefinitionError as exc:
        ack(response_action="errors", errors=survey_form_errors(exc.problems, used_template=source != "Slack"))
        return
    except SurveyRefused as exc:  # another program than the coordinator's own (audited)
        ack(response_action="errors", errors={"audience_program": str(exc)})
        return
    except SurveyError as exc:
        ack(response_action="errors", errors={"title": str(exc)})
        return
    ack()


def submit_survey_answers(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: Any, deps: Deps) -> None:
    """Store the answers (errors appear next to their question), then show the DM as answered."""
    user_id, where = body["user"]["id"], view_metadata(ack, view, SurveyAnswerRef)
    if where is None:
        return
    try:
        answers = parse_answer_submission(view["state"]["values"],
                                          round_questions(sessions=deps.sessions, round_id=where.round))
        submitted = submit_answers(sessions=deps.sessions, round_id=where.round, slack_user_id=user_id,
                                   subject=where.subject, answers=answers, now=deps.clock.now(),
                                   notifier=deps.notifier)
    except AnswerError as exc:
        ack(response_action="errors", errors=answer_errors(exc.errors))
        return
    except SurveyError as exc:
        ack()
        deps.notifier.notice(user_id, str(exc))
        return
    ack()
    if where.channel and where.ts:
        deps.notifier.edit(MessageRef(where.channel, where.ts, owner=user_id),
                           build_survey_invitation(submitted.invitation), purpose="survey_answered")
