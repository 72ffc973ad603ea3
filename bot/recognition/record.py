"""A mentor's record for a promotion or teaching dossier, from what the program stored.

Mentees are named only where they ticked "My mentors may name me in their teaching dossier"; everyone else is
counted. Feedback is only what mentees answered in named surveys about their mentors (anonymous answers never
link to a mentor), shown per question only when at least the program's minimum group answered it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from statistics import fmean

from sqlmodel import Session

from bot.i18n import _, format_count, ngettext
from bot.surveys.settings import minimum_group_size
from bot.surveys.translations import survey_text
from bot.vocabulary import KINDS, STAGES
from storage.queries.people import get_person
from storage.queries.recognition import (
    agreed_match_ids,
    group_activity_counts,
    matches_as_mentor,
    meetings_of_matches,
    named_answers_about,
)
from storage.tables import EndReason, Match, MatchStatus, Person
from storage.tables.surveys import NamedAnswer, SurveyQuestion

NUMERIC_QUESTIONS = ("likert", "scale")


@dataclass(frozen=True)
class MenteeLine:
    kind: str  # a KINDS label, translated
    stage: str  # a STAGES label, translated, or "" when not known
    started: str  # YYYY-MM
    ended: str  # YYYY-MM, or "" while active
    outcome: str  # "ongoing", "completed", "ended early", translated
    name: str | None  # only when the mentee consented


@dataclass(frozen=True)
class FeedbackLine:
    question: str
    answers: int
    mean: float | None  # None: fewer answers than the minimum group, so withheld
    scale: str


@dataclass(frozen=True)
class MentorRecord:
    mentor_name: str
    program: str
    generated_on: str
    first_year: int | None
    years_mentoring: int
    mentees: list[MenteeLine]
    mentees_by_kind: dict[str, int]
    mentees_by_stage: dict[str, int]
    unnamed_mentees: int
    meetings: int
    hours: float
    meetings_without_minutes: int
    completions: int
    agreements_kept: int
    feedback: list[FeedbackLine]
    minimum_group: int
    group_activities: list[str] = field(default_factory=list)  # circles, flash conversations, events (none: empty)


def mentor_record(*, session: Session, slack_user_id: str, now: datetime) -> MentorRecord | None:
    """The record of this mentor; None if they were never anyone's mentor."""
    mentor = get_person(session=session, slack_user_id=slack_user_id)
    if mentor is None or mentor.id is None:
        return None
    rows = matches_as_mentor(session=session, mentor_id=mentor.id)
    if not rows:
        return None
    match_ids = [match.id or 0 for match, _mentee, _profile in rows]
    meetings = meetings_of_matches(session=session, match_ids=match_ids)
    lines = [_line(match, mentee, bool(profile and profile.named_in_dossiers)) for match, mentee, profile in rows]
    first_year = min(match.started_at.year for match, _mentee, _profile in rows)
    minimum = minimum_group_size(session)
    return MentorRecord(
        mentor_name=mentor.display_name or mentor.slack_user_id, program=mentor.program or "",
        generated_on=now.date().isoformat(), first_year=first_year, years_mentoring=now.year - first_year + 1,
        mentees=lines, mentees_by_kind=dict(Counter(line.kind for line in lines)),
        mentees_by_stage=dict(Counter(line.stage or _("not recorded") for line in lines)),
        unnamed_mentees=sum(1 for line in lines if line.name is None),
        meetings=len(meetings), hours=round(sum(m.minutes or 0 for m in meetings) / 60, 1),
        meetings_without_minutes=sum(1 for m in meetings if not m.minutes),
        completions=sum(1 for match, _mentee, _profile in rows if match.end_reason == EndReason.COMPLETED),
        agreements_kept=len(agreed_match_ids(session=session, match_ids=match_ids)),
        feedback=feedback_lines(named_answers_about(session=session, match_ids=match_ids), minimum),
        minimum_group=minimum,
        group_activities=group_activities(*group_activity_counts(session=session, person_id=mentor.id)),
    )


def group_activities(facilitated: int, joined: int, flash: int, events: int, conversations: int) -> list[str]:
    """One sentence per format beyond pairs the mentor took part in; none for those they did not."""
    lines = []
    if facilitated:
        lines.append(format_count("Facilitated {n} peer circle.", "Facilitated {n} peer circles.", facilitated))
    if joined:
        lines.append(format_count("Took part in {n} peer circle.", "Took part in {n} peer circles.", joined))
    if flash:
        lines.append(format_count("Held {n} flash mentoring conversation with residents.",
                                  "Held {n} flash mentoring conversations with residents.", flash))
    if events:
        lines.append(_("Met residents in {conversations} at {events}.").format(
            conversations=format_count("{n} conversation", "{n} conversations", conversations),
            events=ngettext("{n} speed-mentoring event", "{n} speed-mentoring events", events).format(n=events)))
    return lines


def _line(match: Match, mentee: Person, consented: bool) -> MenteeLine:
    stage = _(STAGES[mentee.stage].label) if mentee.stage in STAGES else ""
    outcome = (_("ongoing") if match.status == MatchStatus.ACTIVE
               else _("completed") if match.end_reason == EndReason.COMPLETED else _("ended early"))
    return MenteeLine(kind=_(KINDS[match.kind]) if match.kind in KINDS else match.kind, stage=stage, started=match.started_at.strftime("%Y-%m"),
                      ended=match.ended_at.strftime("%Y-%m") if match.ended_at else "", outcome=outcome,
                      name=(mentee.display_name or None) if consented else None)


def feedback_lines(answers: list[tuple[SurveyQuestion, NamedAnswer]], minimum: int) -> list[FeedbackLine]:
    """Per numeric question: how many people answered, and the mean only when they are at least `minimum`."""
    values: dict[int, tuple[SurveyQuestion, dict[int, float]]] = {}
    for question, answer in answers:
        if question.kind not in NUMERIC_QUESTIONS or (number := _number(answer.value)) is None:
            continue
        # one value per person and question: a mentee who answered about this mentor twice counts once, latest kept
        values.setdefault(question.id or 0, (question, {}))[1][answer.person_id] = number
    lines = []
    for question, by_person in values.values():
        count = len(by_person)
        lines.append(FeedbackLine(question=survey_text(question.text, question.translations, "text"), answers=count,
                                  mean=round(fmean(by_person.values()), 1) if count >= minimum else None,
                                  scale=_scale(question)))
    return lines


def _number(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None


def _scale(question: SurveyQuestion) -> str:
    numbers = [n for option in question.options if (n := _number(option.get("value", ""))) is not None]
    return _("{low} to {high}").format(low=f"{min(numbers):g}", high=f"{max(numbers):g}") if numbers else ""
