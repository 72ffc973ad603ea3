"""The fit of a mentee and a mentor as a pair, whatever the kind: formats beyond requests (flash conversations,
speed-mentoring events) score a pair by matching's own fit for the mentor's best-fitting kind."""

from __future__ import annotations

from bot.matching.fit import Fit, score_fit
from bot.matching.pool import Pool

NEVER_TOGETHER = frozenset({"self", "conflict_of_interest", "ended_before", "paused"})


def pair_fit(pool: Pool, mentee_id: int, mentor_id: int) -> Fit | None:
    """The best fit over the mentor's kinds; None when a rule that holds for every kind excludes the pair (self, a
    conflict of interest, an earlier match that ended, a pause). A pair no kind suits scores the base."""
    mentee, mentor = pool.mentees[mentee_id][0], pool.mentors[mentor_id][0]
    pair = (mentee_id, mentor_id)
    fits = [score_fit(mentee, kind, mentor, pool.config, conflict=pair in pool.conflicts,
                      ended_before=pair in pool.ended) for kind in sorted(mentor.kinds_offered)]
    if any(fit.excluded in NEVER_TOGETHER for fit in fits) or (pair in pool.conflicts or pair in pool.ended):
        return None
    usable = [fit for fit in fits if not fit.excluded]
    return max(usable, key=lambda fit: fit.score) if usable else Fit(pool.config.base, ())


def pair_kind(pool: Pool, mentee_id: int, mentor_id: int) -> tuple[str, tuple[str, ...]]:
    """The kind an ongoing match of this pair would be: of the mentor's kinds, one the mentee wants first, then the
    best fit (formats that start from a conversation, not a request, still need a kind for the match)."""
    if mentee_id not in pool.mentees or mentor_id not in pool.mentors:
        return "career", ()
    (mentee, profile), mentor = pool.mentees[mentee_id], pool.mentors[mentor_id][0]
    fits = sorted(((kind not in profile.kinds_wanted, score_fit(mentee, kind, mentor, pool.config), kind)
                   for kind in sorted(mentor.kinds_offered)),
                  key=lambda item: (item[0], item[1].excluded is not None, -item[1].score, item[2]))
    return (fits[0][2], fits[0][1].reasons) if fits else ("career", ())
