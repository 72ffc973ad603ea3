"""The mentors' perspective: how the mentoring is shared among mentors. Definitions as in bot/report/indicators.py."""

from __future__ import annotations

from bot.i18n import _
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from bot.report.indicators import Indicator, IndicatorGroup
from bot.report.snapshot import ProgramState
from storage.queries.report import MatchRow


# --- Mentor load --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class MentorLoad(IndicatorGroup):
    median_load: Indicator
    over_capacity: Indicator
    without_mentee: Indicator
    distribution: dict[int, int]  # active matches -> mentors
    overloaded_ids: tuple[int, ...]


def mentor_load(state: ProgramState, at: datetime | None) -> MentorLoad:
    """Mentor load at the end: how the mentoring is shared among mentors.

    distribution: for each number k, how many enrolled mentors have k active matches.
    median_load: the median number of active matches per enrolled mentor.
    over_capacity: enrolled mentors with more active matches than their total capacity.
    without_mentee: enrolled mentors with no active match.
    """
    mentors = [p for p in state.mentor_people(at) if p.id in state.mentors]
    load, _ignored = active_loads(state.active_matches(at))
    loads = [load[p.id] for p in mentors]
    over = tuple(p.id for p in mentors if load[p.id] > state.mentors[p.id].capacity_total)
    workload = ("mentor workload",)  # not text: a program priority's name
    return MentorLoad(
        median_load=Indicator("median_load", _("Active matches per mentor (median)"),
                              statistics.median(loads) if loads else None, "count", workload, len(loads)),
        over_capacity=Indicator("over_capacity", _("Mentors over capacity"), len(over), "count", workload),
        without_mentee=Indicator("without_mentee", _("Mentors with no mentee"), sum(1 for n in loads if n == 0), "count",
                                 workload),
        distribution=dict(sorted(Counter(loads).items())), overloaded_ids=over)


def active_loads(matches: Iterable[MatchRow]) -> tuple[Counter[int], dict[int, Counter[str]]]:
    """Active matches per mentor, in total and by kind."""
    load: Counter[int] = Counter()
    by_kind: dict[int, Counter[str]] = defaultdict(Counter)
    for match in matches:
        load[match.mentor_id] += 1
        by_kind[match.mentor_id][match.kind] += 1
    return load, by_kind
