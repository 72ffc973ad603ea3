"""Survey questions: the five types, named answer scales, validation, and the one-line-per-question syntax."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bot.surveys.errors import Problems

QUESTION_TYPES: dict[str, str] = {
    "likert": "Likert (labelled agreement or frequency scale)",
    "single": "single choice",
    "multiple": "multiple choice",
    "scale": "0-10 scale",
    "text": "short free text",
}
NUMERIC_TYPES = ("likert", "scale")
LEVELS: dict[str, str] = {"reaction": "Reaction", "learning": "Learning", "behaviour": "Behaviour", "results": "Results"}
LIKERT_POINTS = (5, 6, 7)  # 5 and 7 for general use; 6 because the Mentorship Effectiveness Scale is validated on 6
TEXT_MAX_LENGTH = 500
MAX_OPTIONS = 20
QUESTION_FIELDS = ("key", "type", "text", "required", "scale", "labels", "options", "low", "high", "priority", "level",
                   "source")
KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")

SCALES: dict[str, tuple[str, ...]] = {
    "agreement5": ("Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"),
    "agreement6": ("Strongly disagree", "Disagree", "Slightly disagree", "Slightly agree", "Agree", "Strongly agree"),
    "agreement7": ("Strongly disagree", "Disagree", "Somewhat disagree", "Neither agree nor disagree", "Somewhat agree",
                   "Agree", "Strongly agree"),
    "satisfaction5": ("Very dissatisfied", "Dissatisfied", "Neither satisfied nor dissatisfied", "Satisfied",
                      "Very satisfied"),
    # The Maslach Burnout Inventory's frequency scale, as used by West et al.'s single items.
    "mbi_frequency": ("Never", "A few times a year or less", "Once a month or less", "A few times a month",
                      "Once a week", "A few times a week", "Every day"),
    # The Mentoring Competency Assessment's skill scale (Fleming et al., Acad Med 2013): anchored at 1, 4 and 7.
    "mca_skill7": ("Not at all skilled", "2", "3", "Moderately skilled", "5", "6", "Extremely skilled"),
}


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

    @property
    def numeric(self) -> bool:
        return self.type in NUMERIC_TYPES

    def label_of(self, value: str) -> str:
        return next((option.label for option in self.options if option.value == value), value)


def slug(text: str, limit: int = 40) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:limit].strip("-")


LINE_SYNTAX = ("One question per line: `likert: text` (5-point agreement; `likert7:` for 7), "
               "`single: text | option | option`, `multiple: text | option | option`, `scale: text` (0-10), "
               "`text: text` (short free text).")


def questions_from_lines(text: str, problems: Problems) -> list[dict[str, Any]]:
    """Raw question mappings from the modal's compact syntax; a bad line is reported with its number."""
    raw_questions = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        prefix, colon, rest = line.partition(":")
        match = re.fullmatch(r"\s*(likert|single|multiple|scale|text)([567])?\s*", prefix.lower())
        if not colon or match is None or not rest.strip():
            problems.add("questions", f"line {number}: start with a type and a colon, e.g. `likert: I feel supported`")
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
