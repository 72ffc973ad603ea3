"""A survey definition (YAML, JSON or the Slack modal) as pydantic input models: every problem at once, each at
its path (`schedule.cron`, `questions[3].options`), so a file can be fixed in one pass.

Validated with `context={"priorities": [...], "timezone": "...", "today": date}`; `SurveyCreate.definition()`
gives the SurveyDef the rest of the survey code reads. Dates and times are in the program's timezone.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, SkipValidation, ValidationError, ValidationInfo, field_validator, \
    model_validator
from pydantic_core.core_schema import ValidatorFunctionWrapHandler

from bot.i18n import N_, _
from bot.input_errors import field_path, located, refusal, with_unknown_fields
from bot.surveys.definitions import AUDIENCES, KINDS, SurveyAudience, SurveyDef
from bot.surveys.errors import DefinitionError, Problem, Problems
from bot.surveys.questions import KEY_PATTERN, LEVELS, LIKERT_POINTS, MAX_OPTIONS, QUESTION_FIELDS, QUESTION_TYPES, \
    SCALE_HIGH, SCALE_LOW, SCALES, Option, QuestionDef, scale_labels, slug
from bot.surveys.recurrence import ScheduleDef, parse_schedule
from bot.surveys.translations import Translations, parse_question_translations, parse_survey_translations
from bot.vocabulary import STAGES

MAX_QUESTIONS = 30


class _KnownFields(BaseModel):
    """Unknown fields are reported (with the known ones named) together with every other problem."""

    model_config = ConfigDict(validate_default=True, extra="ignore")
    KNOWN: ClassVar[tuple[str, ...]] = ()  # as the message names them (aliases included)
    NOT_A_MAPPING: ClassVar[str] = N_("give a mapping of fields")

    @model_validator(mode="wrap")
    @classmethod
    def _report_unknown(cls, data: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        data = cls.prepared(data)
        if not isinstance(data, dict):
            raise refusal(_(cls.NOT_A_MAPPING))
        known = cls.KNOWN or tuple(cls.model_fields)
        unknown = sorted(str(name) for name in set(data) - set(known))
        try:
            result, problems = handler(data), None
        except ValidationError as exc:
            result, problems = None, exc
        if reported := with_unknown_fields(problems, unknown, _unknown(known), data, title=cls.__name__):
            raise reported
        return result


    @classmethod
    def prepared(cls, data: Any) -> Any:
        """The raw input in its long form, before anything is checked (a shorthand spelled out)."""
        return data


def _unknown(known: tuple[str, ...]) -> str:
    return _("unknown field; known fields: {names}").format(names=", ".join(known))


def _info(info: ValidationInfo, name: str) -> Any:
    return (info.context or {})[name]


def _true_or_false(value: Any) -> Any:
    if value is not None and not isinstance(value, bool):
        raise refusal(_("must be true or false"))
    return value


class QuestionCreate(_KnownFields):
    """One question: its type decides its options (a Likert scale, 0-10, or listed choices)."""

    NOT_A_MAPPING: ClassVar[str] = N_("each question must be a mapping with at least `type` and `text`")
    KNOWN: ClassVar[tuple[str, ...]] = QUESTION_FIELDS

    type: str = ""
    key: str | None = None  # q1, q2, ... by position when not given (SurveyCreate fills it in)
    text: str = ""
    required: bool | None = None  # free text is optional unless said otherwise
    labels: list[Any] | None = None
    scale: str | None = None
    low: str | None = None
    high: str | None = None
    options: SkipValidation[tuple[Option, ...]] = ()
    priority: str | None = None
    level: str | None = None
    source: str | None = None
    translations: SkipValidation[Translations] = ()  # declared last: read beside the English options

    @field_validator("type", mode="before")
    @classmethod
    def _known_type(cls, raw: Any) -> str:
        kind = str(raw if raw is not None else "").strip().lower()
        if kind not in QUESTION_TYPES:
            raise refusal(_("must be one of {names} (got {value})").format(names=", ".join(QUESTION_TYPES), value=repr(raw)))
        return kind

    @field_validator("key", mode="before")
    @classmethod
    def _key(cls, raw: Any) -> str | None:
        if raw in (None, ""):
            return None
        key = str(raw).strip()
        if not KEY_PATTERN.match(key):
            raise refusal(_("use lower-case letters, digits, - or _ (at most 40 characters)"))
        return key

    @field_validator("text", mode="before")
    @classmethod
    def _text(cls, raw: Any) -> str:
        text = str(raw or "").strip()
        if not text or len(text) > 500:
            raise refusal(_("write the question (1 to 500 characters)"))
        return text

    _required = field_validator("required", mode="before")(_true_or_false)

    @field_validator("labels", mode="before")
    @classmethod
    def _likert_labels(cls, raw: Any, info: ValidationInfo) -> Any:
        if info.data.get("type") != "likert" or raw is None:
            return raw
        if not isinstance(raw, (list, tuple)) or len(raw) not in LIKERT_POINTS:
            raise refusal(_("a Likert item needs 5, 6 or 7 labels, lowest first"))
        return [str(label) for label in raw]

    @field_validator("scale", mode="before")
    @classmethod
    def _named_scale(cls, raw: Any, info: ValidationInfo) -> str | None:
        if info.data.get("type") != "likert" or "labels" not in info.data or info.data["labels"] is not None:
            return None if raw is None else str(raw)
        name = str(raw or "agreement5")
        if name not in SCALES:
            raise refusal(_("unknown scale `{name}`; use one of {names} or give `labels`").format(
                name=name, names=", ".join(SCALES)))
        return name

    @field_validator("options", mode="before")
    @classmethod
    def _options(cls, raw: Any, info: ValidationInfo) -> tuple[Option, ...]:
        kind = info.data.get("type")
        if kind == "likert":
            labels = info.data.get("labels") or SCALES.get(info.data.get("scale") or "", ())
            return tuple(Option(str(point), str(label)) for point, label in enumerate(labels, start=1))
        if kind == "scale":
            low, high = str(info.data.get("low") or SCALE_LOW), str(info.data.get("high") or SCALE_HIGH)
            return tuple(Option(str(n), low if n == 0 else high if n == 10 else str(n)) for n in range(11))
        if kind in ("single", "multiple"):
            return _choices(raw)
        return ()

    @field_validator("priority", mode="before")
    @classmethod
    def _a_priority(cls, raw: Any, info: ValidationInfo) -> str | None:
        if raw in (None, ""):
            return None
        name, priorities = str(raw).strip().lower(), _info(info, "priorities")
        if name not in priorities:
            raise refusal(_("`{name}` is not a program priority (the program's are: {names})").format(
                name=name, names=", ".join(priorities)))
        return name

    @field_validator("level", mode="before")
    @classmethod
    def _a_level(cls, raw: Any) -> str | None:
        if raw in (None, ""):
            return None
        level = str(raw).strip().lower().replace("behavior", "behaviour")
        if level not in LEVELS:
            raise refusal(_("must be one of {names}").format(names=", ".join(LEVELS)))
        return level

    @field_validator("source", mode="before")
    @classmethod
    def _citation(cls, raw: Any) -> str | None:
        if raw in (None, ""):
            return None
        if not isinstance(raw, str) or len(raw) > 300:
            raise refusal(_("must be a citation of at most 300 characters"))
        return raw.strip()

    @field_validator("translations", mode="before")
    @classmethod
    def _in_other_languages(cls, raw: Any, info: ValidationInfo) -> Translations:
        if "options" not in info.data:
            return ()  # the English options are refused already: their translations wait for them
        kind, options = info.data.get("type", ""), info.data.get("options") or ()
        problems = Problems()
        translations = parse_question_translations(raw or None, tuple(option.label for option in options),
                                                   _catalog_labels(kind, info.data), kind, problems)
        _raise_found(problems, raw, "translations")
        return translations

    def definition(self, position: int) -> QuestionDef:
        return QuestionDef(key=self.key or f"q{position}", type=self.type, text=self.text,
                           required=self.required if self.required is not None else self.type != "text",
                           options=self.options, priority=self.priority, level=self.level, source=self.source,
                           translations=self.translations)


def _catalog_labels(kind: str, data: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    """Labels the catalog translates: a named scale's, or a 0-10 scale's default ends."""
    if kind == "likert" and data.get("labels") is None and str(data.get("scale") or "agreement5") in SCALES:
        return scale_labels(SCALES[str(data.get("scale") or "agreement5")])
    if kind == "scale" and not data.get("low") and not data.get("high"):
        return scale_labels((SCALE_LOW, *(str(n) for n in range(1, 10)), SCALE_HIGH))
    return {}


def _raise_found(problems: Problems, raw: Any, title: str) -> None:
    """Problems found by a hand-written reader, each at its own path below the field."""
    if problems.found:
        raise located([(tuple(problem.field.split(".")[1:]) if "." in problem.field else (), problem.message)
                       for problem in problems.found], raw, title=title)


def _choices(raw: Any) -> tuple[Option, ...]:
    if not isinstance(raw, list) or not 2 <= len(raw) <= MAX_OPTIONS:
        raise refusal(_("give a list of 2 to {MAX_OPTIONS} options").format(MAX_OPTIONS=MAX_OPTIONS))
    problems, options = [], []
    for item in raw:
        if isinstance(item, bool):
            problems.append(((), _("put Yes/No options in quotes (\"Yes\"): unquoted, YAML reads them as true/false")))
            continue
        label = str(item.get("label", "")) if isinstance(item, dict) else str(item)
        value = str(item.get("value", "")) if isinstance(item, dict) else ""
        if not label.strip() or len(label) > 75:
            problems.append(((), _("option {label} must have a label of 1 to 75 characters").format(label=repr(label))))
        options.append(Option(value or slug(label) or label, label.strip()))
    if len({option.value for option in options}) != len(options):
        problems.append(((), _("two options are the same")))
    if problems:
        raise located(problems, raw, title="options")
    return tuple(options)


class AudienceCreate(_KnownFields):
    """Who is asked: `everyone`, `mentees` or `mentors`, optionally one program, stages, with or without a match."""

    KNOWN: ClassVar[tuple[str, ...]] = ("who", "program", "stage", "stages", "matched")
    NOT_A_MAPPING: ClassVar[str] = N_(
        "give `everyone`, `mentees`, `mentors`, or a mapping with who/program/stage/matched")

    who: str = "everyone"
    program: str | None = None
    stage: tuple[str, ...] = ()
    matched: bool | None = None  # True: only people with a current match; False: only those without

    @classmethod
    def prepared(cls, data: Any) -> Any:
        """`mentees` for `{who: mentees}`, and `stages` read as `stage`."""
        if isinstance(data, str):
            return {"who": data}
        if isinstance(data, dict) and "stages" in data and "stage" not in data:
            return {**{k: v for k, v in data.items() if k != "stages"}, "stage": data["stages"]}
        return data

    @field_validator("who", mode="before")
    @classmethod
    def _known_group(cls, raw: Any) -> str:
        who = str(raw or "everyone").strip().lower()
        if who not in AUDIENCES:
            raise refusal(_("must be one of {names}").format(names=", ".join(AUDIENCES)))
        return who

    @field_validator("program", mode="before")
    @classmethod
    def _program(cls, raw: Any) -> str | None:
        return str(raw or "").strip() or None

    @field_validator("stage", mode="before")
    @classmethod
    def _known_stages(cls, raw: Any) -> tuple[str, ...]:
        stages = [raw] if isinstance(raw, str) else (raw or [])
        unknown = [s for s in stages if s not in STAGES] if isinstance(stages, list) else ["?"]
        if unknown:
            raise refusal(_("unknown stage {item}; stages are {names}").format(item=repr(unknown[0]), names=", ".join(STAGES)))
        return tuple(str(s) for s in stages)

    @field_validator("matched", mode="before")
    @classmethod
    def _with_or_without_a_match(cls, raw: Any) -> Any:
        if raw is not None and not isinstance(raw, bool):
            raise refusal(_("must be true (people with a current match) or false (people without one)"))
        return raw


class SurveyCreate(_KnownFields):
    """A whole definition; `definition()` is the SurveyDef stored and scheduled."""

    NOT_A_MAPPING: ClassVar[str] = N_("a survey must be a mapping of fields (title, questions, ...)")
    KNOWN: ClassVar[tuple[str, ...]] = ("key", "title", "kind", "anonymous", "about", "intro", "audience", "schedule",
                                        "questions", "translations")

    title: str = ""
    key: str | None = None
    kind: str = "custom"
    anonymous: bool = True
    audience: AudienceCreate | None = None
    about: str | None = None
    intro: str = ""
    schedule: SkipValidation[ScheduleDef | None] = None
    questions: list[QuestionCreate] = []
    translations: SkipValidation[dict[str, dict[str, str]]] = {}  # title, intro and note by language

    @field_validator("title", mode="before")
    @classmethod
    def _titled(cls, raw: Any) -> str:
        title = str(raw or "").strip()
        if not title or len(title) > 150:
            raise refusal(_("give the survey a title (1 to 150 characters)"))
        return title

    @field_validator("key", mode="before")
    @classmethod
    def _key(cls, raw: Any, info: ValidationInfo) -> str:
        title = info.data.get("title", "")
        key = str(raw or slug(title, 64))
        if title and (not key or key != slug(key, 64)):
            raise refusal(_("use lower-case letters, digits and dashes (at most 64 characters)"))
        return key

    @field_validator("kind", mode="before")
    @classmethod
    def _known_kind(cls, raw: Any) -> str:
        kind = str(raw or "custom")
        if kind not in KINDS:
            raise refusal(_("must be one of {names}").format(names=", ".join(KINDS)))
        return kind

    _anonymous = field_validator("anonymous", mode="before")(_true_or_false)

    @field_validator("audience", mode="before")
    @classmethod
    def _everyone_by_default(cls, raw: Any) -> Any:
        return "everyone" if raw is None else raw

    @field_validator("about", mode="before")
    @classmethod
    def _about_mentors(cls, raw: Any, info: ValidationInfo) -> str | None:
        if raw in (None, ""):
            return None
        if raw != "mentors":
            raise refusal(_("the only choice is `mentors` (mentees answer once about each current mentor)"))
        audience = info.data.get("audience")
        if audience is not None and audience.who != "mentees":
            raise refusal(_("a survey about mentors goes to mentees: set `audience: mentees`"))
        return "mentors"

    @field_validator("intro", mode="before")
    @classmethod
    def _short_intro(cls, raw: Any) -> str:
        intro = str(raw or "").strip()
        if len(intro) > 1000:
            raise refusal(_("at most 1000 characters"))
        return intro

    @field_validator("schedule", mode="before")
    @classmethod
    def _schedule(cls, raw: Any, info: ValidationInfo) -> ScheduleDef | None:
        problems = Problems()
        schedule = parse_schedule(raw, timezone=_info(info, "timezone"), today=_info(info, "today"),
                                  problems=problems)
        if problems.found:
            raise located([(tuple(problem.field.split(".")) if problem.field else (), problem.message)
                           for problem in problems.found], raw, title="schedule")
        return schedule

    @field_validator("questions", mode="before")
    @classmethod
    def _some_questions(cls, raw: Any) -> Any:
        if not isinstance(raw, list) or not raw:
            raise refusal(_("give a list with at least one question"))
        if len(raw) > MAX_QUESTIONS:
            raise refusal(_("{count} questions is too many for a pulse survey (at most {most})").format(
                count=len(raw), most=MAX_QUESTIONS))
        return raw

    @field_validator("questions")
    @classmethod
    def _unique_keys(cls, questions: list[QuestionCreate]) -> list[QuestionCreate]:
        keys = [question.definition(position).key for position, question in enumerate(questions, start=1)]
        if duplicates := sorted({key for key in keys if keys.count(key) > 1}):
            raise located([((), _("two questions have the key `{duplicate}`; keys must be unique").format(duplicate=key)) for key in duplicates],
                          keys, title="questions")
        return questions

    @field_validator("translations", mode="before")
    @classmethod
    def _own_words_in_other_languages(cls, raw: Any) -> dict[str, dict[str, str]]:
        problems = Problems()
        translations = parse_survey_translations(raw or None, problems)
        _raise_found(problems, raw, "translations")
        return translations

    def definition(self, source: str = "") -> SurveyDef:
        audience = self.audience or AudienceCreate()
        assert self.schedule is not None and self.key is not None
        return SurveyDef(key=self.key, title=self.title, kind=self.kind, anonymous=self.anonymous,
                         audience=SurveyAudience(audience.who, audience.program, audience.stage, audience.matched),
                         schedule=self.schedule,
                         questions=tuple(q.definition(n) for n, q in enumerate(self.questions, start=1)),
                         about=self.about, intro=self.intro, source=source, translations=self.translations)


def parse_survey(raw: Any, *, priorities: list[str], timezone: str, today: date, source: str = "") -> SurveyDef:
    """A validated definition, or DefinitionError listing every problem with its path."""
    try:
        survey = SurveyCreate.model_validate(raw, context={"priorities": priorities, "timezone": timezone,
                                                           "today": today})
    except ValidationError as exc:
        raise DefinitionError([Problem(field_path(detail["loc"]), str(detail["msg"])) for detail in exc.errors()]) \
            from None
    return survey.definition(source)
