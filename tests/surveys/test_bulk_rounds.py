"""Opening a round and its reminder write the recipients and the outbox in bulk (issue 17, goal 4): the rows, and
their order (so their ids), are those the one-by-one code wrote, checked here against that code."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session, select

from bot.program_settings import delivery_window
from bot.surveys.audience import audience_members
from bot.surveys.invitations import SubjectRef, personal_invitation, round_view, subject_label, subject_refs
from bot.surveys.rounds import open_due_round, send_reminders
from bot.surveys.service import audience_of, create_survey, definition_from
from bot.surveys.templates import template_raw
from bot.timing import next_window_start
from storage.engine import make_engine, session_factory, transaction
from storage.queries.surveys import people_by_id, recipients_of
from storage.tables import Match, OutboxMessage, Person, Survey, SurveyRecipient, SurveyRound

NOW = datetime(2026, 10, 6, 15, 0, tzinfo=UTC)  # the first Tuesday of October, 9:00 in Edmonton


def render(invitation: Any) -> dict[str, Any]:
    return {"text": repr(invitation)}  # everything the invitation says, so a wrong subject or zone shows


def populate(session: Session, rng: random.Random) -> None:
    zones = ["America/Edmonton", "Asia/Tokyo", "Europe/Paris", "America/Halifax"]
    session.execute(insert(Person), [{
        "slack_user_id": f"U{n:04d}", "display_name": f"Person {n}", "email": None, "timezone": rng.choice(zones),
        "program": "Internal Medicine", "stage": "PGY-2", "is_mentee": n % 4 != 0, "is_mentor": n % 4 == 0,
        "is_coordinator": False, "active": True, "created_at": NOW, "updated_at": NOW} for n in range(80)])
    people = list(session.exec(select(Person).order_by(Person.id)))
    mentors, mentees = [p for p in people if p.is_mentor], [p for p in people if p.is_mentee]
    session.execute(insert(Match), [{"mentee_id": mentee.id, "mentor_id": mentor.id, "kind": rng.choice(
        ["career", "research"]), "status": "active", "cadence_days": 30, "reasons": [], "started_at": NOW - timedelta(
            days=40)} for mentee in mentees for mentor in rng.sample(mentors, rng.choice([0, 1, 1, 2]))])


def survey_about_mentors(session: Session) -> int:
    raw = {**template_raw("mentee-satisfaction-quarterly"), "about": "mentors", "anonymous": False,
           "schedule": {"once": "2026-10-06"}}
    definition = definition_from(session=session, raw=raw, timezone="America/Edmonton", today=NOW.date(), source="t")
    return create_survey(session=session, definition=definition, actor="test", now=NOW).id or 0


def one_by_one(session: Session, survey_round: SurveyRound, survey: Survey) -> tuple[list[tuple], list[dict]]:
    """The recipients and invitations the code before the bulk insert wrote, computed its way."""
    members = audience_members(session=session, audience=audience_of(survey), about=survey.about, now=NOW)
    recipients = [(survey_round.id, person.id, subject, False, False) for person, subject in members]
    view, window, subjects = round_view(session, survey_round), delivery_window(session), defaultdict(list)
    for person, subject in members:
        subjects[person.id].append(SubjectRef(subject, subject_label(session, subject), False))
    messages = [{"key": f"survey:{survey_round.id}:{person.slack_user_id}", "purpose": "survey",
                 "recipient": person.slack_user_id,
                 "payload": render(personal_invitation(view, person, tuple(subjects[person.id]))),
                 "not_before": next_window_start(max(NOW, survey_round.opens_at), person.timezone, window)}
                for person in {person.id: person for person, _ in members}.values()]
    return recipients, messages


def stored(session: Session, purpose_prefix: str) -> list[dict]:
    return [{"key": m.key, "purpose": m.purpose, "recipient": m.recipient, "payload": m.payload,
             "not_before": m.not_before} for m in session.exec(select(OutboxMessage).order_by(OutboxMessage.id))
            if m.key.startswith(purpose_prefix)]


def test_a_round_opened_in_bulk_asks_and_invites_as_one_by_one_did(database_url: str) -> None:
    sessions = session_factory(make_engine(database_url))
    with transaction(sessions) as session:
        populate(session, random.Random(3))
        survey_id = survey_about_mentors(session)
    with transaction(sessions) as session:
        survey_round = open_due_round(session=session, survey_id=survey_id, now=NOW, render=render)
        assert survey_round is not None
    with sessions() as session:
        survey_round = session.get(SurveyRound, survey_round.id)
        survey = session.get(Survey, survey_id)
        assert survey_round is not None and survey is not None
        expected_recipients, expected_messages = one_by_one(session, survey_round, survey)
        rows = session.exec(select(SurveyRecipient).order_by(SurveyRecipient.id)).all()
        assert [(r.round_id, r.person_id, r.subject, r.responded, r.reminded) for r in rows] == expected_recipients
        assert stored(session, "survey:") == expected_messages
        assert any(len(m["payload"]["text"].split("SubjectRef(")) > 2 for m in expected_messages)  # two mentors


def test_reminders_in_bulk_are_the_ones_sent_one_by_one(database_url: str) -> None:
    sessions = session_factory(make_engine(database_url))
    with transaction(sessions) as session:
        populate(session, random.Random(4))
        survey_id = survey_about_mentors(session)
    with transaction(sessions) as session:
        survey_round = open_due_round(session=session, survey_id=survey_id, now=NOW, render=render)
        assert survey_round is not None
        round_id = survey_round.id or 0
        answered = recipients_of(session=session, round_id=round_id)[::3]
        for recipient in answered:  # some answered one of their mentors, some all
            recipient.responded = True
            session.add(recipient)
    later = (survey_round.remind_at or NOW) + timedelta(minutes=1)
    with sessions() as session:
        survey_round = session.get(SurveyRound, round_id)
        asked = recipients_of(session=session, round_id=round_id)
        waiting = [r for r in asked if not r.responded and not r.reminded]
        view, window = round_view(session, survey_round), delivery_window(session)  # type: ignore[arg-type]
        expected = []
        for person in people_by_id(session=session, person_ids=[r.person_id for r in waiting]).values():
            if next_window_start(later, person.timezone, window) < survey_round.closes_at:  # type: ignore[union-attr]
                theirs = subject_refs(session, [r for r in asked if r.person_id == person.id])
                expected.append({"key": f"survey-reminder:{round_id}:{person.slack_user_id}", "purpose": "survey",
                                 "recipient": person.slack_user_id,
                                 "payload": render(personal_invitation(view, person, theirs, reminder=True)),
                                 "not_before": next_window_start(later, person.timezone, window)})
    with transaction(sessions) as session:
        assert send_reminders(session=session, round_id=round_id, now=later, render=render) == len(expected)
    with sessions() as session:
        assert stored(session, "survey-reminder:") == expected and expected
        assert all(r.reminded for r in recipients_of(session=session, round_id=round_id) if not r.responded)
