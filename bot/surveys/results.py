"""Survey results: response rate, distribution per question, means with the change since the last round,
breakdowns by role, program, stage and kind of mentoring, free text as a plain sorted list, and trends.

Privacy rules (bot/privacy.py does the arithmetic):
- a round with fewer responses than the minimum group size shows nothing but its response rate;
- a question with fewer answers than that is hidden; every breakdown hides small groups, with
  complementary suppression so no hidden group can be recovered from the total;
- free text is listed alphabetically on its own, never next to any attribute;
- answers of an anonymous round are shown only once it has closed, so nobody can be singled out by
  comparing the results before and after one more person answers.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any
from dataclasses import dataclass, replace
from datetime import datetime
from statistics import fmean

from sqlmodel import Session

from bot.i18n import N_, _, lazy
from bot.privacy import publishable
from bot.surveys.audience import NO_SUBJECT, role_label
from bot.surveys.errors import SurveyError
from bot.surveys.questions import QuestionDef
from bot.surveys.translations import survey_text
from bot.surveys.service import WITHHELD, audience_of, get_survey, question_defs
from bot.surveys.settings import minimum_group_size
from bot.vocabulary import KINDS, STAGES
from storage.queries.surveys import (
    anonymous_responses,
    named_answers,
    people_by_id,
    response_counts,
    rounds_of,
    survey_questions,
)
from storage.tables import Match, Survey, SurveyRound, SurveyRoundStatus

DIMENSIONS: dict[str, Any] = {"role": lazy("Role"), "program": lazy("Program"), "stage": lazy("Stage"),
                              "kind": lazy("Kind of mentoring")}  # lazy: in the language of each reader
NOT_GIVEN = N_("(small or unstated groups)")  # not stated, or not kept because too few share it (shown translated)


@dataclass(frozen=True)
class Response:
    """One submission, whoever made it: its breakdown groups and its answers by question key."""

    groups: dict[str, str]
    answers: dict[str, list[str]]


@dataclass(frozen=True)
class OptionCount:
    value: str
    label: str
    count: int


@dataclass(frozen=True)
class GroupResult:
    dimension: str
    group: str
    answered: int | None  # None: hidden to protect a small group
    mean: float | None


@dataclass(frozen=True)
class QuestionResult:
    key: str
    text: str
    type: str
    answered: int
    hidden: str | None  # why the answers are not shown, or None
    distribution: tuple[OptionCount, ...] = ()
    mean: float | None = None
    change: float | None = None  # since the previous round, when both are shown
    texts: tuple[str, ...] = ()
    groups: tuple[GroupResult, ...] = ()
    # per dimension, how many of its hidden groups have fewer than the minimum (which ones is not said)
    under_minimum: tuple[tuple[str, int], ...] = ()
    priority: str | None = None
    level: str | None = None


@dataclass(frozen=True)
class RoundTrend:
    number: int
    opens_at: datetime
    asked: int
    responded: int
    means: dict[str, float | None]


@dataclass(frozen=True)
class RoundResults:
    survey_id: int
    title: str
    kind: str
    anonymous: bool
    round_number: int
    status: str
    opens_at: datetime
    closes_at: datetime
    asked: int
    responded: int
    minimum_group: int
    withheld: str | None  # why no answers are shown at all, or None
    questions: tuple[QuestionResult, ...]
    trend: tuple[RoundTrend, ...]
    not_broken_down: tuple[str, ...] = ()  # dimensions no response states (not given, or blanked at the close)

    @property
    def rate(self) -> float:
        return self.responded / self.asked if self.asked else 0.0


def survey_results(*, session: Session, survey_id: int, round_number: int | None = None) -> RoundResults:
    """The results of one round (the latest unless a number is given), with the trend up to it."""
    survey = get_survey(session, survey_id)
    rounds = rounds_of(session=session, survey_id=survey_id)
    if not rounds:
        raise SurveyError(_("Survey #{id} has no rounds yet, so there are no results.").format(id=survey_id))
    chosen = rounds[-1] if round_number is None else next((r for r in rounds if r.number == round_number), None)
    if chosen is None:
        raise SurveyError(_("Survey #{id} has rounds 1 to {last}; there is no round {number}.").format(
            id=survey_id, last=rounds[-1].number, number=round_number))
    minimum = minimum_group_size(session)
    questions = tuple(q.shown() for q in question_defs(survey_questions(session=session, survey_id=survey_id)))
    earlier = {r.number: (r, _visible_means(session, survey, r, questions, minimum)) for r in rounds
               if r.number < chosen.number}
    previous = earlier[max(earlier)][1] if earlier else {}
    withheld, results, not_broken_down = _round_questions(session, survey, chosen, questions, minimum, previous)
    shown = {q.key: q.mean for q in results if q.hidden is None and q.mean is not None}
    rounds_and_means: list[tuple[SurveyRound, dict[str, float | None]]] = [*earlier.values(), (chosen, dict(shown))]
    trend = tuple(_trend_point(session, r, questions, means) for r, means in rounds_and_means)
    asked, responded = response_counts(session=session, round_id=chosen.id or 0)
    return RoundResults(survey_id, survey_text(survey.title, survey.translations, "title"), survey.kind, survey.anonymous, chosen.number, chosen.status,
                        chosen.opens_at, chosen.closes_at, asked, responded, minimum, withheld, results, trend,
                        not_broken_down)


def _round_questions(session: Session, survey: Survey, survey_round: SurveyRound, questions: tuple[QuestionDef, ...],
                     minimum: int, previous: dict[str, float | None]) -> tuple[str | None, tuple[QuestionResult, ...],
                                                                                tuple[str, ...]]:
    """(why nothing is shown, or None; each question's results; dimensions with no group big enough to show)."""
    if survey.anonymous and survey_round.status == SurveyRoundStatus.OPEN:
        return (_("Answers to an anonymous survey are shown once the round closes, so nobody can be singled out by "
                  "comparing results before and after they answer."), (), ())
    responses = round_responses(session, survey, survey_round)
    if len(responses) < minimum:
        return (_("Fewer than {minimum} responses: the answers stay hidden so nobody can be identified.").format(
            minimum=minimum), (), ())
    dimensions = [d for d in DIMENSIONS if d != "kind" or survey.about == "mentors"]
    too_small = tuple(d for d in dimensions if all(r.groups.get(d) == NOT_GIVEN for r in responses))
    results = tuple(question_result(q, responses, minimum, previous.get(q.key), dimensions) for q in questions)
    return None, results, too_small


def question_result(question: QuestionDef, responses: list[Response], minimum: int, previous_mean: float | None,
                    dimensions: list[str]) -> QuestionResult:
    """One question's results over the responses, hidden below `minimum` answers."""
    answering = [r for r in responses if r.answers.get(question.key)]
    base = QuestionResult(question.key, question.text, question.type, len(answering), None,
                          priority=question.priority, level=question.level)
    if len(answering) < minimum:
        return replace(base, hidden=_("fewer than {minimum} answers").format(minimum=minimum))
    if question.type == "text":
        texts = sorted((v for r in answering for v in r.answers[question.key]), key=str.casefold)
        return replace(base, texts=tuple(texts))
    counts = {o.value: 0 for o in question.options}
    for response in answering:
        for value in response.answers[question.key]:
            counts[value] = counts.get(value, 0) + 1
    distribution = tuple(OptionCount(v, question.label_of(v), n) for v, n in counts.items())
    if not question.numeric:
        return replace(base, distribution=distribution)
    mean = _mean(answering, question.key)
    change = round(mean - previous_mean, 2) if previous_mean is not None else None
    groups = tuple(g for d in dimensions for g in breakdown(question.key, answering, d, minimum))
    return replace(base, distribution=distribution, mean=mean, change=change, groups=groups,
                   under_minimum=_under_minimum(answering, groups, minimum))


def _under_minimum(answering: list[Response], groups: tuple[GroupResult, ...],
                   minimum: int) -> tuple[tuple[str, int], ...]:
    """Per dimension with hidden groups, how many of them are under `minimum` (the rest are complements)."""
    counts = []
    for dimension in dict.fromkeys(g.dimension for g in groups if g.answered is None):
        hidden = {g.group for g in groups if g.dimension == dimension and g.answered is None}
        sizes = [sum(1 for r in answering if r.groups.get(dimension, NOT_GIVEN) == group) for group in hidden]
        counts.append((dimension, sum(1 for size in sizes if size < minimum)))
    return tuple(counts)


def _mean(responses: list[Response], key: str) -> float:
    return round(fmean(float(v) for r in responses for v in r.answers[key]), 2)


def breakdown(key: str, answering: list[Response], dimension: str, minimum: int) -> list[GroupResult]:
    """Mean per group of one dimension, small groups and their complements hidden; nothing if only one group."""
    members: dict[str, list[Response]] = defaultdict(list)
    for response in answering:
        members[response.groups.get(dimension, NOT_GIVEN)].append(response)
    if len(members) < 2:
        return []  # a single group is the total again
    shown = publishable({group: len(rs) for group, rs in members.items()}, minimum)
    return [GroupResult(dimension, _(group) if group == NOT_GIVEN else group, size,
                        _mean(members[group], key) if size is not None else None)
            for group, size in sorted(shown.items())]


def _visible_means(session: Session, survey: Survey, survey_round: SurveyRound, questions: tuple[QuestionDef, ...],
                   minimum: int) -> dict[str, float | None]:
    _unused, results, _unused2 = _round_questions(session, survey, survey_round, questions, minimum, {})
    return {q.key: q.mean for q in results if q.hidden is None and q.mean is not None}


def _trend_point(session: Session, survey_round: SurveyRound, questions: tuple[QuestionDef, ...],
                 means: dict[str, float | None]) -> RoundTrend:
    asked, responded = response_counts(session=session, round_id=survey_round.id or 0)
    return RoundTrend(survey_round.number, survey_round.opens_at, asked, responded,
                      {q.key: means.get(q.key) for q in questions if q.numeric})


def round_responses(session: Session, survey: Survey, survey_round: SurveyRound) -> list[Response]:
    keys = {row.id: row.key for row in survey_questions(session=session, survey_id=survey.id or 0)}
    if survey.anonymous:
        return [Response(_groups(r.role, r.program, r.stage, r.subject_kind), _by_key(keys, answers))
                for r, answers in anonymous_responses(session=session, round_id=survey_round.id or 0)]
    grouped: dict[tuple[int, int], list] = defaultdict(list)
    for answer in named_answers(session=session, round_id=survey_round.id or 0):
        grouped[(answer.person_id, answer.subject)].append(answer)
    people, who = people_by_id(session=session, person_ids=[p for p, _unused in grouped]), audience_of(survey).who
    responses = []
    for (person_id, subject), answers in grouped.items():
        person = people[person_id]
        match = session.get(Match, subject) if subject != NO_SUBJECT else None
        groups = _groups(role_label(person, who), person.program, person.stage, match.kind if match else None)
        responses.append(Response(groups, _by_key(keys, answers)))
    return responses


def _groups(role: str, program: str | None, stage: str | None, kind: str | None) -> dict[str, str]:
    return {"role": NOT_GIVEN if role == WITHHELD else role, "program": program or NOT_GIVEN,
            "stage": STAGES[stage].label if stage in STAGES else NOT_GIVEN,
            "kind": KINDS.get(kind or "", NOT_GIVEN)}


def _by_key(keys: dict[int | None, str], answers: list) -> dict[str, list[str]]:
    values: dict[str, list[str]] = defaultdict(list)
    for answer in answers:
        values[keys[answer.question_id]].append(answer.value)
    return dict(values)
