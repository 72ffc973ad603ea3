"""What a change tells people is queued by the service, in the change's own transaction: calling the service alone
(no listener) tells everyone, and a refused change tells no one but the actor (issue 16)."""

from __future__ import annotations

import pytest

from bot.emulator import EmulatedUser
from bot.flows.matching import end_match_and_tell
from bot.matching.service import MatchingError
from bot.my_data import leave
from tests.conftest import COORDINATOR, Harness, drain
from tests.test_checkins_http import match as make_match
from tests.test_one_outcome_http import LEE, enrol, mentee_id, told


def pair(harness: Harness) -> tuple[str, int]:
    mentee = mentee_id(0)
    harness.slack.add_user(EmulatedUser(id=mentee, name="pat", real_name="Pat Mentee"))
    enrol(harness, LEE, as_mentor=True, stage="associate_professor", kinds_offered=["career"])
    enrol(harness, mentee, as_mentee=True, stage="PGY-1", kinds_wanted=["career"])
    return mentee, make_match(harness, mentee, LEE)


def test_ending_a_match_tells_both_and_the_coordinators_from_the_service(harness: Harness) -> None:
    mentee, match_id = pair(harness)
    end_match_and_tell(sessions=harness.deps.sessions, notifier=harness.deps.notifier, match_id=match_id, actor=LEE,
                       now=harness.clock.now(), is_coordinator=False)
    drain(harness)
    assert told(harness, LEE, "Done: the match has ended") == 1
    assert told(harness, mentee, "has ended. This happens and is nobody's fault") == 1
    assert told(harness, COORDINATOR, "was ended (no-fault)") == 1


def test_a_refused_ending_tells_no_one(harness: Harness) -> None:
    mentee, match_id = pair(harness)
    with pytest.raises(MatchingError):  # not one of the pair
        end_match_and_tell(sessions=harness.deps.sessions, notifier=harness.deps.notifier, match_id=match_id,
                           actor=COORDINATOR, now=harness.clock.now(), is_coordinator=False)
    drain(harness)
    assert told(harness, mentee, "has ended") == told(harness, COORDINATOR, "was ended") == 0


def test_leaving_tells_the_person_and_their_partner_from_the_service(harness: Harness) -> None:
    mentee, _ = pair(harness)
    leave(sessions=harness.deps.sessions, notifier=harness.deps.notifier, slack_user_id=mentee, mode="leave",
          until=None, now=harness.clock.now())
    drain(harness)
    assert told(harness, mentee, "You have left the program") == 1
    assert told(harness, LEE, f"{mentee} has left the mentorship program. Thank you for the time") == 1
