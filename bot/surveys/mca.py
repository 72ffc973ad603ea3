"""The Mentoring Competency Assessment (Fleming et al., Acad Med 2013;88(7):1002-8): its structure and scoring.

Shipped as a structure, not a ready template (bot/surveys/instruments/mentoring-competency-assessment.yaml): the
26 items' exact wording could not be verified against the article when it was added, so each `text` is empty
and must be copied from the article before the file is loaded. Scoring: each item's mean and standard deviation,
and each competency's score, the mean of its answered items (an unanswered item is left out, not counted as 0).
"""

from __future__ import annotations

import re
import statistics
from importlib import resources
from typing import Any


from bot.i18n import N_
INSTRUMENT = "mentoring-competency-assessment"
COMPETENCIES: dict[str, str] = {  # names, translated where shown
    "communication": N_("Maintaining effective communication"),
    "expectations": N_("Aligning expectations"),
    "understanding": N_("Assessing understanding"),
    "independence": N_("Fostering independence"),
    "diversity": N_("Addressing diversity"),
    "development": N_("Promoting professional development"),
}
_ITEM_SOURCE = re.compile(r"^MCA item (\d+) \((\w+)\)")  # not text


def instrument_raw() -> dict[str, Any]:
    """The structure as shipped (texts empty), a fresh copy each time."""
    import yaml  # deferred: read only when a round of the MCA is built or scored

    path = resources.files("bot.surveys") / "instruments" / f"{INSTRUMENT}.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def item_competencies(raw: dict[str, Any] | None = None) -> dict[str, str]:
    """Question key -> competency key, read from each item's `source`."""
    found = {}
    for question in (raw or instrument_raw())["questions"]:
        match = _ITEM_SOURCE.match(str(question.get("source", "")))
        if match:
            found[str(question["key"])] = match.group(2)
    return found


def competency_scores(answers: dict[str, int], raw: dict[str, Any] | None = None) -> dict[str, float | None]:
    """One respondent's score per competency: the mean of the items answered (None when none was)."""
    by_competency: dict[str, list[int]] = {key: [] for key in COMPETENCIES}
    for item, competency in item_competencies(raw).items():
        if answers.get(item) is not None:
            by_competency[competency].append(int(answers[item]))
    return {key: statistics.fmean(values) if values else None for key, values in by_competency.items()}


def item_summary(ratings: list[int]) -> tuple[float | None, float | None]:
    """An item's mean and standard deviation over respondents (as Fleming et al. report them)."""
    if not ratings:
        return None, None
    return statistics.fmean(ratings), statistics.stdev(ratings) if len(ratings) > 1 else None
