"""A matched pair made through Slack (a pick, then the mentor's consent click), for the agreement, pulse and
completion tests. Riley (Toronto) is the mentee, Dr. Lee (Edmonton) the mentor."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlmodel import select

from bot.flows.matching import pick_mentor
from bot.jobs import run_due
from bot.profiles import ProfileBase, SlackIdentity, save_profile
from storage.engine import transaction
from storage.tables import Agreement, Match, MatchPrompt
from tests.conftest import Harness, drain

MENTEE, MENTOR = "URES0001", "UFAC0001"
MATCHED_AT = datetime(2026, 3, 2, 17, 0, tzinfo=UTC)  # Monday: 12:00 in Toronto, 10:00 in Edmonton


def enrol(harness: Harness, slack_id: str, name: str, tz: str, **profile: object) -> None:
    with transaction(harness.deps.sessions) as session:
        save_profile(session=session, who=SlackIdentity(slack_id, name, None, tz),
                     profile=ProfileBase(program="Internal Medicine", **profile), now=harness.clock.now())


def make_pair(harness: Harness) -> int:
    """Enrol both, the mentee picks the mentor, the mentor accepts in Slack; the outbox is delivered. The match id."""
    harness.clock.set(MATCHED_AT)
    enrol(harness, MENTEE, "Riley Resident", "America/Toronto", as_mentee=True, stage="PGY-1",
          kinds_wanted=["career"])
    enrol(harness, MENTOR, "Dr. Morgan Lee", "America/Edmonton", as_mentor=True, stage="associate_professor",
          kinds_offered=["career"], capacity_total=3)
    pick_mentor(sessions=harness.deps.sessions, notifier=harness.deps.notifier, mentee_slack_id=MENTEE, kind="career",
                mentor_slack_id=MENTOR, now=harness.clock.now())
    drain(harness)  # the consent request, queued with the pick
    harness.slack.click(MENTOR, "consent_accept")
    harness.slack.wait_for(lambda: rows(harness, Agreement))
    tick(harness, MATCHED_AT)
    return rows(harness, Match)[0].id


def rows(harness: Harness, model: type, **where: object) -> list:
    with harness.deps.sessions() as session:
        query = select(model)
        for column, value in where.items():
            query = query.where(getattr(model, column) == value)
        return list(session.exec(query.order_by(model.id)))


def agreement(harness: Harness) -> Agreement:
    return rows(harness, Agreement)[0]


def prompts(harness: Harness, **where: object) -> list[MatchPrompt]:
    return rows(harness, MatchPrompt, **where)


def tick(harness: Harness, instant: datetime) -> None:
    harness.clock.set(instant)
    assert run_due(harness.deps, instant) == []


def dms(harness: Harness, user: str, containing: str = "") -> list[str]:
    texts = [json.dumps(m, ensure_ascii=False) for m in harness.slack.messages_to(user)]
    return [t for t in texts if containing in t]
