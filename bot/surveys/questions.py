"""Survey questions: the five types, named answer scales, validation, and the one-line-per-question syntax."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bot.i18n import N_, _, speaking
from bot.surveys.errors import Problems
from bot.surveys.translations import Translations, in_language, other_languages, parse_question_translations

QUESTION_TYPES: dict[str, str] = {  # labels marked for the catalog: translate them where shown
    "likert": N_("Likert (labelled agreement or frequency scale)"),
    "single": N_("single choice"),
    "multiple": N_("multiple choice"),
    "scale": N_("0-10 scale"),
    "text": N_("short free text"),
}
NUMERIC_TYPES = ("likert", "scale")
LEVELS: dict[str, str] = {"reaction": N_("Reaction"), "learning": N_("Learning"), "behaviour": N_("Behaviour"),
                          "results": N_("Results")}  # Kirkpatrick's levels, translated where shown
LIKERT_POINTS = (5, 6, 7)  # 5 and 7 for general use; 6 because the Mentorship Effectiveness Scale is validated on 6
TEXT_MAX_LENGTH = 500
MAX_OPTIONS = 20
QUESTION_FIELDS = ("key", "type", "text", "required", "scale", "labels", "options", "low", "high", "priority", "level",
                   "source", "translations")
KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")

# Labels in English, marked for the catalog: a named scale brings its labels in every language (see scale_labels).
SCALES: dict[str, tuple[str, ...]] = {
    "agreement5": (N_("Strongly disagree"), N_("Disagree"), N_("Neither agree nor disagree"), N_("Agree"),
                   N_("Strongly agree")),
    "agreement6": (N_("Strongly disagree"), N_("Disagree"), N_("Slightly disagree"), N_("Slightly agree"), N_("Agree"),
                   N_("Strongly agree")),
    "agreement7": (N_("Strongly disagree"), N_("Disagree"), N_("Somewhat disagree"), N_("Neither agree nor disagree"),
                   N_("Somewhat agree"), N_("Agree"), N_("Strongly agree")),
    "satisfaction5": (N_("Very dissatisfied"), N_("Dissatisfied"), N_("Neither satisfied nor dissatisfied"),
                      N_("Satisfied"), N_("Very satisfied")),
    # The Maslach Burnout Inventory's frequency scale, as used by West et al.'s single items. Its French anchors are
    # an unvalidated translation: the validated French MBI (Dion & Tessier 1994) is licensed by Mind Garden.
    "mbi_frequency": (N_("Never"), N_("A few times a year or less"), N_("Once a month or less"),
                      N_("A few times a month"), N_("Once a week"), N_("A few times a week"), N_("Every day")),
    # The Mentoring Competency Assessment's skill scale (Fleming et al., Acad Med 2013): anchored at 1, 4 and 7.
    "mca_skill7": (N_("Not at all skilled"), "2", "3", N_("Moderately skilled"), "5", "6", N_("Extremely skilled")),
}
SCALE_LOW, SCALE_HIGH = N_("Not at all"), N_("Completely")  # a 0-10 scale's ends unless the question names them


def scale_labels(labels: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """A named scale's labels in each other language, from the catalog (digits stay digits)."""
    found = {}
    for language in other_languages():
        with speaking(language):
            found[language] = tuple(_(label) if not label.isdigit() else label for label in labels)
    return found


@dataclass(frozen=True)
class Option:
    value: str
    label: str


@dataclass(frozen=True)
class QuestionDef:
    key: str
    type: str
    text: str
    required: bool = True
    options: tuple[Option, ...] = ()
    priority: str | None = None
    level: str | None = None
    source: str | None = None
    translations: Translations = ()  # the text, labels and citation in other languages (bot/surveys/translations.py)

    @property
    def numeric(self) -> bool:
        return self.type in NUMERIC_TYPES

    def label_of(self, value: str) -> str:
        return next((option.label for option in self.options if option.value == value), value)

    def shown(self, language: str | None = None) -> QuestionDef:
        """As a reader of `language` (by default, the language being rendered) sees it."""
        return in_language(self, language)


def slug(text: str, limit: int = 40) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:limit].strip("-")


def parse_questions(raw: Any, priorities: list[str], problems: Problems) -> tuple[QuestionDef, ...]:
    if not isinstance(raw, list) or not raw:
        problems.add("questions", _("give a list with at least one question"))
        return ()
    if len(raw) > 30:
        problems.add("questions", _("{count} questions is too many for a pulse survey (at most 30)").format(count=len(raw)))
    parsed = [parse_question(item, position, priorities, problems.within(f"questions[{position}]"))
              for position, item in enumerate(raw, start=1)]
    questions = tuple(q for q in parsed if q is not None)
    keys = [q.key for q in questions]
    for duplicate in sorted({key for key in keys if keys.count(key) > 1}):
        problems.add("questions", _("two questions have the key `{duplicate}`; keys must be unique").format(duplicate=duplicate))
    return questions


def parse_question(raw: Any, position: int, priorities: list[str], problems: Problems) -> QuestionDef | None:
    if not isinstance(raw, dict):
        problems.add("", _("each question must be a mapping with at least `type` and `text`"))
        return None
    for unknown in sorted(set(raw) - set(QUESTION_FIELDS)):
        problems.add(str(unknown), _("unknown field; known fields: {names}").format(names=', '.join(QUESTION_FIELDS)))
    kind = str(raw.get("type", "")).strip().lower()
    if kind not in QUESTION_TYPES:
        problems.add("type", _("must be one of {names} (got {value})").format(names=', '.join(QUESTION_TYPES), value=repr(raw.get('type'))))
        return None
    text = str(raw.get("text") or "").strip()
    if not text or len(text) > 500:
        problems.add("text", _("write the question (1 to 500 characters)"))
    key = str(raw.get("key") or f"q{position}").strip()
    if not KEY_PATTERN.match(key):
        problems.add("key", _("use lower-case letters, digits, - or _ (at most 40 characters)"))
    options = _options_for(kind, raw, problems)
    translations = parse_question_translations(raw.get("translations"), tuple(o.label for o in options),
                                               _catalog_labels(kind, raw), kind, problems)
    return QuestionDef(key=key, type=kind, text=text, required=_required(raw, kind, problems), options=options,
                       priority=_priority(raw.get("priority"), priorities, problems),
                       level=_level(raw.get("level"), problems), source=_source(raw.get("source"), problems),
                       translations=translations)


def _catalog_labels(kind: str, raw: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    """Labels the catalog translates: a named scale's, or a 0-10 scale's default ends."""
    if kind == "likert" and raw.get("labels") is None and str(raw.get("scale") or "agreement5") in SCALES:
        return scale_labels(SCALES[str(raw.get("scale") or "agreement5")])
    if kind == "scale" and not raw.get("low") and not raw.get("high"):
        return scale_labels((SCALE_LOW, *(str(n) for n in range(1, 10)), SCALE_HIGH))
    return {}


def _required(raw: dict[str, Any], kind: str, problems: Problems) -> bool:
    value = raw.get("required", kind != "text")  # free text is optional unless said otherwise
    if not isinstance(value, bool):
        problems.add("required", _("must be true or false"))
        return True
    return value


def _priority(value: Any, priorities: list[str], problems: Problems) -> str | None:
    if value in (None, ""):
        return None
    name = str(value).strip().lower()
    if name not in priorities:
        problems.add("priority", _("`{name}` is not a program priority (the program's are: {names})").format(name=name, names=', '.join(priorities)))
    return name


def _level(value: Any, problems: Problems) -> str | None:
    if value in (None, ""):
        return None
    level = str(value).strip().lower().replace("behavior", "behaviour")
    if level not in LEVELS:
        problems.add("level", _("must be one of {names}").format(names=', '.join(LEVELS)))
    return level


def _source(value: Any, problems: Problems) -> str | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str) or len(value) > 300:
        problems.add("source", _("must be a citation of at most 300 characters"))
        return None
    return value.strip()


def _options_for(kind: str, raw: dict[str, Any], problems: Problems) -> tuple[Option, ...]:
    if kind == "likert":
        return _likert_options(raw, problems)
    if kind == "scale":
        low, high = str(raw.get("low") or SCALE_LOW), str(raw.get("high") or SCALE_HIGH)
        return tuple(Option(str(n), low if n == 0 else high if n == 10 else str(n)) for n in range(11))
    if kind in ("single", "multiple"):
        return _choice_options(raw.get("options"), problems)
    return ()


def _likert_options(raw: dict[str, Any], problems: Problems) -> tuple[Option, ...]:
    labels: Any = raw.get("labels")
    if labels is None:
        name = str(raw.get("scale") or "agreement5")
        if name not in SCALES:
            problems.add("scale", _("unknown scale `{name}`; use one of {names} or give `labels`").format(name=name, names=', '.join(SCALES)))
            return ()
        labels = SCALES[name]
    if not isinstance(labels, (list, tuple)) or len(labels) not in LIKERT_POINTS:
        problems.add("labels", _("a Likert item needs 5, 6 or 7 labels, lowest first"))
        return ()
    return tuple(Option(str(point), str(label)) for point, label in enumerate(labels, start=1))


def _choice_options(raw: Any, problems: Problems) -> tuple[Option, ...]:
    if not isinstance(raw, list) or not 2 <= len(raw) <= MAX_OPTIONS:
        problems.add("options", _("give a list of 2 to {MAX_OPTIONS} options").format(MAX_OPTIONS=MAX_OPTIONS))
        return ()
    options = []
    for item in raw:
        if isinstance(item, bool):
            problems.add("options", _("put Yes/No options in quotes (\"Yes\"): unquoted, YAML reads them as true/false"))
            continue
        label = str(item.get("label", "")) if isinstance(item, dict) else str(item)
        value = str(item.get("value", "")) if isinstance(item, dict) else ""
        value = value or slug(label) or label
        if not label.strip() or len(label) > 75:
            problems.add("options", _("option {label} must have a label of 1 to 75 characters").format(label=repr(label)))
        options.append(Option(value, label.strip()))
    values = [option.value for option in options]
    if len(set(values)) != len(values):
        problems.add("options", _("two options are the same"))
    return tuple(options)


LINE_SYNTAX = N_("One question per line: `likert: text` (5-point agreement; `likert7:` for 7), "
                 "`single: text | option | option`, `multiple: text | option | option`, `scale: text` (0-10), "
                 "`text: text` (short free text).")  # translated where shown


def questions_from_lines(text: str, problems: Problems) -> list[dict[str, Any]]:
    """Raw question mappings from the modal's compact syntax; a bad line is reported with its number."""
    raw_questions = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        prefix, colon, rest = line.partition(":")
        match = re.fullmatch(r"\s*(likert|single|multiple|scale|text)([567])?\s*", prefix.lower())
        if not colon or match is None or not rest.strip():
            problems.add("questions", _("line {number}: start with a type and a colon, e.g. `likert: I feel supported`").format(number=number))
            continue
        kind, points = match.group(1), match.group(2)
        parts = [part.strip() for part in rest.split("|")]
        question: dict[str, Any] = {"type": kind, "text": parts[0]}
        if kind == "likert":
            question["scale"] = f"agreement{points or 5}"
        if kind in ("single", "multiple"):
            question["options"] = [part for part in parts[1:] if part]
        raw_questions.append(question)
    return raw_questions
