"""The fit score as data: every hard exclusion and every weight, table-driven (no Slack, no database)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.matching.fit import MatchingConfig, MenteeFacts, MentorFacts, score_fit

CONFIG = MatchingConfig()
MENTEE = MenteeFacts(person_id=1, program="Internal Medicine", stage="PGY-1",
                     interests=frozenset({"cardiology", "research", "teaching"}), concordance=(), identity={})
MENTOR = MentorFacts(person_id=2, program="Surgery", stage="associate_professor",
                     kinds_offered=frozenset({"career", "research", "clinical", "wellness", "sponsorship", "identity"}),
                     expertise=frozenset(), identity={})


@pytest.mark.parametrize(("why", "mentor", "kind", "flags", "excluded"), [
    ("the mentee themself", replace(MENTOR, person_id=1), "career", {}, "self"),
    ("a declared conflict of interest (an assessor)", MENTOR, "career", {"conflict": True}, "conflict_of_interest"),
    ("a pair that ended before", MENTOR, "career", {"ended_before": True}, "ended_before"),
    ("a paused mentor", replace(MENTOR, accepting=False), "career", {}, "paused"),
    ("a kind the mentor does not offer", replace(MENTOR, kinds_offered=frozenset({"research"})), "career", {},
     "does_not_offer_kind"),
    ("sponsorship from junior faculty", replace(MENTOR, stage="assistant_professor"), "sponsorship", {},
     "stage_unsuitable"),
    ("sponsorship from a resident", replace(MENTOR, stage="PGY-5"), "sponsorship", {}, "stage_unsuitable"),
    ("career mentoring from someone not ahead", replace(MENTOR, stage="PGY-1"), "career", {}, "stage_unsuitable"),
])
def test_hard_exclusions_can_never_be_outweighed(why: str, mentor: MentorFacts, kind: str, flags: dict,
                                                 excluded: str) -> None:
    perfect = replace(mentor, expertise=MENTEE.interests, program=MENTEE.program)  # everything else ideal
    fit = score_fit(MENTEE, kind, perfect, CONFIG, **flags)
    assert (fit.excluded, fit.score, fit.reasons) == (excluded, 0.0, ())


def test_the_conflict_exclusion_comes_before_every_other_rule() -> None:
    assert score_fit(MENTEE, "career", replace(MENTOR, accepting=False), CONFIG, conflict=True,
                     ended_before=True).excluded == "conflict_of_interest"


def score(mentor: MentorFacts, kind: str = "career", mentee: MenteeFacts = MENTEE) -> float:
    fit = score_fit(mentee, kind, mentor, CONFIG)
    assert fit.excluded is None
    return fit.score


def test_the_base_score_of_an_allowed_pair_with_nothing_in_common() -> None:
    # 15 years ahead is inside career's ideal band (3-40 years): base + stage weight only.
    assert score(MENTOR) == pytest.approx(CONFIG.base + CONFIG.weights["stage"])


@pytest.mark.parametrize(("shared", "part"), [(0, 0.0), (1, 1 / 3), (2, 2 / 3), (3, 1.0)])
def test_interest_weight_grows_with_shared_interests_up_to_three(shared: int, part: float) -> None:
    mentor = replace(MENTOR, expertise=frozenset(sorted(MENTEE.interests)[:shared]))
    assert score(mentor) - score(MENTOR) == pytest.approx(CONFIG.weights["interest"] * part)


def test_program_weight_counts_only_for_kinds_where_the_program_matters() -> None:
    same_program = replace(MENTOR, program=MENTEE.program)
    assert score(same_program, "career") - score(MENTOR, "career") == pytest.approx(CONFIG.weights["program"])
    assert score(same_program, "clinical") - score(MENTOR, "clinical") == pytest.approx(CONFIG.weights["program"])
    assert score(same_program, "research") == score(MENTOR, "research")


def test_stage_outside_the_ideal_band_scores_half() -> None:
    one_year_ahead = replace(MENTOR, stage="PGY-2")  # career's ideal is 3-40 years ahead; 1 is allowed
    assert score(one_year_ahead) == pytest.approx(CONFIG.base + CONFIG.weights["stage"] * 0.5)


def test_wellness_prefers_near_peers() -> None:
    near_peer, senior = replace(MENTOR, stage="PGY-3"), MENTOR
    assert score(near_peer, "wellness") == pytest.approx(CONFIG.base + CONFIG.weights["stage"])
    assert score(senior, "wellness") == pytest.approx(CONFIG.base + CONFIG.weights["stage"] * 0.3)


def test_concordance_counts_only_fields_the_mentee_opted_into_and_weighs_more_for_identity_mentoring() -> None:
    mentee = replace(MENTEE, concordance=("gender",), identity={"gender": "woman", "urim": "yes"})
    same = replace(MENTOR, identity={"gender": "woman", "urim": "no"})
    other = replace(MENTOR, identity={"gender": "man", "urim": "yes"})
    assert score(same, "career", mentee) - score(other, "career", mentee) == pytest.approx(
        CONFIG.weights["concordance"])
    identity_weights = {**CONFIG.weights, "concordance": CONFIG.identity_concordance_weight}
    share = CONFIG.identity_concordance_weight / sum(identity_weights.values())  # weights share 1 - base
    assert score(same, "identity", mentee) - score(other, "identity", mentee) == pytest.approx(
        (1 - CONFIG.base) * share, abs=1e-4)  # scores are rounded to 4 places
    not_opted = replace(MENTEE, identity={"gender": "woman"})
    assert score(same, "career", not_opted) == score(other, "career", not_opted)


def test_prefer_not_to_say_never_counts_as_a_shared_answer() -> None:
    mentee = replace(MENTEE, concordance=("gender",), identity={"gender": "prefer_not_to_say"})
    same = replace(MENTOR, identity={"gender": "prefer_not_to_say"})
    assert score(same, "career", mentee) == score(MENTOR, "career", mentee)


def test_scores_stay_within_zero_and_one() -> None:
    everything = replace(MENTOR, expertise=MENTEE.interests, program=MENTEE.program, identity={"gender": "woman"})
    mentee = replace(MENTEE, concordance=("gender",), identity={"gender": "woman"})
    assert 0 < score(everything, "identity", mentee) <= 1


@pytest.mark.parametrize(("mentor", "kind", "reasons"), [
    (replace(MENTOR, expertise=frozenset({"cardiology", "teaching"}), program=MENTEE.program), "career",
     ("both interested in cardiology, teaching", "an associate professor, well ahead in their career",
      "same program (Internal Medicine)")),
    (replace(MENTOR, stage="PGY-4"), "career", ("3 years ahead",)),
    (replace(MENTOR, stage="PGY-2"), "career", ("1 year ahead",)),
    (replace(MENTOR, stage="PGY-3"), "wellness", ("near-peer, 2 years ahead",)),
    (replace(MENTOR, stage="PGY-2"), "wellness", ("near-peer, 1 year ahead",)),
    (MENTOR, "wellness", ()),  # senior faculty for wellness: allowed, but nothing to say in its favour
    (MENTOR, "sponsorship", ("senior faculty (associate professor)",)),
    (replace(MENTOR, program=MENTEE.program), "research",  # the program does not matter for research
     ("an associate professor, well ahead in their career",)),
    (replace(MENTOR, stage="professor"), "career", ("a professor, well ahead in their career",)),  # 10+ years
])
def test_reasons_say_in_words_what_raised_the_score(mentor: MentorFacts, kind: str, reasons: tuple[str, ...]) -> None:
    assert score_fit(MENTEE, kind, mentor, CONFIG).reasons == reasons


def test_ten_years_ahead_is_named_by_rank() -> None:
    mentee = replace(MENTEE, stage="assistant_professor")  # faculty can be mentees too
    assert score_fit(mentee, "career", replace(MENTOR, stage="professor"), CONFIG).reasons == (
        "a professor, well ahead in their career",)
    assert score_fit(MENTEE, "career", replace(MENTOR, stage="assistant_professor"), CONFIG).reasons == (
        "9 years ahead",)


def test_sponsorship_from_senior_faculty_counts_the_stage_weight_once() -> None:
    assert score(MENTOR, "sponsorship") == pytest.approx(CONFIG.base + CONFIG.weights["stage"])


@pytest.mark.parametrize(("interests", "shared", "part"), [(1, 1, 1.0), (2, 1, 0.5), (4, 3, 1.0), (4, 2, 2 / 3)])
def test_interest_part_is_shared_over_the_smaller_of_three_and_the_mentees_count(interests: int, shared: int,
                                                                               part: float) -> None:
    tags = [f"t{n}" for n in range(interests)]
    mentee = replace(MENTEE, interests=frozenset(tags))
    mentor = replace(MENTOR, expertise=frozenset(tags[:shared]))
    assert score(mentor, "career", mentee) - score(MENTOR, "career", mentee) == pytest.approx(
        CONFIG.weights["interest"] * part, abs=1e-4)


def test_more_shared_interests_than_three_still_count_as_a_full_match() -> None:
    many = frozenset({"a", "b", "c", "d", "e"})
    mentee, mentor = replace(MENTEE, interests=many), replace(MENTOR, expertise=many)
    assert score(mentor, "career", mentee) - score(MENTOR, "career", mentee) == pytest.approx(
        CONFIG.weights["interest"])


def test_concordance_is_the_share_of_opted_in_fields_that_agree() -> None:
    mentee = replace(MENTEE, concordance=("gender", "urim"), identity={"gender": "woman", "urim": "yes"})
    half = replace(MENTOR, identity={"gender": "woman", "urim": "no"})
    assert score(half, "career", mentee) - score(MENTOR, "career", mentee) == pytest.approx(
        CONFIG.weights["concordance"] / 2, abs=1e-4)
