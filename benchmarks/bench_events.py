"""Speed-mentoring rotation and peer-circle formation at program scale (issue 20).

Usage: .venv/bin/python benchmarks/bench_events.py
Goals: the rotation for 60 mentors x 120 mentees x 6 rounds optimal, or within 1% of a proven bound, in under 5 s;
circle formation for 500 people in under 5 s. Fits come from matching's own scorer (bot/matching/fit.py) on a
synthetic program; conflicts of interest are planted and checked absent from the results.
"""

from __future__ import annotations

import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.circles.formation import Member, form_circles  # noqa: E402
from bot.events.schedule import plan_rotation  # noqa: E402
from bot.matching.fit import MatchingConfig, MenteeFacts, MentorFacts, score_fit  # noqa: E402
from bot.vocabulary import KINDS  # noqa: E402

TAGS = [f"interest {i}" for i in range(40)]
PROGRAMS = [f"Program {i}" for i in range(12)]
RESIDENT_STAGES = ["PGY-1", "PGY-2", "PGY-3", "PGY-4", "PGY-5"]
FACULTY_STAGES = ["assistant_professor", "associate_professor", "professor"]


def event_fits(rng: random.Random, mentees: int, mentors: int, conflicts: int) -> tuple[list[int], list[int], dict]:
    config = MatchingConfig()
    kinds = list(KINDS)
    ees = [MenteeFacts(i, rng.choice(PROGRAMS), rng.choice(RESIDENT_STAGES), frozenset(rng.sample(TAGS, 3)), (), {})
           for i in range(mentees)]
    ors = [MentorFacts(10_000 + i, rng.choice(PROGRAMS), rng.choice(FACULTY_STAGES),
                       frozenset(rng.sample(kinds, 3)), frozenset(rng.sample(TAGS, 4)), {}) for i in range(mentors)]
    excluded = {(rng.randrange(mentees), 10_000 + rng.randrange(mentors)) for _ in range(conflicts)}
    fits = {}
    for ee in ees:
        for mentor in ors:
            if (ee.person_id, mentor.person_id) in excluded:
                continue
            scored = [score_fit(ee, kind, mentor, config) for kind in sorted(mentor.kinds_offered)]
            usable = [fit.score for fit in scored if not fit.excluded]
            fits[(ee.person_id, mentor.person_id)] = max(usable) if usable else config.base
    return [e.person_id for e in ees], [o.person_id for o in ors], fits


def bench_rotation() -> bool:
    rng = random.Random(20)
    mentees, mentors, fits = event_fits(rng, 120, 60, conflicts=300)
    started = time.perf_counter()
    rotation = plan_rotation(mentees, mentors, fits, rounds=6)
    seconds = time.perf_counter() - started
    pairs = [pair for round_pairs in rotation.rounds for pair in round_pairs]
    assert len(pairs) == len(set(pairs)), "a pair met twice"
    assert all(pair in fits for pair in pairs), "an excluded pair met"
    for round_pairs in rotation.rounds:
        assert len({mentee for mentee, _ in round_pairs}) == len(round_pairs)
        assert max(Counter(mentor for _, mentor in round_pairs).values()) <= 2
    gap = (rotation.bound - rotation.total_fit) / rotation.bound
    print(f"rotation 60 mentors x 120 mentees x 6 rounds: {seconds:.2f} s (goal < 5 s); total fit "
          f"{rotation.total_fit:.4f}, proven bound {rotation.bound:.4f}, gap {gap:.4%} (goal <= 1%); "
          f"{len(pairs)} seatings of {120 * 6}, 300 conflicts planted, none seated")
    return seconds < 5 and gap <= 0.01


def bench_circles() -> bool:
    rng = random.Random(500)
    members = [Member(i, rng.choice(RESIDENT_STAGES), rng.choice(PROGRAMS), frozenset(rng.sample(TAGS, 3)))
               for i in range(500)]
    conflicts = [(rng.randrange(500), rng.randrange(500)) for _ in range(400)]
    started = time.perf_counter()
    formation = form_circles(members, 4, 8, conflicts)
    seconds = time.perf_counter() - started
    sizes = Counter(len(circle) for circle in formation.circles)
    for circle in formation.circles:
        assert not any((a, b) in set(conflicts) for a in circle for b in circle if a != b)
    print(f"circles for 500 people (sizes 4-8, 400 conflicts): {seconds:.2f} s (goal < 5 s); "
          f"{len(formation.circles)} circles, sizes {dict(sorted(sizes.items()))}, objective {formation.score:.1f}, "
          "no conflict together")
    return seconds < 5


if __name__ == "__main__":
    ok = bench_rotation() & bench_circles()
    sys.exit(0 if ok else 1)
