"""An assessor is never your mentor: a declared conflict of interest excludes the pair in every matching path."""

from __future__ import annotations

import json

from tests.conftest import COORDINATOR, Harness
from tests.test_matching_http import MENTEE, OKAFOR, dms, program, run_batch  # noqa: F401 (fixture)


def test_a_declared_conflict_keeps_the_best_fitting_mentor_out_of_the_shortlist_and_the_batch(
    program: Harness,  # noqa: F811
) -> None:
    slack = program.slack
    slack.slash_command(MENTEE, "/mentor", "find research")
    assert "Dr. Ada Okafor" in json.dumps(slack.ephemerals_to(MENTEE)[-1])  # the best fit, before the conflict
    slack.slash_command(OKAFOR, "/mentor", "conflict <@URES0001|riley> direct_supervisor")
    slack.wait_for(lambda: slack.ephemerals_to(OKAFOR))
    slack.slash_command(MENTEE, "/mentor", "find research")
    shortlist = json.dumps(slack.ephemerals_to(MENTEE)[-1])
    assert "Dr. Ada Okafor" not in shortlist and "Dr. Morgan Lee" in shortlist
    run_batch(program)
    review = dms(program, COORDINATOR)[-1]
    assert "<@UFAC0002>" not in review and "<@URES0001>" in review
