"""`/mentor survey ...` for coordinators: new, list, results, pause/resume/close, support text, minimum group."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.commands import ParsedCommand
from bot.deps import Deps
from bot.flows.surveys import (
    change_survey_status,
    minimum_group,
    new_survey_priorities,
    send_results,
    support_resources,
    surveys_overview,
)
from bot.i18n import format_number, gettext, lazy, ngettext
from bot.numbers import ASCII_WHOLE_NUMBER, NotANumber, parse_count
from bot.surveys.errors import SurveyError
from handlers.blocks.help import build_notice
from handlers.blocks.survey_admin import build_new_survey_modal, build_survey_list

USAGE = lazy("Usage: `/mentor survey new`, `/mentor survey list`, `/mentor survey results ID [ROUND]`, "
         "`/mentor survey pause|resume|close ID`, `/mentor survey support [TEXT]`, `/mentor survey min-group [N]`.")


def handle_survey(*, ack: Ack, command: dict[str, Any], parsed: ParsedCommand, deps: Deps, client: Any, **_: Any) -> None:
    verb, args, user_id = (parsed.args[0].lower() if parsed.args else "list"), parsed.args[1:], command["user_id"]
    if verb == "new":
        ack()
        client.views_open(trigger_id=command["trigger_id"],
                          view=build_new_survey_modal(new_survey_priorities(sessions=deps.sessions)))
    elif verb == "list":
        ack(**build_survey_list(surveys_overview(sessions=deps.sessions, actor=user_id, now=deps.clock.now())))
    elif verb == "results" and args[:1] and all(ASCII_WHOLE_NUMBER.fullmatch(a) for a in args[:2]):
        ack(**build_notice(gettext("Working out the results; they'll arrive in our DM with a chart and a CSV.")))
        _send_results(deps, user_id, int(args[0]), int(args[1]) if len(args) > 1 else None)
    elif verb in ("pause", "resume", "close") and len(args) == 1 and ASCII_WHOLE_NUMBER.fullmatch(args[0].lstrip("#")):
        ack(**build_notice(_change_status(deps, user_id, verb, int(args[0].lstrip("#")))))
    elif verb in ("support", "min-group"):
        ack(**build_notice(_setting(deps, user_id, verb, " ".join(args))))
    else:
        ack(**build_notice(str(USAGE)))


def _change_status(deps: Deps, user_id: str, verb: str, survey_id: int) -> str:
    try:
        survey = change_survey_status(sessions=deps.sessions, survey_id=survey_id, action=verb, actor=user_id,
                                      now=deps.clock.now())
    except SurveyError as exc:
        return str(exc)
    changed = {
        "pause": gettext("Survey #{id} “{title}” is paused: no new rounds and no reminders until you resume it."),
        "resume": gettext("Survey #{id} “{title}” is running again."),
        "close": gettext("Survey #{id} “{title}” is closed: nothing more will be sent and no answers accepted."),
    }
    return changed[verb].format(id=survey_id, title=survey.title)


def _setting(deps: Deps, user_id: str, verb: str, text: str) -> str:
    try:
        if verb == "support":
            shown = support_resources(sessions=deps.sessions, text=text, actor=user_id, now=deps.clock.now())
            return gettext("Wellbeing surveys end with these support resources, shown to everyone:") + f"\n>{shown}"
        size = parse_count(text, what=gettext("The minimum group size (e.g. `/mentor survey min-group 8`)")) if text else None
        minimum = minimum_group(sessions=deps.sessions, size=size, actor=user_id, now=deps.clock.now())
    except (SurveyError, NotANumber) as exc:
        return str(exc)
    return ngettext("Survey results hide any group smaller than {n} person.",
                    "Survey results hide any group smaller than {n} people.", minimum).format(n=format_number(minimum))


def _send_results(deps: Deps, user_id: str, survey_id: int, round_number: int | None) -> None:
    try:
        send_results(sessions=deps.sessions, notifier=deps.notifier, actor=user_id, survey_id=survey_id,
                     round_number=round_number, now=deps.clock.now())
    except SurveyError as exc:
        deps.notifier.notice(user_id, str(exc))
