"""App Home shows the formats beyond pairs: an open flash request (without saying which mentor is asked) or
conversation, an upcoming speed-mentoring event with the person's RSVP, and their peer circle's next check-in."""

from __future__ import annotations

import json

import pytest

from bot.clock import ManualClock
from tests.conftest import COORDINATOR, Harness
from tests.test_circles_http import MONDAY, group_dms, join_all
from tests.test_events_http import set_up_event, texts
from tests.test_flash_http import ask, dms, everyone_offers
from tests.test_matching_http import LEE, MENTEE, OKAFOR, program  # noqa: F401 (fixture)


@pytest.fixture(autouse=True)
def working_day(clock: ManualClock) -> None:
    clock.set(MONDAY)


def home(harness: Harness, user: str, expected: str) -> str:
    harness.slack.open_home(user)
    return harness.slack.wait_for(lambda: expected in json.dumps(harness.slack.home_view(user), ensure_ascii=False)
                                  and json.dumps(harness.slack.home_view(user), ensure_ascii=False))


def test_home_shows_an_open_flash_request_then_the_conversation(program: Harness) -> None:
    slack = program.slack
    everyone_offers(program)
    ask(program, "cardiology")
    slack.wait_for(lambda: dms(program, OKAFOR))
    mentee_home = home(program, MENTEE, "Your flash request on *cardiology*: a mentor is being asked")
    assert "Okafor" not in mentee_home  # who is asked (and who declined) is never shown
    home(program, OKAFOR, "*Riley Resident* asks for a flash conversation on *cardiology*")
    slack.click(OKAFOR, "flash_accept")
    slack.wait_for(lambda: "You said yes" in dms(program, OKAFOR)[-1] or None)
    home(program, MENTEE, "Flash conversation with *Dr. Ada Okafor* on *cardiology*; I'll ask about continuing on")


def test_home_shows_an_upcoming_event_and_the_rsvp(program: Harness) -> None:
    slack = program.slack
    set_up_event(program)
    slack.wait_for(lambda: "Spring speed mentoring" in texts(program, MENTEE) or None)
    home(program, MENTEE, "*Spring speed mentoring*, Sat 4 May, 17:00 (your time): _not answered yet")
    slack.click(MENTEE, "event_rsvp_yes")
    slack.wait_for(lambda: "You're coming" in texts(program, MENTEE) or None)
    home(program, MENTEE, "*Spring speed mentoring*, Sat 4 May, 17:00 (your time): you're coming")


def test_home_shows_the_circle_and_its_next_check_in(program: Harness) -> None:
    slack = program.slack
    theme_id = join_all(program)
    slack.slash_command(COORDINATOR, "/mentor", f"circle form {theme_id}")
    slack.wait_for(lambda: any("Proposed" in json.dumps(e) for e in slack.ephemerals_to(COORDINATOR)) or None)
    slack.slash_command(COORDINATOR, "/mentor", f"circle approve {theme_id}")
    slack.wait_for(lambda: len(group_dms(program)) == 2 or None)
    shown = home(program, LEE, "Peer circle *Residents wellbeing*")
    assert shown.count("Peer circle *Residents wellbeing*") == 2  # the facilitator of both
    assert "next check-in Mon 15 Apr, 10:00 (your time)" in shown  # 14 days after approval, in Edmonton
