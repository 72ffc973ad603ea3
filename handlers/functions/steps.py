"""The three workflow steps, each the same service its slash command calls: read the inputs, one service call,
then `complete` with the manifest's outputs or `fail` with words the workflow's owner can act on. Bolt acknowledges
`function_executed` itself; a step completes once (the emulator refuses a second completion)."""

from __future__ import annotations

from datetime import date
from typing import Any

from slack_bolt import Complete, Fail

from bot.deps import Deps
from bot.enrolment import EnrolmentRefused, read_enrolment
from bot.flows.care import log_meeting_of
from bot.flows.matching import find_mentors
from bot.flows.people import enrol_from_workflow
from bot.i18n import gettext, lazy
from bot.matching.service import MatchingError
from bot.meetings import MeetingError
from bot.vocabulary import KINDS, normalize_kind
from handlers.slack_users import slack_identity

NOT_A_DATE = lazy("The meeting date must be a date (YYYY-MM-DD).")


def on_enrol(inputs: dict[str, Any], client: Any, complete: Complete, fail: Fail, deps: Deps) -> None:
    try:
        enrolment = read_enrolment(role=str(inputs.get("role") or ""), program=str(inputs.get("program") or ""),
                                   stage=str(inputs.get("stage") or ""), kinds=str(inputs.get("kinds") or ""))
        who = slack_identity(client, str(inputs["person"]), deps.settings.timezone)
        person = enrol_from_workflow(sessions=deps.sessions, notifier=deps.notifier, who=who, enrolment=enrolment, now=deps.clock.now())
    except EnrolmentRefused as refused:
        fail(str(refused))
        return
    complete(outputs={"person": person.slack_user_id, "roles": " and ".join(person.roles)})


def on_log_meeting(inputs: dict[str, Any], complete: Complete, fail: Fail, deps: Deps) -> None:
    minutes = inputs.get("minutes")
    try:
        met_on = _date(inputs.get("met_on"))
    except ValueError:
        fail(str(NOT_A_DATE))
        return
    if minutes is not None and not isinstance(minutes, int):
        fail(gettext("Minutes must be a whole number."))
        return
    try:
        logged = log_meeting_of(sessions=deps.sessions, actor=str(inputs["person"]), partner=str(inputs["partner"]),
                                met_on=met_on, minutes=minutes, now=deps.clock.now())
    except MeetingError as refused:
        fail(str(refused))
        return
    complete(outputs={"met_on": logged.met_on.isoformat(), "merged": logged.merged})


def on_request_mentor(inputs: dict[str, Any], complete: Complete, fail: Fail, deps: Deps) -> None:
    kind = normalize_kind(str(inputs.get("kind") or ""))
    if kind is None:
        fail(gettext("The kind of mentoring must be one of: {kinds}.").format(kinds=", ".join(KINDS)))
        return
    try:
        options = find_mentors(sessions=deps.sessions, mentee_slack_id=str(inputs["person"]), kind=kind,
                               now=deps.clock.now())
    except MatchingError as refused:
        fail(str(refused))
        return
    complete(outputs={"kind": kind, "mentors_available": len(options)})


def _date(raw: object) -> date | None:
    """A workflow date input ("YYYY-MM-DD"), None when left empty; ValueError when unreadable."""
    return None if raw in (None, "") else date.fromisoformat(str(raw))
