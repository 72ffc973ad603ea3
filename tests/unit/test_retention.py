"""Retention, the real scheduled step: people who left more than `retention_months` ago lose every identifier
(Slack id, name, email, notes, Slack places) while the rows aggregates count stay; nobody else is touched."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.program_settings import change_setting
from bot.retention import DAYS_PER_MONTH, FORMER_PARTICIPANT, purge_departed, purge_step
from storage.queries.audit import record_audit
from storage.tables import (
    AuditEvent,
    CheckIn,
    ConflictOfInterest,
    Goal,
    IdentityProfile,
    Match,
    Meeting,
    MenteeProfile,
    MentorProfile,
    OutboxMessage,
    Person,
    Proposal,
)
from storage.queries.matching import add_request
from tests.services import Program, program  # noqa: F401

MONTH = timedelta(days=DAYS_PER_MONTH)


def leaver(program: Program, slack_id: str, name: str, months_ago: float, *, email: str | None = None,  # noqa: F811
           mentor: bool = False) -> int:
    left_at = program.clock.now() - months_ago * MONTH
    make = program.mentor if mentor else program.mentee
    pid = make(slack_id, name=name, active=False, left_at=left_at)
    with program.session() as session:
        session.get(Person, pid).email = email
    return pid


@pytest.fixture
def departed(program: Program) -> Program:  # noqa: F811
    """Riley (a mentee) and Dr Lee (a mentor) left 25 months ago, with everything a pair leaves behind; Sam, still
    here, shares a match with Riley; a coordinator wrote about both."""
    now = program.clock.now()
    riley = leaver(program, "URILEY", "Riley Resident", 25, email="riley@example.org")
    lee = leaver(program, "ULEE", "Dr Lee", 25, mentor=True)
    sam = program.mentor("USAM", name="Sam Singh")
    program.person("UCOORD", coordinator=True, name="Casey")
    with program.session() as session:
        session.add(IdentityProfile(person_id=riley, answers={"gender": "woman"}, updated_at=now))
        session.add(ConflictOfInterest(mentor_id=sam, mentee_id=riley, reason="direct_supervisor", recorded_by="UCOORD",
                                       created_at=now))
        session.add(Goal(mentee_id=riley, title="Publish", created_at=now, updated_at=now))
        match = Match(mentee_id=riley, mentor_id=sam, kind="career", status="ended", started_at=now,
                      intro_channel="DINTRO", intro_ts="1.1")
        session.add(match)
        session.flush()
        session.add(Meeting(match_id=match.id, met_on=date(2022, 1, 5), logged_by="URILEY", note="talked about Lee",
                            created_at=now))
        session.add(CheckIn(match_id=match.id, role="mentee", cycle=1, due_at=now, status="answered",
                            program_note="Riley Resident is struggling", channel="DRILEY", ts="2.2"))
        request = add_request(session=session, mentee_id=riley, kind="research", now=now)
        session.add(Proposal(request_id=request.id, mentor_id=lee, score=0.5, source="batch", status="declined",
                             created_at=now, consent_channel="DLEE", consent_ts="3.3"))
        session.add(OutboxMessage(key="k1", purpose="checkin", recipient="URILEY", not_before=now, created_at=now,
                                  payload={"text": "Hi Riley Resident (riley@example.org)"}, channel="DRILEY",
                                  ts="4.4", status="sent"))
        session.add(OutboxMessage(key="k2", purpose="notice", recipient="USAM", not_before=now, created_at=now,
                                  payload={"text": "Riley Resident left; ask URILEY's mentor"}, channel="DSAM",
                                  ts="5.5", status="sent"))
        record_audit(session=session, now=now, actor="UCOORD", action="note", target="URILEY",
                     detail={"about": "Riley Resident", "email": "riley@example.org"})
    return program


def person(program: Program, pid: int) -> Person:  # noqa: F811
    with program.sessions() as session:
        return session.get(Person, pid)


def test_the_scheduled_step_purges_those_who_left_more_than_24_months_ago(departed: Program) -> None:
    riley, lee, sam = (departed.rows(Person, slack_user_id=s)[0].id for s in ("URILEY", "ULEE", "USAM"))
    now = departed.later(minutes=1)
    purge_step(departed.deps, now)
    gone = person(departed, riley)
    assert (gone.slack_user_id, gone.display_name, gone.email, gone.updated_at) == (f"purged-{riley}", "", None, now)
    assert (gone.program, gone.stage, gone.is_mentee) == ("Surgery", "PGY-1", True)  # what aggregates count stays
    assert person(departed, lee).slack_user_id == f"purged-{lee}"
    assert person(departed, sam).slack_user_id == "USAM" and person(departed, sam).display_name == "Sam Singh"
    for table in (MenteeProfile, IdentityProfile, ConflictOfInterest, Goal):
        assert departed.rows(table) == [], table
    assert [p.person_id for p in departed.rows(MentorProfile)] == [sam]  # Lee's profile went, Sam's stayed
    [match] = departed.rows(Match)
    assert (match.mentee_id, match.intro_channel, match.status) == (riley, None, "ended")  # the match is counted
    [meeting] = departed.rows(Meeting)
    assert (meeting.note, meeting.logged_by, meeting.met_on) == ("", f"purged-{riley}", date(2022, 1, 5))
    [checkin] = departed.rows(CheckIn)
    assert (checkin.program_note, checkin.channel, checkin.ts, checkin.status) == ("", None, None, "answered")
    [proposal] = departed.rows(Proposal)
    assert (proposal.consent_channel, proposal.consent_ts, proposal.status) == (None, None, "declined")
    to_riley, to_sam = departed.rows(OutboxMessage)
    assert (to_riley.recipient, to_riley.channel, to_riley.ts, to_riley.payload) == (f"purged-{riley}", None, None, {})
    assert (to_sam.channel, to_sam.ts) == ("DSAM", "5.5")  # Sam's own DM is Sam's
    assert to_sam.payload == {"text": f"{FORMER_PARTICIPANT} left; ask purged-{riley}'s mentor"}
    note = departed.rows(AuditEvent, action="note")[0]
    assert (note.target, note.detail) == (f"purged-{riley}", {"about": FORMER_PARTICIPANT, "email": ""})
    purges = departed.rows(AuditEvent, action="person.purge")
    assert sorted((a.actor_slack_id, a.target, a.at) for a in purges) == [
        ("retention", f"purged-{riley}", now), ("retention", f"purged-{lee}", now)]


def test_names_are_swept_from_messages_but_not_from_typed_text_columns(departed: Program) -> None:
    purge_step(departed.deps, departed.clock.now())
    [meeting] = departed.rows(Meeting)
    assert meeting.note == ""  # notes are emptied, not swept
    [sam] = departed.rows(Person, slack_user_id="USAM")
    assert sam.display_name == "Sam Singh"


def test_a_short_name_is_not_swept_out_of_other_words(program: Program) -> None:  # noqa: F811
    al = leaver(program, "UAL", "Al", 30)
    now = program.clock.now()
    with program.session() as session:
        session.add(OutboxMessage(key="k", purpose="notice", recipient="UX", not_before=now, created_at=now,
                                  payload={"text": "Also, Al left"}))
    with program.session() as session:
        assert purge_departed(session=session, now=now, months=24) == [al]
    assert program.rows(OutboxMessage)[0].payload == {"text": "Also, Al left"}
    abe = leaver(program, "UABE", "Abe", 30)
    with program.session() as session:
        session.add(OutboxMessage(key="k2", purpose="notice", recipient="UX", not_before=now, created_at=now,
                                  payload={"text": "Abe left"}))
    with program.session() as session:
        assert purge_departed(session=session, now=now, months=24) == [abe]
    assert program.rows(OutboxMessage)[1].payload == {"text": f"{FORMER_PARTICIPANT} left"}


def test_only_those_past_the_cutoff_are_purged_and_only_once(program: Program) -> None:  # noqa: F811
    now = program.clock.now()
    cutoff = now - 24 * MONTH
    just_past = program.mentee("UPAST", name="Past", active=False, left_at=cutoff - timedelta(seconds=1))
    program.mentee("UEDGE", name="Edge", active=False, left_at=cutoff)
    program.mentee("UNEAR", name="Near", active=False, left_at=now - 23 * MONTH)
    program.mentee("UHERE", name="Here", left_at=now - 30 * MONTH)  # came back: active again
    with program.session() as session:
        assert purge_departed(session=session, now=now, months=24) == [just_past]
    with program.session() as session:
        assert purge_departed(session=session, now=now, months=24) == []  # already purged: not again
    assert sorted(p.slack_user_id for p in program.rows(Person)) == ["UEDGE", "UHERE", "UNEAR", f"purged-{just_past}"]
    assert len(program.rows(AuditEvent, action="person.purge")) == 1


def test_the_program_setting_sets_how_long_data_is_kept(program: Program) -> None:  # noqa: F811
    twelve = leaver(program, "UTWELVE", "Twelve", 13)
    with program.session() as session:
        change_setting(session=session, key="retention_months", text="18", actor="UCOORD", now=program.clock.now())
    purge_step(program.deps, program.clock.now())
    assert program.rows(Person)[0].slack_user_id == "UTWELVE"
    with program.session() as session:
        change_setting(session=session, key="retention_months", text="12", actor="UCOORD", now=program.clock.now())
    purge_step(program.deps, program.clock.now())
    assert program.rows(Person)[0].slack_user_id == f"purged-{twelve}"


def test_a_purge_touches_nobody_elses_rows(departed: Program) -> None:
    """Sam and a new pair stay whole: their conflicts, goals, matches, notes and Slack places are theirs."""
    now = departed.clock.now()
    sam = departed.rows(Person, slack_user_id="USAM")[0].id
    pat = departed.mentee("UPAT", name="Pat")
    with departed.session() as session:
        session.add(ConflictOfInterest(mentor_id=sam, mentee_id=pat, reason="direct_supervisor", recorded_by="UCOORD",
                                       created_at=now))
        session.add(Goal(mentee_id=pat, title="Work like Riley Resident did", created_at=now, updated_at=now))
        match = Match(mentee_id=pat, mentor_id=sam, kind="career", started_at=now, intro_channel="DPAT", intro_ts="7.7")
        session.add(match)
        session.flush()
        session.add(Meeting(match_id=match.id, met_on=date(2024, 1, 2), logged_by="UPAT", note="kept", created_at=now))
        session.add(CheckIn(match_id=match.id, role="mentee", cycle=1, due_at=now, program_note="kept too",
                            channel="DPAT", ts="8.8"))
        request = add_request(session=session, mentee_id=pat, kind="career", now=now)
        session.add(Proposal(request_id=request.id, mentor_id=sam, score=0.5, source="batch", status="accepted",
                             created_at=now, consent_channel="DSAM", consent_ts="9.9"))
        match_id = match.id
    purge_step(departed.deps, now)
    assert [(c.mentor_id, c.mentee_id) for c in departed.rows(ConflictOfInterest)] == [(sam, pat)]
    assert [g.title for g in departed.rows(Goal)] == ["Work like Riley Resident did"]  # typed text is not swept
    pats = departed.rows(Match, id=match_id)[0]
    assert (pats.intro_channel, pats.intro_ts) == ("DPAT", "7.7")
    assert [(m.note, m.logged_by) for m in departed.rows(Meeting, match_id=match_id)] == [("kept", "UPAT")]
    [checkin] = departed.rows(CheckIn, match_id=match_id)
    assert (checkin.program_note, checkin.channel, checkin.ts) == ("kept too", "DPAT", "8.8")
    [kept] = [p for p in departed.rows(Proposal) if p.mentor_id == sam]
    assert (kept.consent_channel, kept.consent_ts) == ("DSAM", "9.9")
