"""A pair in two timezones for the scheduling tests: Riley (Toronto, mentee) and Dr. Lee (Edmonton, mentor)."""

from __future__ import annotations

import json
from datetime import datetime

import icalendar
import vobject
from sqlmodel import select

from bot.jobs import run_due
from bot.matching.delivery import deliver_outcome
from bot.matching.fit import MatchingConfig
from bot.matching.service import answer_consent, pick
from bot.profiles import ProfileBase, SlackIdentity, save_profile
from bot.scheduling.availability import AvailabilityInput, save_availability
from storage.engine import transaction
from storage.tables import OutboxMessage, ScheduledMeeting
from tests.conftest import Harness, drain

RILEY, LEE = "URES0001", "UFAC0001"  # America/Toronto, America/Edmonton (tests/conftest.py WORKSPACE)


def enrol(harness: Harness, slack_id: str, tz: str, email: str | None = None, **profile: object) -> None:
    with transaction(harness.deps.sessions) as session:
        save_profile(session=session, who=SlackIdentity(slack_id, slack_id, email, tz),
                     profile=ProfileBase(program="Internal Medicine", **profile), now=harness.clock.now())


def match_pair(harness: Harness, mentee: str = RILEY, mentor: str = LEE) -> int:
    with transaction(harness.deps.sessions) as session:
        proposal = pick(session=session, mentee_slack_id=mentee, kind="career", mentor_slack_id=mentor,
                        now=harness.clock.now(), config=MatchingConfig())
        outcome = answer_consent(session=session, proposal_id=proposal.proposal_id, mentor_slack_id=mentor,
                                 accept=True, now=harness.clock.now(), config=MatchingConfig())
        assert outcome.match is not None
        # the introduction, with "Find a time", queued with the match and sent once it commits
        deliver_outcome(session, outcome, harness.deps.notifier.within(session, harness.clock.now()))
    drain(harness)
    return outcome.match.match_id


def set_availability(harness: Harness, slack_id: str, **entered: str) -> None:
    with transaction(harness.deps.sessions) as session:
        assert save_availability(session=session, slack_user_id=slack_id, entered=AvailabilityInput(**entered),
                                 now=harness.clock.now()) == {}


def queued(harness: Harness) -> int:
    with harness.deps.sessions() as session:
        return len(session.exec(select(OutboxMessage.id)).all())


def click_and_deliver(harness: Harness, user: str, action_id: str, value: str) -> None:
    """Click, wait until the app has queued what the click causes (its work runs after the ack), deliver it."""
    before = queued(harness)
    harness.slack.click(user, action_id, value=value)
    harness.slack.wait_for(lambda: queued(harness) > before)
    tick(harness, harness.clock.now())


def tick(harness: Harness, instant: datetime) -> None:
    harness.clock.set(instant)
    assert run_due(harness.deps, instant) == []


def texts(harness: Harness, user: str) -> list[str]:
    return [json.dumps(m, ensure_ascii=False) for m in harness.slack.messages_to(user)]


def buttons(message: dict, prefix: str) -> list[dict]:
    return [e for b in message.get("blocks", []) if b["type"] in ("actions", "section")
            for e in (b.get("elements") or [b.get("accessory") or {}]) if str(e.get("action_id", "")).startswith(prefix)]


def last_with(harness: Harness, user: str, prefix: str) -> dict:
    """The newest message to `user` holding a button whose action_id starts with `prefix`."""
    found = [m for m in harness.slack.messages_to(user) if buttons(m, prefix)]
    assert found, f"{user} has no message with a {prefix} button: {texts(harness, user)}"
    return found[-1]


def meeting(harness: Harness) -> ScheduledMeeting:
    with harness.deps.sessions() as session:
        return session.exec(select(ScheduledMeeting).order_by(ScheduledMeeting.id.desc())).first()  # type: ignore[union-attr]


def ics_files(harness: Harness, user: str) -> list[str]:
    dm = harness.slack.dm_channel_id(user)
    return [f["content"].decode() if isinstance(f["content"], bytes) else f["content"]
            for f in harness.slack.files() if f["channel_id"] == dm and f["filename"].endswith(".ics")]


def parsed_event(content: str) -> tuple[icalendar.cal.Component, object]:
    """The event as the icalendar library reads it, and as a second, independent parser (vobject) does."""
    event = icalendar.Calendar.from_ical(content).walk("VEVENT")[0]
    other = vobject.readOne(content).vevent
    assert str(event["UID"]) == other.uid.value
    assert event["DTSTART"].dt == other.dtstart.value
    return event, other
