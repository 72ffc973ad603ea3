"""What people read is true for them at that moment: the check-in question, App Home while a mentor is being
asked, what happens after ending a match, and reasons that read as sentences."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlmodel import select

from bot.checkins import checkin_info
from storage.tables import CheckIn
from tests.conftest import Harness
from tests.test_checkins_http import EDMONTON, TORONTO, pairs, tick  # noqa: F401  (fixture)
from tests.test_matching_http import CHEN, LEE, MENTEE, OKAFOR, accept_match, dms, program  # noqa: F401  (fixture)


def test_the_check_in_question_names_the_cycle_and_the_real_cadence(pairs: Harness) -> None:  # noqa: F811
    tick(pairs, datetime(2026, 3, 13, 17, 0, tzinfo=UTC))  # the first cycle (cadence 14 days) is due
    tick(pairs, datetime(2026, 3, 27, 17, 0, tzinfo=UTC))  # the second
    with pairs.deps.sessions() as session:
        questions = {(c.role, c.cycle): checkin_info(session, c).met_question
                     for c in session.exec(select(CheckIn).where(CheckIn.match_id == 1))}
    assert questions[("mentee", 1)] == "Did you meet UFAC0001 since you were matched?"
    assert questions[("mentor", 1)] == "Did you meet with URES0001 since you were matched?"
    assert questions[("mentor", 2)] == "Did you meet with URES0001 in the last two weeks?"
    assert not any("this month" in q or "since last time" in q for q in questions.values())


def test_home_says_a_mentor_is_being_asked_instead_of_ask_for_one(program: Harness) -> None:  # noqa: F811
    slack = program.slack
    slack.slash_command(MENTEE, "/mentor", "find research")
    slack.click(MENTEE, "shortlist_pick", value=f"research:{LEE}")
    slack.wait_for(lambda: slack.messages_to(LEE))
    slack.open_home(MENTEE)
    home = slack.wait_for(lambda: "being asked" in json.dumps(slack.home_view(MENTEE)) and
                          json.dumps(slack.home_view(MENTEE)))
    assert "ask for one" not in home and "home_find_mentor" not in home


def test_the_mentee_who_ends_a_match_is_told_a_new_search_starts(program: Harness) -> None:  # noqa: F811
    accept_match(program)
    program.slack.slash_command(MENTEE, "/mentor", "rematch")
    program.slack.click(MENTEE, "rematch_end")
    told = program.slack.wait_for(lambda: [t for t in dms(program, MENTEE) if "the match has ended" in t])[-1]
    assert "I've started looking for a new research mentor for you" in told


def test_a_stage_reason_reads_as_a_sentence(program: Harness) -> None:  # noqa: F811
    program.slack.slash_command(MENTEE, "/mentor", "find research")
    shortlist = json.dumps(program.slack.ephemerals_to(MENTEE)[-1])
    assert "a professor, well ahead in their career" in shortlist
    assert "\\nprofessor" not in shortlist
