"""Survey questions: the five types, named answer scales, validation, and the one-line-per-question syntax."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from bot.i18n import N_, _, current_language, speaking
from bot.surveys.errors import Problems
from bot.surveys.translations import Translations, other_languages

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


def in_language(question: QuestionDef, language: str | None = None) -> QuestionDef:
    """The question as a reader of `language` (by default, the one being rendered) sees it: English where the
    language has no text. The option values (what answers store) never change."""
    language = language or current_language()
    found = dict(question.translations).get(language)
    if found is None:
        return question
    options = tuple(replace(option, label=label) if label else option
                    for option, label in zip(question.options, found.labels + ("",) * len(question.options)))
    return replace(question, text=found.text or question.text, options=options,
                   source=found.source or question.source)


def slug(text: str, limit: int = 40) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:limit].strip("-")


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
