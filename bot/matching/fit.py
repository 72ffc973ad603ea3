"""Fit score for a (mentee, kind, mentor) triple: plain rules, documented weights, reasons in words.

score = base + (1 - base) * (w_interest * interest + w_stage * stage + w_program * program
                              + w_concordance * concordance) / (sum of the weights),
each part in [0, 1], so a score is in (0, 1] (the default weights sum to 1 - base, so they apply as they are;
identity mentoring's heavier concordance weight is shared out the same way). Hard exclusions return a Fit with
`excluded` set instead.
- interest: shared tags / min(3, mentee's tag count): three shared interests is a full match.
- stage: how well the mentor's career stage suits this kind (MatchingConfig.stage_rules), e.g.
  near-peer 1-3 years ahead for wellness/peer; senior faculty for sponsorship.
- program: same program/department, for kinds where that matters (clinical, career by default).
- concordance: the share of identity fields the mentee opted into on which both gave the same
  answer (never "prefer not to say"). Identity-based mentoring weighs it more. It moves the score only and
  never appears among the reasons: a reason naming it would tell whoever reads it (the mentee, the mentor, a
  coordinator) what the other person answered, and the profile form promises only they see their answers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.vocabulary import PREFER_NOT_TO_SAY, STAGES

# Scores are rounded to this many decimals, so two totals that differ differ by at least 10**-SCORE_DECIMALS
# (the batch solver's proof of optimality relies on it, bot/matching/pruned.py).
SCORE_DECIMALS = 4


@dataclass(frozen=True)
class StageRule:
    min_years_ahead: int | None = 1  # None: no lower bound
    ideal_years_ahead: tuple[int, int] = (2, 40)
    faculty_only: bool = False
    min_faculty_year: int = 0  # e.g. 15 = associate professor and above


@dataclass(frozen=True)
class MatchingConfig:
    base: float = 0.05
    weights: dict[str, float] = field(default_factory=lambda: {
        "interest": 0.45, "stage": 0.25, "program": 0.15, "concordance": 0.10})
    identity_concordance_weight: float = 0.35
    program_matters_for: frozenset[str] = frozenset({"clinical", "career"})
    stage_rules: dict[str, StageRule] = field(default_factory=lambda: {
        "career": StageRule(min_years_ahead=1, ideal_years_ahead=(3, 40)),
        "research": StageRule(min_years_ahead=1, ideal_years_ahead=(3, 40)),
        "clinical": StageRule(min_years_ahead=1, ideal_years_ahead=(2, 40)),
        "wellness": StageRule(min_years_ahead=None, ideal_years_ahead=(1, 3)),
        "sponsorship": StageRule(min_years_ahead=2, ideal_years_ahead=(5, 40), faculty_only=True,
                                 min_faculty_year=15),
        "identity": StageRule(min_years_ahead=None, ideal_years_ahead=(0, 40)),
    })
    distributed: bool = True  # a mentee's different kinds go to different mentors


@dataclass(frozen=True)
class MenteeFacts:
    person_id: int
    program: str
    stage: str
    interests: frozenset[str]
    concordance: tuple[str, ...]
    identity: dict[str, str]


@dataclass(frozen=True)
class MentorFacts:
    person_id: int
    program: str
    stage: str
    kinds_offered: frozenset[str]
    expertise: frozenset[str]
    identity: dict[str, str]
    accepting: bool = True


@dataclass(frozen=True)
class Fit:
    score: float
    reasons: tuple[str, ...]
    excluded: str | None = None  # why this pair can never be proposed


def _excluded(reason: str) -> Fit:
    return Fit(0.0, (), reason)


def score_fit(mentee: MenteeFacts, kind: str, mentor: MentorFacts, config: MatchingConfig,
              *, conflict: bool = False, ended_before: bool = False) -> Fit:
    """The fit of this mentor for this mentee's request of this kind, with reasons in words."""
    if mentor.person_id == mentee.person_id:
        return _excluded("self")
    if conflict:
        return _excluded("conflict_of_interest")
    if ended_before:
        return _excluded("ended_before")
    if not mentor.accepting:
        return _excluded("paused")
    if kind not in mentor.kinds_offered:
        return _excluded("does_not_offer_kind")
    stage_part, stage_reason = _stage_fit(mentee, kind, mentor, config.stage_rules[kind])
    if stage_part is None:
        return _excluded("stage_unsuitable")
    parts = {"stage": stage_part}
    reasons = [stage_reason] if stage_reason else []
    parts["interest"], interest_reason = _interest_fit(mentee, mentor)
    same_program = bool(mentee.program) and mentee.program == mentor.program  # two unknown programs are not one
    parts["program"] = 1.0 if kind in config.program_matters_for and same_program else 0.0
    parts["concordance"] = _concordance(mentee, mentor)
    reasons = ([interest_reason] if interest_reason else []) + reasons
    if parts["program"]:
        reasons.append(f"same program ({mentor.program})")  # not text: stored, see reasons.py
    weights = dict(config.weights)
    if kind == "identity":
        weights["concordance"] = config.identity_concordance_weight
    # Weights share what the base leaves (1 - base), so a score stays in (0, 1] whatever a kind re-weights.
    weighted = sum(weights[name] * value for name, value in parts.items()) / sum(weights.values())
    score = config.base + (1 - config.base) * weighted
    return Fit(round(score, SCORE_DECIMALS), tuple(reasons))


def _years_ahead(mentee: MenteeFacts, mentor: MentorFacts) -> int:
    return STAGES[mentor.stage].career_year - STAGES[mentee.stage].career_year


def _stage_fit(mentee: MenteeFacts, kind: str, mentor: MentorFacts, rule: StageRule) -> tuple[float | None, str]:
    ahead = _years_ahead(mentee, mentor)
    mentor_stage = STAGES[mentor.stage]
    if rule.faculty_only and (not mentor_stage.faculty or mentor_stage.career_year < rule.min_faculty_year):
        return None, ""
    if rule.min_years_ahead is not None and ahead < rule.min_years_ahead:
        return None, ""
    low, high = rule.ideal_years_ahead
    ideal = low <= ahead <= high
    if rule.faculty_only:
        return 1.0, f"senior faculty ({mentor_stage.label.lower()})"  # not text: stored, see reasons.py
    if kind == "wellness":
        return (1.0 if ideal else 0.3), (f"near-peer, {ahead} year{'s' * (ahead != 1)} ahead" if ideal else "")  # not text: stored, see reasons.py
    rank = mentor_stage.label.lower()
    label = (f"{ahead} year{'s' * (ahead != 1)} ahead" if ahead < 10  # not text: stored, see reasons.py
             else f"{'an' if rank[:1] in 'aeiou' else 'a'} {rank}, well ahead in their career")  # not text: stored, see reasons.py
    return (1.0 if ideal else 0.5), label


def _interest_fit(mentee: MenteeFacts, mentor: MentorFacts) -> tuple[float, str]:
    shared = sorted(mentee.interests & mentor.expertise)
    if not shared:
        return 0.0, ""
    return min(1.0, len(shared) / min(3, max(1, len(mentee.interests)))), f"both interested in {', '.join(shared)}"  # not text: stored, see reasons.py


def _concordance(mentee: MenteeFacts, mentor: MentorFacts) -> float:
    if not mentee.concordance:
        return 0.0
    shared = sum(
        1 for name in mentee.concordance
        if mentee.identity.get(name) not in (None, PREFER_NOT_TO_SAY) and mentee.identity.get(name) == mentor.identity.get(name)
    )
    return shared / len(mentee.concordance)
