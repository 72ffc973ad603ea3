"""Outcomes from the pulse surveys (wellbeing, satisfaction, mentorship effectiveness), from mentees and mentors.

Read from the survey tables only in aggregate: anonymous responses carry a role, program and stage but no
person, and nothing here joins them to who was asked. Every published number rests on at least the program's
minimum group size of responses, or is hidden.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from bot.privacy import publishable
from bot.i18n import _
from bot.report.indicators import NOT_STATED, Indicator, IndicatorGroup, share
from bot.report.snapshot import Snapshot
from storage.queries.report import QuestionRow

NUMERIC_KINDS = ("likert", "scale")
PERSPECTIVES: dict[str, tuple[str, ...]] = {"mentee": ("mentees",), "mentor": ("mentors",),
                                            "both": ("mentees", "mentors")}
CONTINUE_KEY = "continue"  # the "would you continue?" question of the mentor pulse template


@dataclass(frozen=True)
class PulsePoint:
    kind: str
    perspective: str  # mentees or mentors
    survey_title: str
    round_number: int
    opens_at: datetime
    value: float | None  # None: hidden (fewer responses than the minimum group)
    n: int


@dataclass(frozen=True)
class ItemPoint:
    survey_id: int
    survey_title: str
    question_key: str
    question_text: str
    priority: str | None
    round_number: int
    opens_at: datetime
    mean: float | None  # on the item's own scale
    favourable: float | None  # 0-100, higher is better
    n: int


@dataclass(frozen=True)
class PulseGroup:
    survey_title: str
    dimension: str
    rows: tuple[tuple[str, float | None, int | None], ...]  # group, index, responses (None: hidden)


@dataclass(frozen=True)
class PulseOutcomes(IndicatorGroup):
    would_continue_mentors: Indicator
    would_continue_mentees: Indicator
    index: tuple[PulsePoint, ...]
    items: tuple[ItemPoint, ...]
    by_group: tuple[PulseGroup, ...]


@dataclass
class _Response:
    round_id: int
    role: str
    program: str | None
    stage: str | None
    scores: list[float] = field(default_factory=list)


def favourable(question: QuestionRow, value: str) -> float | None:
    """An answer on a 0-100 scale where higher is better; None for a value that is not a number on the scale."""
    try:
        number = int(value)
    except ValueError:
        return None
    points = len(question.options)
    if question.kind == "scale":
        score = number * 10.0
    elif points >= 2 and 1 <= number <= points:
        score = (number - 1) / (points - 1) * 100
    else:
        return None
    reverse = bool(question.options) and question.options[0].get("label", "").lower() == "never"
    return 100 - score if reverse else score


def pulse_outcomes(snapshot: Snapshot) -> PulseOutcomes:
    """Outcomes (pulse surveys): how mentees and mentors say the program is working, round by round.

    item_score: each numeric answer (Likert 1..k, or 0-10) rescaled to 0-100 so that higher is always better: a Likert answer v scores (v − 1) ÷ (k − 1) × 100, a 0-10 answer ×10, and an item whose scale runs from "Never" (a symptom frequency, such as the burnout items) is reversed (100 − score).
    pulse_index: per survey round and perspective, the mean over responses of each response's mean item score; mentees' and mentors' perspectives are read from the role each response was given in (someone answering as both counts in both).
    item_means: per survey round and numeric question, the mean answer on the item's own scale and its mean 0-100 score.
    would_continue_mentors / would_continue_mentees: in the latest round in the period asking "would you continue?" (question key `continue`), the share of answers starting with Yes.
    pulse_by_group: per survey, in its latest round in the period, the pulse index by program and by stage.
    suppression: any number resting on fewer responses than the minimum group size is hidden; group breakdowns also use complementary suppression (bot/privacy.py).
    """
    questions = snapshot.pulse.questions
    responses: dict[tuple[int, str], _Response] = {}
    item_values: dict[tuple[int, int], list[tuple[int, float]]] = defaultdict(list)
    for answer in snapshot.pulse.answers:
        response = responses.setdefault((answer.round_id, answer.response),
                                        _Response(answer.round_id, answer.role, answer.program, answer.stage))
        question = questions.get(answer.question_id)
        if question is None or question.kind not in NUMERIC_KINDS:
            continue
        score = favourable(question, answer.value)
        if score is not None:
            response.scores.append(score)
            item_values[(answer.round_id, answer.question_id)].append((int(answer.value), score))
    scored = [r for r in responses.values() if r.scores]
    return PulseOutcomes(
        would_continue_mentors=_would_continue(snapshot, "mentors"),
        would_continue_mentees=_would_continue(snapshot, "mentees"),
        index=tuple(_index(snapshot, scored)), items=tuple(_items(snapshot, item_values)),
        by_group=tuple(_by_group(snapshot, scored)))


def _mean_or_hidden(values: list[float], minimum: int) -> float | None:
    return statistics.fmean(values) if len(values) >= minimum and values else None


def _index(snapshot: Snapshot, scored: list[_Response]) -> list[PulsePoint]:
    by_round: dict[int, list[_Response]] = defaultdict(list)
    for response in scored:
        by_round[response.round_id].append(response)
    points = []
    for survey_round in snapshot.pulse.rounds:
        for perspective in ("mentees", "mentors"):
            scores = [statistics.fmean(r.scores) for r in by_round[survey_round.id]
                      if perspective in PERSPECTIVES.get(r.role, ())]
            if scores:
                points.append(PulsePoint(survey_round.kind, perspective, survey_round.title, survey_round.number,
                                         survey_round.opens_at, _mean_or_hidden(scores, snapshot.minimum_group),
                                         len(scores)))
    return points


def _items(snapshot: Snapshot, item_values: dict[tuple[int, int], list[tuple[int, float]]]) -> list[ItemPoint]:
    rounds = {r.id: r for r in snapshot.pulse.rounds}
    points = []
    for (round_id, question_id), values in sorted(item_values.items(), key=lambda kv: (rounds[kv[0][0]].opens_at,
                                                                                      kv[0])):
        survey_round, question = rounds[round_id], snapshot.pulse.questions[question_id]
        visible = len(values) >= snapshot.minimum_group
        points.append(ItemPoint(
            survey_round.survey_id, survey_round.title, question.key, question.text, question.priority,
            survey_round.number, survey_round.opens_at,
            statistics.fmean(v for v, _unused in values) if visible else None,
            statistics.fmean(s for _unused, s in values) if visible else None, len(values)))
    return points


def _would_continue(snapshot: Snapshot, perspective: str) -> Indicator:
    asking = {q.id for q in snapshot.pulse.questions.values() if q.key == CONTINUE_KEY}
    answers_by_round: dict[int, list[str]] = defaultdict(list)
    for answer in snapshot.pulse.answers:
        if answer.question_id in asking and perspective in PERSPECTIVES.get(answer.role, ()):
            answers_by_round[answer.round_id].append(answer.value)
    latest = max((r for r in snapshot.pulse.rounds if r.id in answers_by_round), key=lambda r: (r.opens_at, r.id),
                 default=None)
    values = answers_by_round[latest.id] if latest else []
    yes = sum(1 for value in values if value.lower().startswith("yes"))
    visible = len(values) >= snapshot.minimum_group
    label = _("Mentees who would continue") if perspective == "mentees" else _("Mentors who would continue")
    return Indicator(f"would_continue_{perspective}", label,
                     share(yes, len(values)) if visible else None, "percent", ("retention",), len(values))


def _by_group(snapshot: Snapshot, scored: list[_Response]) -> list[PulseGroup]:
    latest: dict[int, int] = {}
    for survey_round in snapshot.pulse.rounds:  # ordered by opening: the last one wins
        if any(r.round_id == survey_round.id for r in scored):
            latest[survey_round.survey_id] = survey_round.id
    titles = {r.id: r.title for r in snapshot.pulse.rounds}
    groups = []
    for round_id in latest.values():
        in_round = [r for r in scored if r.round_id == round_id]
        for dimension, attribute in ((_("Program"), "program"), (_("Stage"), "stage")):
            members: dict[str, list[float]] = defaultdict(list)
            for response in in_round:
                members[getattr(response, attribute) or _(NOT_STATED)].append(statistics.fmean(response.scores))
            sizes = publishable({group: len(scores) for group, scores in members.items()}, snapshot.minimum_group)
            rows = tuple((group, statistics.fmean(members[group]) if sizes[group] is not None else None, sizes[group])
                         for group in sorted(members, key=lambda g: (g == _(NOT_STATED), g)))
            groups.append(PulseGroup(titles[round_id], dimension, rows))
    return groups
