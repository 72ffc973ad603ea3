"""The candidate pool: who may be proposed for a request, best first, what each mentor has free, and why nobody
could be found, read from the database as matching reads it (no Slack)."""

from __future__ import annotations

import random
from collections import Counter
from datetime import timedelta

from sqlalchemy import update
from sqlmodel import col, select

from bot.matching.fit import MatchingConfig, MenteeFacts, MentorFacts, score_fit
from bot.matching.pool import Pool
from bot.matching.types import MentorCapacity
from storage.queries.matching import add_request
from storage.tables import Match, MatchRequest, MenteeProfile, Proposal
from tests.services import Program, program  # noqa: F401

CONFIG = MatchingConfig()


def request_for(program: Program, mentee_id: int, kind: str = "career") -> MatchRequest:  # noqa: F811
    with program.session() as session:
        return add_request(session=session, mentee_id=mentee_id, kind=kind, now=program.clock.now())


def pool_of(program: Program, config: MatchingConfig = CONFIG) -> Pool:  # noqa: F811
    with program.sessions() as session:
        return Pool.load_from(session, program.clock.now(), config)


def add_match(program: Program, mentee_id: int, mentor_id: int, kind: str = "career",  # noqa: F811
              status: str = "active") -> None:
    with program.session() as session:
        session.add(Match(mentee_id=mentee_id, mentor_id=mentor_id, kind=kind, status=status,
                          started_at=program.clock.now()))


def add_proposal(program: Program, request: MatchRequest, mentor_id: int, status: str) -> None:  # noqa: F811
    with program.session() as session:
        session.add(Proposal(request_id=request.id, mentor_id=mentor_id, score=0.5, source="batch", status=status,
                             created_at=program.clock.now()))


def test_options_are_every_suitable_mentor_best_first_with_the_fit_score_reads(program: Program) -> None:  # noqa: F811
    mentee = program.mentee("URES1", interests=("cardiology", "research"), program="Surgery", stage="PGY-2",
                            concordance=("gender",), identity={"gender": "woman"})
    best = program.mentor("UFAC1", expertise=("cardiology", "research"), program="Surgery",
                          identity={"gender": "woman"})
    good = program.mentor("UFAC2", expertise=("cardiology",), program="Medicine", stage="assistant_professor")
    request = request_for(program, mentee)
    options = pool_of(program).options(request)
    assert [o.mentor_id for o in options] == [best, good]
    mentee_facts = MenteeFacts(mentee, "Surgery", "PGY-2", frozenset({"cardiology", "research"}), ("gender",),
                               {"gender": "woman"})
    assert options[0].fit == score_fit(mentee_facts, "career", MentorFacts(
        best, "Surgery", "associate_professor", frozenset({"career"}), frozenset({"cardiology", "research"}),
        {"gender": "woman"}), CONFIG)
    assert options[1].fit == score_fit(mentee_facts, "career", MentorFacts(
        good, "Medicine", "assistant_professor", frozenset({"career"}), frozenset({"cardiology"}), {}), CONFIG)
    assert pool_of(program).people[best].slack_user_id == "UFAC1"


def test_equal_scores_are_ordered_by_mentor_id(program: Program) -> None:  # noqa: F811
    mentee = program.mentee("URES1")
    first, second, third = (program.mentor(f"UFAC{n}") for n in (3, 1, 2))
    assert [o.mentor_id for o in pool_of(program).options(request_for(program, mentee))] == [first, second, third]


def test_a_missing_stage_reads_as_a_first_year_mentee_and_a_professor_mentor(program: Program) -> None:  # noqa: F811
    mentee = program.mentee("URES1", stage=None, program=None, kinds=("sponsorship",))
    program.mentor("UFAC1", stage=None, kinds=("sponsorship",), program=None)
    program.mentor("URES9", stage="PGY-2", kinds=("sponsorship",))  # a resident never sponsors
    [option] = pool_of(program).options(request_for(program, mentee, "sponsorship"))
    assert option.fit.reasons == ("senior faculty (professor)",)
    peer_mentee = program.mentee("URES2", stage=None, kinds=("career",))
    program.mentor("URES3", stage="PGY-2", program="Medicine")  # one year ahead of a PGY-1: allowed for career
    [option] = [o for o in pool_of(program).options(request_for(program, peer_mentee)) if o.fit.reasons[-1:] ==
                ("1 year ahead",)]
    assert option.fit.score > 0


def test_every_exclusion_keeps_a_mentor_out_and_is_tallied(program: Program) -> None:  # noqa: F811
    today = program.clock.now().date()
    mentee = program.mentee("URES1", kinds=("career", "research"))
    conflicted = program.mentor("UFAC1")
    ended = program.mentor("UFAC2")
    paused = program.mentor("UFAC3", paused_until=today + timedelta(days=1))
    not_yet_accepting = program.mentor("UFAC4", accepting_from=today + timedelta(days=1))
    declined = program.mentor("UFAC5")
    mentoring = program.mentor("UFAC6", kinds=("career", "research"))
    other_kind = program.mentor("UFAC7", kinds=("wellness",))
    back_today = program.mentor("UFAC8", paused_until=today)  # a pause ending today is over
    accepting_today = program.mentor("UFAC9", accepting_from=today)
    program.conflict(mentee, conflicted)
    add_match(program, mentee, ended, status="ended")
    add_match(program, mentee, mentoring, kind="research")
    request = request_for(program, mentee)
    add_proposal(program, request, declined, "declined")
    pool = pool_of(program)
    assert {o.mentor_id for o in pool.options(request)} == {back_today, accepting_today}
    assert pool.exclusions[request.id] == Counter({"conflict_of_interest": 1, "ended_before": 1, "paused": 2,
                                                   "already_tried": 1, "already_mentoring": 1,
                                                   "does_not_offer_kind": 1})
    assert other_kind and paused and not_yet_accepting  # each excluded above, for its own reason


def test_without_distributed_mentoring_a_mentor_may_take_a_second_kind(program: Program) -> None:  # noqa: F811
    mentee = program.mentee("URES1", kinds=("career", "research"))
    mentor = program.mentor("UFAC1", kinds=("career", "research"))
    add_match(program, mentee, mentor, kind="research")
    request = request_for(program, mentee)
    assert pool_of(program).options(request) == []
    together = pool_of(program, MatchingConfig(distributed=False))
    assert [o.mentor_id for o in together.options(request)] == [mentor]


def test_a_request_never_tried_keeps_every_mentor(program: Program) -> None:  # noqa: F811
    mentee = program.mentee("URES1")
    mentor = program.mentor("UFAC1")
    first, second = request_for(program, mentee), request_for(program, mentee)
    add_proposal(program, first, mentor, "declined")
    pool = pool_of(program)
    assert pool.options(first) == [] and [o.mentor_id for o in pool.options(second)] == [mentor]


def test_paused_mentees_are_left_out_until_their_pause_ends(program: Program) -> None:  # noqa: F811
    today = program.clock.now().date()
    away = program.mentee("URES1", paused_until=today + timedelta(days=1))
    back = program.mentee("URES2", paused_until=today)
    here = program.mentee("URES3")
    assert set(pool_of(program).mentees) == {back, here}
    assert away in pool_of(program).people


def test_free_places_count_matches_and_pending_proposals_per_kind_and_in_total(program: Program) -> None:  # noqa: F811
    mentor = program.mentor("UFAC1", kinds=("career", "research", "clinical"), capacity=3,
                            per_kind={"career": 1, "clinical": 5})
    other = program.mentor("UFAC2", capacity=1)
    menteeA, menteeB = program.mentee("URES1"), program.mentee("URES2")
    add_match(program, menteeA, mentor, kind="career")
    add_match(program, menteeB, mentor, kind="research", status="ended")  # an ended match frees its place
    add_proposal(program, request_for(program, menteeB, "research"), mentor, "awaiting_mentor")
    add_proposal(program, request_for(program, menteeB, "clinical"), other, "declined")  # answered: no place held
    pool = pool_of(program)
    assert pool.free_places(mentor, "career") == 0  # its one career place is taken
    assert pool.free_places(mentor, "research") == 1  # three in total, two taken
    assert pool.free_places(mentor, "clinical") == 1  # five for clinical, but only one left in total
    assert pool.free_places(other, "career") == 1
    assert pool.capacities() == [MentorCapacity(mentor, 1, {"career": 0, "clinical": 5}),
                                 MentorCapacity(other, 1, {})]


def test_free_places_never_go_below_zero(program: Program) -> None:  # noqa: F811
    mentor = program.mentor("UFAC1", capacity=1, per_kind={"career": 1})
    for n in range(3):  # over capacity: a coordinator lowered it after matching
        add_match(program, program.mentee(f"URES{n}"), mentor, kind="career")
    pool = pool_of(program)
    assert pool.free_places(mentor, "career") == 0 and pool.free_places(mentor, "research") == 0
    assert pool.capacities() == [MentorCapacity(mentor, 0, {"career": 0})]


def test_why_nobody_could_be_proposed(program: Program) -> None:  # noqa: F811
    mentee = program.mentee("URES1", kinds=("career", "research", "clinical"))
    program.mentor("UFAC9", kinds=("wellness",))
    conflicted = program.mentor("UFAC1", kinds=("career", "research"))
    ended = program.mentor("UFAC2", kinds=("career", "research"))
    program.conflict(mentee, conflicted)
    add_match(program, mentee, ended, kind="career", status="ended")
    busy = program.mentor("UFAC3", kinds=("clinical",), capacity=0)
    career, research, clinical = (request_for(program, mentee, kind) for kind in ("career", "research", "clinical"))
    pool = pool_of(program)
    before = pool.unfilled_reason(career)  # nothing tallied yet: not every offering mentor is known excluded
    for request in (career, research, clinical):
        pool.options(request)
    assert before == "every suitable mentor is at capacity"
    assert pool.unfilled_reason(career) == ("every mentor who offers it is excluded "
                                            "(a conflict of interest, an earlier match that ended)")
    assert pool.unfilled_reason(research) == pool.unfilled_reason(career)
    assert pool.unfilled_reason(clinical) == "every suitable mentor is at capacity"
    assert pool.free_places(busy, "clinical") == 0
    assert pool.unfilled_reason(request_for(program, mentee, "identity")) == "no mentor offers this kind of mentoring"


def test_mentors_who_do_not_offer_the_kind_do_not_count_as_excluded(program: Program) -> None:  # noqa: F811
    mentee = program.mentee("URES1")
    program.mentor("UFAC1", kinds=("wellness",))
    program.mentor("UFAC2", kinds=("wellness",))
    excluded = program.mentor("UFAC3")
    program.mentor("UFAC4")  # offers career and is free: capacity is the only reason left
    program.conflict(mentee, excluded)
    request = request_for(program, mentee)
    pool = pool_of(program)
    pool.options(request)
    assert pool.unfilled_reason(request) == "every suitable mentor is at capacity"


def test_people_imported_without_a_program_are_not_in_the_same_program(program: Program) -> None:  # noqa: F811
    """A roster row may leave the program blank: two blanks are two unknown programs, not one shared program."""
    mentee = program.mentee("URES1", program=None)
    unknown = program.mentor("UFAC1", program=None)
    elsewhere = program.mentor("UFAC2", program="Medicine")
    options = {o.mentor_id: o.fit for o in pool_of(program).options(request_for(program, mentee))}
    assert options[unknown] == options[elsewhere]
    assert not any(reason.startswith("same program") for reason in options[unknown].reasons)


def test_a_mentee_who_opted_into_concordance_without_answering_is_still_matched(program: Program) -> None:  # noqa: F811
    mentee = program.mentee("URES1", concordance=("gender",))  # no identity answers stored
    mentor = program.mentor("UFAC1", identity={"gender": "woman"})
    [option] = pool_of(program).options(request_for(program, mentee))
    assert option.mentor_id == mentor and option.fit.score > 0


def test_a_request_s_own_pool_answers_as_the_whole_pool_on_a_seeded_program(program: Program) -> None:  # noqa: F811
    """Pool.for_request (a shortlist, a consent's fall-through) loads one mentee, not every mentee: for every
    request of a seeded program, with every exclusion present, it lists the same mentors in the same order with the
    same fits, tallies the same exclusions, and counts the same free places and the same reason nobody fits."""
    rng = random.Random(17)
    today = program.clock.now().date()
    interests = ("cardiology", "research", "teaching", "wellness", "leadership")
    kinds = ("career", "research", "clinical", "wellness", "sponsorship", "identity")
    stages = ("PGY-1", "PGY-2", "PGY-4", "assistant_professor", "associate_professor", "professor")
    mentors = [program.mentor(
        f"UFAC{n}", kinds=tuple(rng.sample(kinds, 3)), expertise=tuple(rng.sample(interests, 2)),
        capacity=rng.choice((0, 1, 2, 3)), per_kind=rng.choice(({}, {"career": 1})), stage=rng.choice(stages),
        program=rng.choice(("Surgery", "Medicine")), identity=rng.choice((None, {"gender": "woman"})),
        paused_until=rng.choice((None, None, today + timedelta(days=3))),
        accepting_from=rng.choice((None, None, today + timedelta(days=2)))) for n in range(14)]
    mentees = [program.mentee(
        f"URES{n}", kinds=tuple(rng.sample(kinds, 3)), interests=tuple(rng.sample(interests, 2)),
        stage=rng.choice(stages[:3]), program=rng.choice(("Surgery", "Medicine")), concordance=("gender",),
        identity={"gender": rng.choice(("woman", "man"))}, paused_until=rng.choice((None, None, today + timedelta(days=1))))
        for n in range(10)]
    also_a_mentee = program.mentor("UFAC99", kinds=("career", "wellness"), stage="PGY-4", mentee=True)
    with program.session() as session:
        session.add(MenteeProfile(person_id=also_a_mentee, interests=["teaching"], kinds_wanted=["career"],
                                  updated_at=program.clock.now()))
    mentees.append(also_a_mentee)
    every_kind = program.mentor("UFAC98", kinds=kinds, stage="professor", capacity=5)
    mentors.append(every_kind)
    program.conflict(mentees[0], every_kind)
    for mentee in mentees:
        for mentor in rng.sample(mentors, 4):
            exclusion = rng.choice(("conflict", "ended", "completed", "active", "proposed", "declined", "none"))
            if exclusion == "conflict":
                program.conflict(mentee, mentor)
            elif exclusion in ("ended", "completed", "active"):
                add_match(program, mentee, mentor, kind=rng.choice(kinds), status="active" if exclusion == "active"
                          else "ended")
                if exclusion == "completed":
                    with program.session() as session:
                        session.execute(update(Match).where(col(Match.mentee_id) == mentee, col(Match.mentor_id) == mentor)
                                        .values(end_reason="completed"))
            elif exclusion in ("proposed", "declined"):
                add_proposal(program, request_for(program, mentee, rng.choice(kinds)), mentor,
                             "awaiting_mentor" if exclusion == "proposed" else "declined")
    requests = [request_for(program, mentee, kind) for mentee in mentees for kind in kinds]
    with program.sessions() as session:
        every = [request for request in session.exec(select(MatchRequest))]
    assert len(every) > len(requests)  # the proposals' own requests, some with a mentor who declined
    for config in (CONFIG, MatchingConfig(distributed=False)):
        whole = pool_of(program, config)
        compared, tallied = 0, Counter[str]()
        for request in every:
            with program.sessions() as session:
                own = Pool.for_request(session, program.clock.now(), config, request)
            assert (request.mentee_id in own.mentees) == (request.mentee_id in whole.mentees)
            if request.mentee_id not in whole.mentees:
                continue  # paused or inactive: neither pool scores them
            assert own.options(request) == whole.options(request)
            assert own.exclusions[request.id] == whole.exclusions[request.id]
            assert own.unfilled_reason(request) == whole.unfilled_reason(request)
            assert {m: own.free_places(m, request.kind) for m in own.mentors} == {
                m: whole.free_places(m, request.kind) for m in whole.mentors}
            assert {m: own.people[m] for m in own.mentors} == {m: whole.people[m] for m in whole.mentors}
            compared, tallied = compared + 1, tallied + whole.exclusions[request.id]  # type: ignore[index]
        assert compared > 30
        assert all(tallied[reason] for reason in ("self", "conflict_of_interest", "ended_before", "already_tried",
                                                  "paused", "stage_unsuitable", "does_not_offer_kind"))
        assert bool(tallied["already_mentoring"]) == config.distributed
