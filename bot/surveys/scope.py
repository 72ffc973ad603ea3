"""Surveys of a program coordinator: asked only of people in their programs, and theirs alone to manage.

A program coordinator's new survey is cut down to their programs (`within`, said in its audience); a survey naming
another program is refused. They list, pause, resume, close and read the results of only surveys kept within
their programs (results keep the minimum group size like any other: a small program does not lower it). The
support text and the minimum group size are the faculty's, so only faculty-wide coordinators change them. Every
refusal is audited (SurveyRefused is a `Refused`)."""

from __future__ import annotations

from dataclasses import replace

from bot.i18n import _
from bot.access import Refused, Scope, scope_refusal_text
from bot.surveys.definitions import SurveyAudience, SurveyDef
from bot.surveys.errors import SurveyError
from storage.tables import Survey


class SurveyRefused(Refused, SurveyError):
    """A survey action beyond a program coordinator's programs (audited)."""


def scoped_definition(definition: SurveyDef, scope: Scope, actor: str) -> SurveyDef:
    """The definition with its audience cut down to the coordinator's programs; another program is refused."""
    if scope.programs is None:
        return definition
    named = definition.audience.program
    if named is not None and named.strip().casefold() not in {name.casefold() for name in scope.programs}:
        raise SurveyRefused(_("{program} is not one of the programs you coordinate ({yours}); a survey of yours can "
                              "ask only their people.").format(program=named, yours=scope.label()),
                            actor=actor, action="survey.create", target=named)
    return replace(definition, audience=replace(definition.audience, within=tuple(sorted(scope.programs))))


def within_scope(survey: Survey, scope: Scope) -> bool:
    within = SurveyAudience.from_json(survey.audience).within
    return scope.programs is None or (within is not None and set(within) <= scope.programs)


def require_survey_scope(*, survey: Survey, scope: Scope, actor: str, action: str) -> None:
    if not within_scope(survey, scope):
        raise SurveyRefused(scope_refusal_text(scope), actor=actor, action=action, target=f"survey:{survey.id}")


def require_faculty_wide(*, scope: Scope, actor: str, action: str) -> None:
    """The support text and the minimum group size apply to every survey of the faculty."""
    if scope.programs is not None:
        raise SurveyRefused(_("Sorry, that setting applies to every survey of the faculty, so only faculty-wide "
                              "coordinators can change it."), actor=actor, action=action, target="faculty-wide")
