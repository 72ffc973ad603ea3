"""Everything matching needs to know about the program at one instant, loaded once per operation."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session

from bot.i18n import N_, Deferred, SOURCE_LANGUAGE, later, speaking
from bot.matching.fit import Fit, MatchingConfig, MenteeFacts, MentorFacts, score_fit
from bot.matching.types import Candidate, MentorCapacity
from bot.pauses import is_paused, local_today
from storage.queries.matching import conflict_pairs, ended_pairs, engaged_pairs, matching_people, mentor_load, tried_mentors
from storage.tables import MatchRequest, MenteeProfile, MentorProfile, Person

EXCLUSION_WORDS = {
    "conflict_of_interest": N_("a conflict of interest"), "ended_before": N_("an earlier match that ended"),
    "paused": N_("a pause"), "stage_unsuitable": N_("career stage"), "already_tried": N_("an earlier decline"),
    "already_mentoring": N_("already mentoring this mentee, or being asked to"),
}


class _Causes:
    """The exclusions behind an unfilled request, listed in the language of whoever reads them."""

    def __init__(self, reasons: list[str]) -> None:
        self.reasons = reasons

    def __str__(self) -> str:
        return ", ".join(str(Deferred(EXCLUSION_WORDS[reason])) for reason in self.reasons)


def in_english(reason: Deferred | str) -> str:
    """A reason as stored (audit details, a review copy's lines): in the source language, whoever asked."""
    with speaking(SOURCE_LANGUAGE):
        return str(reason)


AT_CAPACITY = later("every suitable mentor is at capacity")


@dataclass(frozen=True)
class MentorOption:
    mentor_id: int
    fit: Fit


@dataclass
class Pool:
    config: MatchingConfig
    people: dict[int, Person]
    mentees: dict[int, tuple[MenteeFacts, MenteeProfile]]
    mentors: dict[int, tuple[MentorFacts, MentorProfile]]
    conflicts: set[tuple[int, int]]
    ended: set[tuple[int, int]]
    engaged: set[tuple[int, int]]  # (mentee, mentor) matched, or proposed and not yet answered
    load: dict[int, Counter[str]]
    tried: dict[int, set[int]]
    exclusions: dict[int, Counter[str]] = field(default_factory=dict)

    @classmethod
    def load_from(cls, session: Session, now: datetime, config: MatchingConfig) -> Pool:
        return cls._loaded(session, now, config, mentee_id=None, request_id=None)

    @classmethod
    def for_request(cls, session: Session, now: datetime, config: MatchingConfig, request: MatchRequest) -> Pool:
        """The pool as one request sees it: its mentee (absent when inactive or paused, as in load_from), every
        mentor, and only that mentee's pairs and that request's tried mentors. options(request), free_places and
        unfilled_reason(request) answer as on the whole pool, without loading every other mentee (a shortlist,
        a consent's fall-through)."""
        return cls._loaded(session, now, config, mentee_id=request.mentee_id, request_id=request.id)

    @classmethod
    def _loaded(cls, session: Session, now: datetime, config: MatchingConfig, *, mentee_id: int | None,
                request_id: int | None) -> Pool:
        mentees, mentors, identities = matching_people(session=session, mentee_id=mentee_id)
        return cls(
            config=config,
            people={p.id: p for p, _ in [*mentees, *mentors]},  # type: ignore[misc]
            mentees={p.id: (_mentee_facts(p, prof, identities), prof) for p, prof in mentees  # type: ignore[misc]
                     if not is_paused(p, now)},
            mentors={p.id: (_mentor_facts(p, prof, identities, now), prof) for p, prof in mentors},  # type: ignore[misc]
            conflicts=conflict_pairs(session=session, mentee_id=mentee_id),
            ended=ended_pairs(session=session, mentee_id=mentee_id),
            engaged=engaged_pairs(session=session, mentee_id=mentee_id),
            load=mentor_load(session=session), tried=tried_mentors(session=session, request_id=request_id),
        )

    def options(self, request: MatchRequest) -> list[MentorOption]:
        """Every mentor who may be proposed for this request, best first; exclusions are tallied."""
        mentee = self.mentees[request.mentee_id][0]
        tally: Counter[str] = Counter()
        found = []
        for mentor_id, (mentor, _) in sorted(self.mentors.items()):
            fit = self._fit(request, mentee, mentor)
            if fit.excluded:  # a mentor who does not offer the kind is tallied as such, whatever else excludes them
                tally[fit.excluded if request.kind in mentor.kinds_offered else "does_not_offer_kind"] += 1
            else:
                found.append(MentorOption(mentor_id, fit))
        self.exclusions[request.id] = tally  # type: ignore[index]
        return sorted(found, key=lambda option: (-option.fit.score, option.mentor_id))

    def _fit(self, request: MatchRequest, mentee: MenteeFacts, mentor: MentorFacts) -> Fit:
        pair = (mentee.person_id, mentor.person_id)
        if mentor.person_id in self.tried.get(request.id or 0, set()):
            return Fit(0.0, (), "already_tried")
        if self.config.distributed and pair in self.engaged:  # distributed mentoring: one kind per mentor and mentee
            return Fit(0.0, (), "already_mentoring")
        return score_fit(mentee, request.kind, mentor, self.config,
                         conflict=pair in self.conflicts, ended_before=pair in self.ended)

    def free_places(self, mentor_id: int, kind: str) -> int:
        profile = self.mentors[mentor_id][1]
        taken = self.load.get(mentor_id, Counter())
        free = profile.capacity_total - sum(taken.values())
        if kind in profile.capacity_per_kind:
            free = min(free, profile.capacity_per_kind[kind] - taken[kind])
        return max(0, free)

    def capacities(self) -> list[MentorCapacity]:
        result = []
        for mentor_id, (_, profile) in sorted(self.mentors.items()):
            taken = self.load.get(mentor_id, Counter())
            per_kind = {kind: max(0, cap - taken[kind]) for kind, cap in profile.capacity_per_kind.items()}
            result.append(MentorCapacity(mentor_id, max(0, profile.capacity_total - sum(taken.values())), per_kind))
        return result

    def candidates(self, request: MatchRequest) -> list[Candidate]:
        return [Candidate(request.id, o.mentor_id, o.fit.score) for o in self.options(request)]  # type: ignore[arg-type]

    def unfilled_reason(self, request: MatchRequest) -> Deferred:
        """Why nobody could be proposed, in words a coordinator can act on (in the language they read it in)."""
        tally = self.exclusions.get(request.id or 0, Counter())
        offering = sum(1 for facts, _ in self.mentors.values() if request.kind in facts.kinds_offered)
        if offering == 0:
            return later("no mentor offers this kind of mentoring")
        if sum(n for reason, n in tally.items() if reason != "does_not_offer_kind") >= offering:
            causes = _Causes([reason for reason in sorted(tally) if reason in EXCLUSION_WORDS])
            return later("every mentor who offers it is excluded ({causes})", causes=causes)
        return AT_CAPACITY


def _mentee_facts(person: Person, profile: MenteeProfile, identities: dict[int, dict[str, str]]) -> MenteeFacts:
    return MenteeFacts(person.id or 0, person.program or "", person.stage or "PGY-1", frozenset(profile.interests),
                       tuple(profile.concordance), identities.get(person.id or 0, {}))


def _mentor_facts(person: Person, profile: MentorProfile, identities: dict[int, dict[str, str]],
                  now: datetime) -> MentorFacts:
    paused = is_paused(person, now) or (
        profile.accepting_from is not None and profile.accepting_from > local_today(person, now))
    return MentorFacts(person.id or 0, person.program or "", person.stage or "professor", frozenset(profile.kinds_offered),
                       frozenset(profile.expertise), identities.get(person.id or 0, {}), accepting=not paused)
