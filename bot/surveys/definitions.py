"""Survey definitions: what a coordinator writes (YAML, JSON or the Slack modal), validated field by field.

Every problem is reported at once with the field it belongs to (`schedule.cron`, `questions[3].options`),
so a file can be fixed in one pass. Dates and times are in the program's timezone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any


from bot.i18n import N_, _
from bot.surveys.errors import DefinitionError, Problem, Problems
from bot.surveys.questions import QuestionDef, parse_questions, slug
from bot.surveys.recurrence import ScheduleDef, parse_schedule
from bot.surveys.translations import parse_survey_translations
from bot.vocabulary import STAGES

KINDS: dict[str, str] = {  # labels marked for the catalog: translate them where shown, `_(KINDS[kind])`
    "wellbeing": N_("Wellbeing pulse (ends with the support resources)"),
    "satisfaction": N_("Satisfaction pulse"),
    "effectiveness": N_("Mentorship effectiveness"),
    "custom": N_("Other"),
}
AUDIENCES: dict[str, str] = {"everyone": N_("Everyone enrolled"), "mentees": N_("Mentees"), "mentors": N_("Mentors")}
SURVEY_FIELDS = ("key", "title", "kind", "anonymous", "about", "intro", "audience", "schedule", "questions",
                 "translations")


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


def parse_survey(raw: Any, *, priorities: list[str], timezone: str, today: date, source: str = "") -> SurveyDef:
    """A validated definition, or DefinitionError listing every problem with its field."""
    problems = Problems()
    if not isinstance(raw, dict):
        raise DefinitionError([Problem("", _("a survey must be a mapping of fields (title, questions, ...)"))])
    for unknown in sorted(set(raw) - set(SURVEY_FIELDS)):
        problems.add(str(unknown), _("unknown field; known fields: {names}").format(names=', '.join(SURVEY_FIELDS)))
    title = str(raw.get("title") or "").strip()
    if not title or len(title) > 150:
        problems.add("title", _("give the survey a title (1 to 150 characters)"))
    key = str(raw.get("key") or slug(title, 64))
    if title and (not key or key != slug(key, 64)):
        problems.add("key", _("use lower-case letters, digits and dashes (at most 64 characters)"))
    kind = str(raw.get("kind") or "custom")
    if kind not in KINDS:
        problems.add("kind", _("must be one of {names}").format(names=', '.join(KINDS)))
    anonymous = raw.get("anonymous", True)
    if not isinstance(anonymous, bool):
        problems.add("anonymous", _("must be true or false"))
    audience = parse_audience(raw.get("audience", "everyone"), problems.within("audience"))
    about = _about(raw.get("about"), audience, problems)
    intro = str(raw.get("intro") or "").strip()
    if len(intro) > 1000:
        problems.add("intro", _("at most 1000 characters"))
    schedule = parse_schedule(raw.get("schedule"), timezone=timezone, today=today, problems=problems.within("schedule"))
    questions = parse_questions(raw.get("questions"), priorities, problems)
    translations = parse_survey_translations(raw.get("translations"), problems)
    problems.raise_if_any()
    assert schedule is not None
    return SurveyDef(key=key, title=title, kind=kind, anonymous=bool(anonymous), audience=audience, schedule=schedule,
                     questions=questions, about=about, intro=intro, source=source, translations=translations)


def _about(value: Any, audience: SurveyAudience, problems: Problems) -> str | None:
    if value in (None, ""):
        return None
    if value != "mentors":
        problems.add("about", _("the only choice is `mentors` (mentees answer once about each current mentor)"))
        return None
    if audience.who != "mentees":
        problems.add("about", _("a survey about mentors goes to mentees: set `audience: mentees`"))
    return "mentors"


def parse_audience(raw: Any, problems: Problems) -> SurveyAudience:
    if isinstance(raw, str):
        raw = {"who": raw}
    if not isinstance(raw, dict):
        problems.add("", _("give `everyone`, `mentees`, `mentors`, or a mapping with who/program/stage/matched"))
        return SurveyAudience()
    for unknown in sorted(set(raw) - {"who", "program", "stage", "stages", "matched"}):
        problems.add(str(unknown), _("unknown field; known fields: who, program, stage, matched"))
    who = str(raw.get("who") or "everyone").strip().lower()
    if who not in AUDIENCES:
        problems.add("who", _("must be one of {names}").format(names=', '.join(AUDIENCES)))
    stages = raw.get("stage", raw.get("stages")) or []
    stages = [stages] if isinstance(stages, str) else stages
    unknown_stages = [s for s in stages if s not in STAGES] if isinstance(stages, list) else ["?"]
    if unknown_stages:
        problems.add("stage", _("unknown stage {item}; stages are {names}").format(item=repr(unknown_stages[0]), names=', '.join(STAGES)))
    matched = raw.get("matched")
    if matched is not None and not isinstance(matched, bool):
        problems.add("matched", _("must be true (people with a current match) or false (people without one)"))
    program = str(raw.get("program") or "").strip() or None
    return SurveyAudience(who, program, tuple(str(s) for s in stages) if not unknown_stages else (),
                    matched if isinstance(matched, bool) else None)


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

