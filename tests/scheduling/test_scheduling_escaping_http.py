"""A hostile name and an in-person place typed with markup reach the partner inert in every scheduling message."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.emulator import EmulatedUser
from storage.engine import transaction
from storage.queries.people import get_person
from tests.conftest import Harness
from tests.scheduling.helpers import buttons, click_and_deliver, enrol, last_with, match_pair, set_availability, tick
from tests.test_mrkdwn_escaping_http import HOSTILE, TYPED, received

MENTEE, MENTOR = "UHOSTILE1", "UFRIENDLY"


def test_names_and_places_arrive_escaped_in_offers_confirmations_and_reminders(harness: Harness) -> None:
    harness.clock.set(datetime(2026, 3, 2, 14, 0, tzinfo=UTC))
    harness.slack.add_user(EmulatedUser(id=MENTEE, name="hostile", real_name=TYPED, tz="America/Edmonton"))
    harness.slack.add_user(EmulatedUser(id=MENTOR, name="friendly", real_name="Dr. Friendly", tz="America/Edmonton"))
    enrol(harness, MENTEE, "America/Edmonton", as_mentee=True, stage="PGY-1", kinds_wanted=["career"],
          meeting_mode="in_person")
    enrol(harness, MENTOR, "America/Edmonton", as_mentor=True, stage="associate_professor", kinds_offered=["career"])
    with transaction(harness.deps.sessions) as session:  # the name as Slack gave it, markup and all
        person = get_person(session=session, slack_user_id=MENTEE)
        person.display_name = TYPED
        session.add(person)
    match_id = match_pair(harness, MENTEE, MENTOR)
    set_availability(harness, MENTOR, windows="mon-fri 09:00-11:00", place=TYPED)
    click_and_deliver(harness, MENTEE, "meet_find", str(match_id))
    offer = last_with(harness, MENTEE, "meet_pick_")
    click_and_deliver(harness, MENTEE, "meet_pick_1", buttons(offer, "meet_pick_1")[0]["value"])
    click_and_deliver(harness, MENTOR, "meet_confirm", buttons(last_with(harness, MENTOR, "meet_confirm"),
                                                               "meet_confirm")[0]["value"])
    tick(harness, datetime(2026, 3, 4, 16, 0, tzinfo=UTC))  # the reminders
    texts = received(harness)
    assert any("Where:" in t for t in texts) and any("Reminder" in t for t in texts)
    assert not [t for t in texts if any(h in t for h in HOSTILE)]
