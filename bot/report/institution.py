"""The institution's perspective: the people and places the program has, what it did, whether access is fair
across groups, and how it moves over time. Definitions as in bot/report/indicators.py."""

from __future__ import annotations

from bot.i18n import N_, _
import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from bot.privacy import publishable
from bot.report.indicators import NOT_STATED, Indicator, IndicatorGroup, share
from bot.report.mentees import coverage_at, days_to_match, goals_moving, meeting_rates, rematch_rate
from bot.report.mentors import active_loads
from bot.report.period import Bucket
from bot.report.snapshot import ProgramState, Snapshot
from bot.vocabulary import IDENTITY_FIELDS, KINDS, PREFER_NOT_TO_SAY


# --- Inputs -------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class KindCapacity:
    kind: str
    mentors_offering: int
    places: int
    taken: int
    free: int


@dataclass(frozen=True)
class Inputs(IndicatorGroup):
    mentors: Indicator
    mentees: Indicator
    mentees_per_mentor: Indicator
    free_places: Indicator
    capacity_by_kind: tuple[KindCapacity, ...]


def inputs(state: ProgramState, at: datetime | None) -> Inputs:
    """Inputs: the people and the mentoring places the program has, at the end.

    mentors: people enrolled as mentors at the end (those on a pause included).
    mentees: people enrolled as mentees at the end (those on a pause included).
    mentees_per_mentor: mentees ÷ mentors, the mentor:mentee ratio read as 1:x.
    free_places: over enrolled mentors, the sum of max(0, total capacity − active matches).
    capacity_by_kind: per kind, over enrolled mentors offering it: places = the sum of the per-kind limit (the mentor's capacity for that kind, or the total capacity without one), taken = their active matches of that kind, free = the sum of max(0, min(per-kind limit − active matches of the kind, total capacity − all active matches)). One free place may serve several kinds, so free places by kind do not add up to the total.
    """
    mentors = [p for p in state.mentor_people(at) if p.id in state.mentors]
    mentees = state.mentees(at)
    load, load_by_kind = active_loads(state.active_matches(at))
    free_total = sum(max(0, state.mentors[p.id].capacity_total - load[p.id]) for p in mentors)
    by_kind = []
    for kind in KINDS:
        offering = [state.mentors[p.id] for p in mentors if kind in state.mentors[p.id].kinds_offered]
        limits = {m.person_id: min(m.capacity_per_kind.get(kind, m.capacity_total), m.capacity_total) for m in offering}
        free = sum(max(0, min(limits[m.person_id] - load_by_kind[m.person_id][kind],
                              m.capacity_total - load[m.person_id])) for m in offering)
        by_kind.append(KindCapacity(kind, len(offering), sum(limits.values()),
                                    sum(load_by_kind[m.person_id][kind] for m in offering), free))
    return Inputs(
        mentors=Indicator("mentors", _("Mentors enrolled"), len(mentors), "count", ("equity of access",)),  # not text: a program priority's name
        mentees=Indicator("mentees", _("Mentees enrolled"), len(mentees), "count", ("equity of access",)),  # not text: a program priority's name
        mentees_per_mentor=Indicator("mentees_per_mentor", _("Mentees per mentor (1:x)"),
                                     len(mentees) / len(mentors) if mentors else None, "ratio", ("mentor workload",)),  # not text: a program priority's name
        free_places=Indicator("free_places", _("Free mentoring places"), free_total, "count", ("equity of access",)),  # not text: a program priority's name
        capacity_by_kind=tuple(by_kind))


# --- Activities ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Activities(IndicatorGroup):
    introductions: Indicator
    checkins_sent: Indicator
    checkins_answered: Indicator
    checkin_answer_rate: Indicator
    reminders_sent: Indicator
    meetings_logged: Indicator
    meeting_hours: Indicator
    nudges_sent: Indicator
    broadcasts: Indicator
    broadcast_messages: Indicator


def activities(snapshot: Snapshot) -> Activities:
    """Activities: what the program did in the period.

    introductions: matches that started in the period (each new pair is introduced in a group DM).
    checkins_sent: check-in DMs sent in the period (one per person per match and cadence cycle).
    checkins_answered: check-ins sent in the period that were answered (by the time of the report).
    checkin_answer_rate: checkins_answered ÷ checkins_sent.
    reminders_sent: check-in reminders sent in the period (at most one per check-in).
    meetings_logged: meetings held on a day in the period, one per pair and day (from check-ins and /mentor met).
    meeting_hours: the minutes logged for those meetings ÷ 60 (a meeting logged without minutes adds 0).
    nudges_sent: early-warning alerts (quiet pair, stalled goal) a coordinator nudged in the period.
    broadcasts: announcements with at least one copy delivered in the period.
    broadcast_messages: announcement copies delivered in the period (one per recipient).
    """
    start, end = snapshot.period.start, snapshot.period.end
    started = sum(1 for m in snapshot.state.matches if start <= m.started_at < end)
    answered = sum(1 for c in snapshot.checkins if c.answered_at is not None)
    minutes = sum(minutes or 0 for _unused, _unused2, minutes in snapshot.meetings)
    announcements = {broadcast_id for broadcast_id, _unused in snapshot.broadcasts}
    engagement = ("engagement",)
    return Activities(
        introductions=Indicator("introductions", _("Introductions made"), started, "count", engagement),
        checkins_sent=Indicator("checkins_sent", _("Check-ins sent"), len(snapshot.checkins), "count", engagement),
        checkins_answered=Indicator("checkins_answered", _("Check-ins answered"), answered, "count", engagement),
        checkin_answer_rate=Indicator("checkin_answer_rate", _("Check-in answer rate"),
                                      share(answered, len(snapshot.checkins)), "percent", engagement,
                                      len(snapshot.checkins)),
        reminders_sent=Indicator("reminders_sent", _("Check-in reminders sent"), snapshot.reminders, "count", engagement),
        meetings_logged=Indicator("meetings_logged", _("Meetings logged"), len(snapshot.meetings), "count", engagement),
        meeting_hours=Indicator("meeting_hours", _("Meeting hours logged"), minutes / 60, "hours", engagement),
        nudges_sent=Indicator("nudges_sent", _("Nudges sent"), len(snapshot.nudges), "count", ("retention",)),
        broadcasts=Indicator("broadcasts", _("Announcements"), len(announcements), "count", engagement),
        broadcast_messages=Indicator("broadcast_messages", _("Announcement messages delivered"), len(snapshot.broadcasts),
                                     "count", engagement))


# --- Equity of access ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class EquityRow:
    group: str
    mentees: int | None  # None: hidden
    values: dict[str, float | None]  # indicator key -> value, None when hidden or not measurable
    hidden: frozenset[str]  # the keys hidden to protect small groups (the others are None only without data)


@dataclass(frozen=True)
class EquityBreakdown:
    dimension: str
    rows: tuple[EquityRow, ...]
    hidden_groups: int


EQUITY_COLUMNS: dict[str, str] = {  # headings, translated where shown
    "network_coverage": N_("Coverage"), "days_to_match_median": N_("Days to match (median)"),
    "meetings_vs_cadence": N_("Meetings vs cadence"), "rematch_rate": N_("Rematch rate"), "goals_moving": N_("Goals moving"),
}


def equity(snapshot: Snapshot) -> list[EquityBreakdown]:
    """Equity of access: the outputs and outcomes above for each group of mentees enrolled at the end.

    dimensions: each optional self-described identity question (people who did not answer or preferred not to say form the group "Not stated"), the program, and the stage.
    network_coverage, days_to_match_median, meetings_vs_cadence, rematch_rate: as defined under outputs, over the group's mentees.
    goals_moving: of the group's goals existing at the end and not dropped, the share on track or done.
    suppression: a group with fewer mentees than the minimum group size (at least 5) is hidden, and if any group is hidden the smallest visible groups are hidden too until the hidden ones hold at least that many people in at least two groups (complementary suppression, bot/privacy.py); a visible group's value is also hidden when it rests on fewer mentees than the minimum.
    """
    mentees = snapshot.state.mentees(snapshot.as_of)
    dimensions: dict[str, dict[int, str]] = {}
    for field_key, (label, answers) in IDENTITY_FIELDS.items():
        dimensions[label] = {p.id: _identity_group(snapshot.state.identities.get(p.id, {}).get(field_key), answers)
                             for p in mentees}
    dimensions[_("Program")] = {p.id: p.program or _(NOT_STATED) for p in mentees}
    dimensions[_("Stage")] = {p.id: p.stage or _(NOT_STATED) for p in mentees}
    return [_breakdown(snapshot, name, groups) for name, groups in dimensions.items()]


def _identity_group(answer: str | None, labels: dict[str, str]) -> str:
    return _(NOT_STATED) if answer in (None, "", PREFER_NOT_TO_SAY) else labels.get(str(answer), str(answer))


def _breakdown(snapshot: Snapshot, dimension: str, group_of: dict[int, str]) -> EquityBreakdown:
    members: dict[str, set[int]] = defaultdict(set)
    for person_id, group in group_of.items():
        members[group].add(person_id)
    sizes = publishable({group: len(ids) for group, ids in members.items()}, snapshot.minimum_group)
    rows = []
    for group in sorted(members, key=lambda g: (g == _(NOT_STATED), g)):
        size = sizes.get(group)
        measured = [] if size is None else _group_indicators(snapshot, members[group])
        hidden = frozenset(EQUITY_COLUMNS) if size is None else frozenset(
            i.key for i in measured if i.value is not None and (i.n or 0) < snapshot.minimum_group)
        rows.append(EquityRow(group, size, {i.key: None if i.key in hidden else i.value for i in measured}
                              or dict.fromkeys(EQUITY_COLUMNS), hidden))
    return EquityBreakdown(dimension, tuple(rows), sum(1 for size in sizes.values() if size is None))


def _group_indicators(snapshot: Snapshot, ids: set[int]) -> list[Indicator]:
    coverage, _ignored = coverage_at(snapshot.state, snapshot.as_of, ids)
    days, people = days_to_match(snapshot, ids)
    median = Indicator("days_to_match_median", "", statistics.median(days) if days else None, "days", (), people)
    ratio, _rates = meeting_rates(snapshot, ids)
    return [coverage, median, ratio, rematch_rate(snapshot, ids), goals_moving(snapshot, ids)]


# --- Trends -------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class TrendPoint:
    bucket: Bucket
    meetings: int
    new_matches: int
    checkins_sent: int
    checkin_answer_rate: float | None
    coverage: float | None  # at the end of the bucket


def trends(snapshot: Snapshot) -> list[TrendPoint]:
    """Trends: the period cut into months (weeks for periods of two months or less), up to the end.

    meetings: meetings held on the bucket's days.
    new_matches: matches that started in the bucket.
    checkin_answer_rate: of check-ins sent in the bucket, the share answered.
    coverage: network coverage at the end of the bucket.
    """
    points = []
    for bucket in snapshot.period.buckets():
        if bucket.start >= snapshot.as_of:
            break
        sent = [c for c in snapshot.checkins if bucket.start <= c.sent_at < bucket.end]
        coverage, _ignored = coverage_at(snapshot.state, min(bucket.end, snapshot.as_of))
        points.append(TrendPoint(
            bucket, sum(1 for _unused, day, _unused2 in snapshot.meetings if bucket.first_day <= day <= bucket.last_day),
            sum(1 for m in snapshot.state.matches if bucket.start <= m.started_at < bucket.end), len(sent),
            share(sum(1 for c in sent if c.answered_at is not None), len(sent)), coverage.value))
    return points
