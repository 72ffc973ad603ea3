"""Survey definitions: what a survey is once checked (SurveyDef, its audience), and reading a definition file.

What a coordinator writes (YAML, JSON or the Slack modal) is checked by the input models in
bot/surveys/definition_model.py, every problem at once with its path (`questions[3].options`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


from bot.i18n import N_, _
from bot.surveys.questions import QuestionDef
from bot.surveys.recurrence import ScheduleDef
from bot.vocabulary import STAGES

KINDS: dict[str, str] = {  # labels marked for the catalog: translate them where shown, `_(KINDS[kind])`
    "wellbeing": N_("Wellbeing pulse (ends with the support resources)"),
    "satisfaction": N_("Satisfaction pulse"),
    "effectiveness": N_("Mentorship effectiveness"),
    "custom": N_("Other"),
}
AUDIENCES: dict[str, str] = {"everyone": N_("Everyone enrolled"), "mentees": N_("Mentees"), "mentors": N_("Mentors")}


@dataclass(frozen=True)
class SurveyAudience:
    who: str = "everyone"
    program: str | None = None
    stages: tuple[str, ...] = ()
    matched: bool | None = None  # True: only people with a current match; False: only those without
    within: tuple[str, ...] | None = None  # a program coordinator's programs (the audience cut down to them)

    def to_json(self) -> dict[str, Any]:
        scoped = {} if self.within is None else {"within": list(self.within)}
        return {"who": self.who, "program": self.program, "stages": list(self.stages), "matched": self.matched,
                **scoped}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SurveyAudience:
        within = data.get("within")
        return cls(data.get("who", "everyone"), data.get("program"), tuple(data.get("stages") or ()), data.get("matched"),
                   None if within is None else tuple(within))

    def describe(self) -> str:
        parts = [_(AUDIENCES[self.who]).lower()]
        if self.program:
            parts.append(_("in {program}").format(program=self.program))
        if self.stages:
            parts.append(_("at {stages}").format(stages=", ".join(STAGES[s].label if s in STAGES else s
                                                                  for s in self.stages)))
        if self.matched is not None:
            parts.append(_("with a current match") if self.matched else _("without a match yet"))
        if self.within is not None and not self.program:
            parts.append(_("(only those in {programs})").format(programs=", ".join(self.within)))
        return " ".join(parts)


@dataclass(frozen=True)
class SurveyDef:
    key: str
    title: str
    kind: str
    anonymous: bool
    audience: SurveyAudience
    schedule: ScheduleDef
    questions: tuple[QuestionDef, ...]
    about: str | None = None
    intro: str = ""
    source: str = field(default="", compare=False)
    translations: dict[str, dict[str, str]] = field(default_factory=dict, compare=False)  # title, intro by language


class SurveyFileError(ValueError):
    """The file cannot be read as YAML or JSON; the message says where."""


def read_definition_file(path: Path) -> Any:
    """The raw definition in a .yaml/.yml or .json file (the content decides if the suffix is something else)."""
    import yaml  # deferred: the scheduler's survey step imports this module, only the CLI reads files

    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise SurveyFileError(_("cannot read the file ({exc})").format(exc=exc)) from None
    try:
        if path.suffix.lower() == ".json":
            return json.loads(text)
        return yaml.safe_load(text)
    except json.JSONDecodeError as exc:
        raise SurveyFileError(_("not valid JSON: line {lineno}, column {colno}: {msg}").format(lineno=exc.lineno, colno=exc.colno, msg=exc.msg)) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = _("line {line}, column {column}: ").format(line=mark.line + 1, column=mark.column + 1) if mark else ""
        raise SurveyFileError(_("not valid YAML: {where}{value}").format(where=where, value=getattr(exc, 'problem', None) or exc)) from None

