"""A survey in several languages: each question's text, options and citation, and the survey's title and intro,
as written for each language mentorbot speaks; each respondent reads the one in their language.

A definition carries them under `translations`, keyed by language (`fr:`), beside the English:

    questions:
      - text: My mentor was accessible.
        scale: agreement6
        translations:
          fr: {text: "Mon mentor ou ma mentore était accessible.", source: "Traduction française non validée…"}

Options are listed in the same order as the English ones (`options:` for single and multiple choice, `labels:` for
a Likert item with its own labels, `low:` / `high:` for a 0-10 scale). A named scale (agreement5, mbi_frequency…)
brings its labels in every language from the catalog. Whatever a language leaves out is shown in English.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.i18n import LANGUAGES, SOURCE_LANGUAGE, _, current_language
from bot.surveys.errors import Problems

# title and intro as respondents read them; note: for coordinators, how the translation was made (validated or not)
SURVEY_TEXT_FIELDS = {"title": 150, "intro": 1000, "note": 500}
QUESTION_TEXT_FIELDS = ("text", "source", "options", "labels", "low", "high")


@dataclass(frozen=True)
class QuestionText:
    """One question in one language: labels are in the order of the English options ("" = as in English)."""

    text: str = ""
    labels: tuple[str, ...] = ()
    source: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "labels": list(self.labels), "source": self.source}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> QuestionText:
        return cls(str(data.get("text") or ""), tuple(str(label) for label in data.get("labels") or ()),
                   data.get("source"))


Translations = tuple[tuple[str, QuestionText], ...]  # (language, text): a tuple, so QuestionDef stays hashable


def other_languages() -> tuple[str, ...]:
    return tuple(language for language in LANGUAGES if language != SOURCE_LANGUAGE)


def _mapping(raw: Any, problems: Problems) -> dict[str, dict[str, Any]]:
    if raw in (None, ""):
        return {}
    if not isinstance(raw, dict):
        problems.add("translations", _("give a mapping by language ({names})").format(names=', '.join(other_languages())))
        return {}
    found = {}
    for language, fields in raw.items():
        if language not in other_languages():
            problems.add(f"translations.{language}", _("unknown language; use {names}").format(names=', '.join(other_languages())))
        elif not isinstance(fields, dict):
            problems.add(f"translations.{language}", _("give the translated fields as a mapping (text, options...)"))
        else:
            found[str(language)] = fields
    return found


def parse_survey_translations(raw: Any, problems: Problems) -> dict[str, dict[str, str]]:
    """The survey's own title, intro and translation note in other languages: {"fr": {"title": ..., ...}}."""
    parsed: dict[str, dict[str, str]] = {}
    for language, fields in _mapping(raw, problems).items():
        for unknown in sorted(set(fields) - set(SURVEY_TEXT_FIELDS)):
            problems.add(f"translations.{language}.{unknown}", _("unknown field; translate title, intro and note here, "
                                                                  "and each question in its own `translations`"))
        texts = {}
        for name, limit in SURVEY_TEXT_FIELDS.items():
            value = str(fields.get(name) or "").strip()
            if len(value) > limit:
                problems.add(f"translations.{language}.{name}", _("at most {limit} characters").format(limit=limit))
            if value:
                texts[name] = value
        parsed[language] = texts
    return parsed


def parse_question_translations(raw: Any, english_labels: tuple[str, ...], scale_labels: dict[str, tuple[str, ...]],
                                kind: str, problems: Problems) -> Translations:
    """Each language's text of one question; a named scale's labels (`scale_labels`) fill in missing labels."""
    given = _mapping(raw, problems)
    parsed = []
    for language in other_languages():
        fields = given.get(language, {})
        where = f"translations.{language}"
        for unknown in sorted(set(fields) - set(QUESTION_TEXT_FIELDS)):
            problems.add(f"{where}.{unknown}", _("unknown field; known fields: {names}").format(names=', '.join(QUESTION_TEXT_FIELDS)))
        text = str(fields.get("text") or "").strip()
        if len(text) > 500:
            problems.add(f"{where}.text", _("at most 500 characters"))
        source = str(fields.get("source") or "").strip() or None
        if source and len(source) > 300:
            problems.add(f"{where}.source", _("must be a citation of at most 300 characters"))
        labels = _labels(fields, kind, english_labels, scale_labels.get(language, ()), problems.within(where))
        if text or source or any(labels):
            parsed.append((language, QuestionText(text, labels, source)))
    return tuple(parsed)


def _labels(fields: dict[str, Any], kind: str, english: tuple[str, ...], from_scale: tuple[str, ...],
            problems: Problems) -> tuple[str, ...]:
    if kind == "scale":
        low, high = str(fields.get("low") or "").strip(), str(fields.get("high") or "").strip()
        if not (low or high):
            return from_scale
        # an end left out reads as the catalog gives it (a default end), else as in English ("")
        return (low or (from_scale[0] if from_scale else ""), *english[1:-1],
                high or (from_scale[-1] if from_scale else ""))
    field = "options" if kind in ("single", "multiple") else "labels"
    listed = fields.get(field)
    if listed is None:
        return from_scale
    if not isinstance(listed, list) or len(listed) != len(english):
        problems.add(field, _("give {count} labels, in the order of the English ones").format(count=len(english)))
        return ()
    labels = tuple(str(label).strip() for label in listed)
    if any(len(label) > 75 for label in labels):
        problems.add(field, _("each label has at most 75 characters"))
    return labels


def survey_text(english: str, translations: dict[str, dict[str, str]] | None, name: str,
                language: str | None = None) -> str:
    """The survey's title or intro in `language` (by default, the one being rendered), else the English."""
    language = language or current_language()
    return str((translations or {}).get(language, {}).get(name) or english)


def translations_json(translations: Translations) -> dict[str, Any]:
    return {language: text.to_json() for language, text in translations}


def translations_from_json(data: dict[str, Any] | None) -> Translations:
    return tuple((language, QuestionText.from_json(fields)) for language, fields in (data or {}).items())
