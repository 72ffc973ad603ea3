"""The mentors' competency self-assessment (the Mentoring Competency Assessment, bot/surveys/mca.py) as the
institution reads it: a mean over mentors, per competency, from the anonymous survey's latest round in the period.
Never per mentor (the survey is anonymous) and hidden below the minimum group size."""

from __future__ import annotations

from bot.i18n import _
import statistics
from collections import defaultdict
from dataclasses import dataclass

from bot.report.indicators import Indicator, IndicatorGroup
from bot.report.snapshot import Snapshot
from bot.surveys.mca import COMPETENCIES, competency_scores, item_competencies

MENTOR_ROLES = ("mentor", "both")


@dataclass(frozen=True)
class CompetencyRow:
    competency: str  # its label, e.g. "Aligning expectations"
    mean: float | None  # 1-7; None: hidden or nobody answered its items
    respondents: int


@dataclass(frozen=True)
class MentorCompetency(IndicatorGroup):
    competency_self_assessment: Indicator
    by_competency: tuple[CompetencyRow, ...]


def mentor_competency(snapshot: Snapshot) -> MentorCompetency:
    """Mentor competency: how mentors rate their own mentoring skills on the Mentoring Competency Assessment (Fleming et al., Acad Med 2013), in its latest round opened in the period.

    competency_self_assessment: over mentors who rated at least one MCA item in that round, the mean of each mentor's mean item rating, on the MCA's scale from 1 (not at all skilled) to 7 (extremely skilled).
    by_competency: per MCA competency, the mean over respondents of their competency score (the mean of the items they rated in it; an item left blank is left out, not counted as 0).
    suppression: hidden when fewer mentors answered than the minimum group size (a competency: fewer answered its items); the survey is anonymous, so no mentor's score exists to show.
    """
    competency_of = item_competencies()
    keys = {qid: q.key for qid, q in snapshot.pulse.questions.items() if q.key in competency_of}
    answers: dict[int, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    for answer in snapshot.pulse.answers:
        if answer.question_id in keys and answer.role in MENTOR_ROLES and answer.value.isdigit():
            answers[answer.round_id][answer.response][keys[answer.question_id]] = int(answer.value)
    latest = max((r for r in snapshot.pulse.rounds if r.id in answers), key=lambda r: (r.opens_at, r.id), default=None)
    respondents = list(answers[latest.id].values()) if latest else []
    minimum = snapshot.minimum_group
    overall = [statistics.fmean(given.values()) for given in respondents if given]
    scores = [competency_scores(given) for given in respondents]
    rows = []
    for key, label in COMPETENCIES.items():
        values = [score[key] for score in scores if score[key] is not None]
        rows.append(CompetencyRow(_(label), statistics.fmean(v for v in values if v is not None)
                                  if len(values) >= minimum else None, len(values)))
    return MentorCompetency(
        competency_self_assessment=Indicator(
            "competency_self_assessment", _("Mentors' self-assessed mentoring competency (MCA, 1-7)"),
            statistics.fmean(overall) if len(overall) >= minimum else None, "score", ("mentor development",),  # not text: a program priority's name
            len(overall)),
        by_competency=tuple(rows))
