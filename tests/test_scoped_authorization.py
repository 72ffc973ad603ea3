"""Which programs each coordinator surface reaches: every coordinator-only subcommand, button and modal (the same
inventory as tests/test_authorization.py) has a scope decision here, and each is tried by a faculty-wide
coordinator, a program coordinator within their program and the same coordinator on another program's thing.

SCOPED: a program coordinator acts within their programs; outside them nothing happens (refused and audited, or,
for lists and exports, the other program's people are simply not in what they get). FACULTY_WIDE_ONLY: the surface
is the whole faculty's, so a program coordinator is refused (audited) even for their own program.

A new coordinator surface without a decision fails `test_every_coordinator_surface_has_a_scope_decision`; a
decision the code does not keep fails a cell of `test_each_surface_keeps_its_scope_decision`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import urlencode

import pytest
from sqlmodel import col, select

import handlers.actions
import handlers.views
from bot.access import FACULTY_WIDE_SUBCOMMANDS
from bot.clock import ManualClock
from bot.coordinators import grant_coordinator_role
from bot.emulator import EmulatedUser, SlackEmulator
from bot.profiles import ProfileBase, SlackIdentity, save_profile
from storage.engine import SessionFactory, transaction
from storage.queries.audit import audit_events
from storage.tables import Alert, Broadcast, ConflictOfInterest, Match, MatchRequest, Person, Proposal, Survey
from tests.conftest import COORDINATOR, Harness
from tests.test_authorization import COORDINATOR_BUTTONS, COORDINATOR_VIEWS, EXPECTED, Registrations
from tests.databases import DatabaseMaker
from tests.report.conftest import REPORT_TIME
from tests.test_scoped_coordinators_http import INTERNIST, PERIOD, SURGEON, faculty_app, seed_faculty

SCOPED, FACULTY_WIDE_ONLY = "scoped", "faculty-wide only"
OURS, THEIRS = "Surgery", "Internal Medicine"  # the program coordinator's program, and another one
# Each program's people in the seeded faculty (tests/report/seed.py), and two added here for matching proposals.
PAIR = {OURS: ("US1", "UTWO", 6), THEIRS: ("UI1", "UONE", 1)}  # mentee, mentor, their active match
NEWCOMERS = {OURS: ("UNEWSU", "UMENSU"), THEIRS: ("UNEWIM", "UMENIM")}  # a mentee asking, a mentor with room


def say(h: Harness, who: str, text: str) -> str:
    before = len(h.slack.ephemerals_to(who))
    h.slack.slash_command(who, "/mentor", text)
    return json.dumps(h.slack.ephemerals_to(who)[before:], ensure_ascii=False)


def submit(h: Harness, who: str, callback_id: str, values: dict, metadata: str = "") -> dict:
    payload = {"type": "view_submission", "user": {"id": who}, "team": {"id": "T0MENTOR"}, "trigger_id": f"t.{who}",
               "view": {"id": f"V{callback_id}{who}", "type": "modal", "callback_id": callback_id, "blocks": [],
                        "private_metadata": metadata, "state": {"values": values}}}
    answer = h.slack.send_signed(urlencode({"payload": json.dumps(payload)}).encode(),
                                 "application/x-www-form-urlencoded")
    return answer.json or {}


def click(h: Harness, who: str, action_id: str, value: str) -> None:
    """A button press Slack would sign for `who` on a message that is not theirs: a trigger and a response_url the
    emulator issued (so a modal can open and an answer can be given), the value chosen by the test."""
    with h.slack._ws.lock:
        trigger_id = h.slack._ws.issue_trigger(who)
        response_url = h.slack._ws.issue_response_url(who, h.slack.dm_channel_id(who))
    payload = {"type": "block_actions", "user": {"id": who}, "team": {"id": "T0MENTOR"}, "trigger_id": trigger_id,
               "response_url": response_url, "container": {"type": "message", "channel_id": "D1", "message_ts": "1.1"},
               "actions": [{"action_id": action_id, "block_id": "b", "value": value, "type": "button", "action_ts": "1"}]}
    h.slack.send_signed(urlencode({"payload": json.dumps(payload)}).encode(), "application/x-www-form-urlencoded")


def chosen(value: str) -> dict:
    return {"value": {"type": "static_select", "selected_option": {"value": value}}}


def typed(value: str) -> dict:
    return {"value": {"type": "plain_text_input", "value": value}}


def refused(h: Harness, who: str) -> list[str]:
    with h.deps.sessions() as session:
        return [e.action for e in audit_events(session=session, actor=who) if e.outcome == "refused"]


def proposal_of(h: Harness, program: str) -> int:
    """Batch matching by the faculty-wide coordinator: one proposal per program's newcomer."""
    with h.deps.sessions() as session:
        proposed = session.exec(select(Proposal)).all()
    if not proposed:
        h.slack.slash_command(COORDINATOR, "/mentor", "match")
        h.slack.wait_for(lambda: "Matching proposals" in json.dumps(h.slack.messages_to(COORDINATOR)))
    with h.deps.sessions() as session:
        mentor = session.exec(select(Person).where(Person.slack_user_id == NEWCOMERS[program][1])).one()
        mentee = session.exec(select(Person).where(Person.slack_user_id == NEWCOMERS[program][0])).one()
        request_ids = [r.id for r in session.exec(select(MatchRequest).where(MatchRequest.mentee_id == mentee.id))]
        return session.exec(select(Proposal).where(col(Proposal.request_id).in_(request_ids))).one().id or 0


def proposal_status(h: Harness, proposal_id: int) -> str:
    with h.deps.sessions() as session:
        return session.get(Proposal, proposal_id).status


# Each attempt: `who` tries the surface on `program`'s thing; True when it was done (or seen) for that program.
def try_match(h: Harness, who: str, program: str) -> bool:
    h.slack.slash_command(who, "/mentor", "match")
    h.slack.wait_for(lambda: h.slack.messages_to(who))
    return f"<@{NEWCOMERS[program][0]}>" in json.dumps(h.slack.messages_to(who))


def try_end(h: Harness, who: str, program: str) -> bool:
    mentee, mentor, match_id = PAIR[program]
    h.slack.slash_command(who, "/mentor", f"end <@{mentee}> <@{mentor}>")
    with h.deps.sessions() as session:
        return session.get(Match, match_id).status == "ended"


def try_roster_export(h: Harness, who: str, program: str) -> bool:
    h.slack.slash_command(who, "/mentor", "roster export")
    exported = h.slack.wait_for(lambda: h.slack.files())[-1]["content"].decode()
    return f"\n{PAIR[program][0]}," in exported


def try_grant(h: Harness, who: str, program: str) -> bool:
    return "is now a coordinator of" in say(h, who, f'coordinator add <@{NEWCOMERS[program][0]}> "{program}"')


def try_report(h: Harness, who: str, program: str) -> bool:
    h.slack.slash_command(who, "/mentor", f"report {program} {PERIOD}")
    h.slack.wait_for(lambda: h.slack.messages_to(who), timeout=30)
    return f"Programs: {program}" in json.dumps(h.slack.messages_to(who), ensure_ascii=False)


def try_survey_close(h: Harness, who: str, program: str) -> bool:
    with transaction(h.deps.sessions) as session:
        survey = session.get(Survey, 1)  # a seeded survey, kept within `program` as its coordinator's would be
        survey.audience, survey.status = {**survey.audience, "within": [program]}, "active"
        session.add(survey)
    say(h, who, "survey close 1")
    with h.deps.sessions() as session:
        return session.get(Survey, 1).status == "closed"


def try_compose(h: Harness, who: str, program: str) -> bool:
    answer = submit(h, who, "announce", {"audience": chosen("program"), "program": chosen(program),
                                         "message": typed("Hello"), "when": chosen("now")})
    return answer.get("response_action") == "push"


def try_announce_command(h: Harness, who: str, program: str) -> bool:
    h.slack.slash_command(who, "/mentor", "announce")
    modal = h.slack.wait_for(lambda: h.slack.open_modal(who))
    return program in json.dumps(modal)  # the programs offered as an audience


def faculty_wide_announcement(h: Harness, program: str) -> int:
    """An announcement scheduled by the faculty-wide coordinator, to `program`'s people (ours: kept within it)."""
    within = {"within": [program]} if program == OURS else {}
    with transaction(h.deps.sessions) as session:
        broadcast = Broadcast(author=COORDINATOR, audience={"kind": "everyone", "value": None, "people": [], **within},
                              message={"text": "Later", "buttons": []}, schedule="at", local_time="2027-01-15T09:00",
                              timezone="America/Edmonton", status="scheduled", recipient_count=1,
                              created_at=h.clock.now())
        session.add(broadcast)
        session.flush()
        return broadcast.id or 0


def try_announce_confirm(h: Harness, who: str, program: str) -> bool:
    broadcast_id = faculty_wide_announcement(h, program)
    with transaction(h.deps.sessions) as session:
        session.get(Broadcast, broadcast_id).status = "draft"
    submit(h, who, "announce_confirm", {}, metadata=str(broadcast_id))
    h.slack.wait_for(lambda: refused(h, who) or any("Announcement #" in json.dumps(m) for m in h.slack.messages_to(who))
                     or h.slack.messages_to(COORDINATOR))
    with h.deps.sessions() as session:
        return session.get(Broadcast, broadcast_id).status != "draft"


def try_broadcast_cancel(h: Harness, who: str, program: str) -> bool:
    broadcast_id = faculty_wide_announcement(h, program)
    click(h, who, "broadcast_cancel", str(broadcast_id))

    def status() -> str:
        with h.deps.sessions() as session:
            return session.get(Broadcast, broadcast_id).status

    h.slack.wait_for(lambda: status() == "cancelled" or refused(h, who), timeout=20)
    return status() == "cancelled"


def try_broadcast_edit(h: Harness, who: str, program: str) -> bool:
    broadcast_id = faculty_wide_announcement(h, program)
    click(h, who, "broadcast_edit", str(broadcast_id))
    h.slack.wait_for(lambda: h.slack.open_modal(who) or refused(h, who) or h.slack.messages_to(who))
    return h.slack.open_modal(who) is not None


def try_home_announce(h: Harness, who: str, program: str) -> bool:
    click(h, who, "home_announce", "")
    h.slack.wait_for(lambda: h.slack.open_modal(who) or refused(h, who))
    return program in json.dumps(h.slack.open_modal(who) or {})


def try_conflict(h: Harness, who: str, program: str) -> bool:
    mentee, mentor, _ = PAIR[program]
    say(h, who, f"conflict <@{mentor}> <@{mentee}> direct_supervisor")
    with h.deps.sessions() as session:
        return bool(session.exec(select(ConflictOfInterest)).all())


def try_review(action_id: str) -> Callable[[Harness, str, str], bool]:
    def attempt(h: Harness, who: str, program: str) -> bool:
        if action_id == "match_approve_all" and who == SURGEON and program == OURS:  # their own batch: Surgery's
            h.slack.slash_command(who, "/mentor", "match")
            h.slack.wait_for(lambda: "Matching proposals" in json.dumps(h.slack.messages_to(who)))
        proposal_id = proposal_of(h, program)
        if action_id == "match_approve_all":  # every proposal of the batch: none is decided outside the scope
            with h.deps.sessions() as session:
                value = session.get(Proposal, proposal_id).batch_id or ""
        else:
            value = str(proposal_id)
        click(h, who, action_id, value)
        h.slack.wait_for(lambda: proposal_status(h, proposal_id) != "pending_review" or refused(h, who), timeout=20)
        return proposal_status(h, proposal_id) != "pending_review"
    return attempt


def try_swap_button(h: Harness, who: str, program: str) -> bool:
    proposal_id = proposal_of(h, program)
    click(h, who, "match_swap", str(proposal_id))
    h.slack.wait_for(lambda: h.slack.open_modal(who) or refused(h, who))
    return h.slack.open_modal(who) is not None


def try_swap_modal(h: Harness, who: str, program: str) -> bool:
    proposal_id = proposal_of(h, program)
    other = NEWCOMERS[OURS if program == THEIRS else THEIRS][1]  # the other program's mentor has room too
    metadata = json.dumps({"proposal": proposal_id, "batch": "b", "channel": "D1", "ts": "1.1"})
    answer = submit(h, who, "match_swap", {"mentor": chosen(other)}, metadata)
    return "outside the programs" not in json.dumps(answer)


def try_nudge(h: Harness, who: str, program: str) -> bool:
    with transaction(h.deps.sessions) as session:
        alert = Alert(kind="quiet_pair", subject_id=PAIR[program][2], match_id=PAIR[program][2],
                      raised_on=h.clock.now().date())
        session.add(alert)
        session.flush()
        alert_id = alert.id
    click(h, who, "alert_nudge", str(alert_id))
    h.slack.wait_for(lambda: refused(h, who) or h.slack.messages_to(who))
    with h.deps.sessions() as session:
        return session.get(Alert, alert_id).nudged_at is not None


def try_thank(h: Harness, who: str, program: str) -> bool:
    match_id = PAIR[program][2]
    with transaction(h.deps.sessions) as session:
        match = session.get(Match, match_id)
        match.status, match.end_reason, match.ended_at = "ended", "completed", h.clock.now()
    click(h, who, "completion_thank_mentor", str(match_id))

    def thanked() -> bool:
        with h.deps.sessions() as session:
            return any(e.outcome == "ok" for e in audit_events(session=session, actor=who, action="recognition.thank"))

    h.slack.wait_for(lambda: thanked() or refused(h, who), timeout=20)
    return thanked()


def try_survey_new(h: Harness, who: str, program: str) -> bool:
    answer = submit(h, who, "survey_new", {
        "title": typed("Pulse"), "kind": chosen("custom"), "anonymous": chosen("named"),
        "audience_who": chosen("mentees"), "audience_program": typed(program),
        "questions": typed("likert: I feel supported."), "schedule": chosen("monthly"), "open_days": typed("5"),
        "priority": chosen("wellbeing"), "level": chosen("reaction")})
    with h.deps.sessions() as session:
        return bool(session.exec(select(Survey).where(Survey.title == "Pulse")).all()) and not answer.get("errors")


def try_roster_import(h: Harness, who: str, program: str) -> bool:
    mentee = PAIR[program][0]
    submit(h, who, "roster", {"csv": typed(f"slack_id,program,stage\n{mentee},{program},PGY-4")})
    h.slack.wait_for(lambda: h.slack.messages_to(who) or refused(h, who), timeout=20)
    h.slack.wait_for(lambda: h.slack.messages_to(who), timeout=20)
    with h.deps.sessions() as session:
        return session.exec(select(Person).where(Person.slack_user_id == mentee)).one().stage == "PGY-4"


@dataclass(frozen=True)
class Surface:
    decision: str
    attempt: Callable[[Harness, str, str], bool] | None = None  # None: faculty-wide only, tried generically
    audited_as: str | None = None  # the refused action, for a scoped surface that refuses (lists just leave out)


DECISIONS: dict[str, Surface] = {
    "command:match": Surface(SCOPED, try_match),
    "command:end": Surface(SCOPED, try_end, "match.end"),
    "command:roster": Surface(SCOPED, try_roster_export),
    "command:coordinator": Surface(SCOPED, try_grant, "coordinator.grant"),
    "command:report": Surface(SCOPED, try_report, "report"),
    "command:survey": Surface(SCOPED, try_survey_close, "survey.close"),
    "command:announce": Surface(SCOPED, try_announce_command),
    "command:conflict": Surface(SCOPED, try_conflict, "conflict.record"),
    "command:tags": Surface(FACULTY_WIDE_ONLY),  # one interest vocabulary for the faculty
    "command:settings": Surface(FACULTY_WIDE_ONLY),  # one set of program settings for every program
    "command:programs": Surface(FACULTY_WIDE_ONLY),  # the faculty's registry of programs
    "command:event": Surface(FACULTY_WIDE_ONLY),  # speed-mentoring events invite across programs, for now
    "command:recognition": Surface(FACULTY_WIDE_ONLY),  # the faculty's annual list, for now
    "button:match_approve_all": Surface(SCOPED, try_review("match_approve_all"), "match.review"),
    "button:match_approve": Surface(SCOPED, try_review("match_approve"), "match.review"),
    "button:match_reject": Surface(SCOPED, try_review("match_reject"), "match.review"),
    "button:match_swap": Surface(SCOPED, try_swap_button, "match.swap"),
    "button:alert_nudge": Surface(SCOPED, try_nudge, "alert.nudge"),
    "button:broadcast_edit": Surface(SCOPED, try_broadcast_edit, "announce.edit"),
    "button:broadcast_cancel": Surface(SCOPED, try_broadcast_cancel, "announce.cancel"),
    "button:home_announce": Surface(SCOPED, try_home_announce),
    "button:resource_add": Surface(FACULTY_WIDE_ONLY),  # the library is shared, for now
    "button:resource_remove": Surface(FACULTY_WIDE_ONLY),
    "button:completion_thank_mentor": Surface(SCOPED, try_thank, "recognition.thank"),
    "modal:roster": Surface(SCOPED, try_roster_import, "roster.import_row"),
    "modal:match_swap": Surface(SCOPED, try_swap_modal, "match.swap"),
    "modal:survey_new": Surface(SCOPED, try_survey_new, "survey.create"),
    "modal:announce": Surface(SCOPED, try_compose, "announce.compose"),
    "modal:announce_confirm": Surface(SCOPED, try_announce_confirm, "announce.confirm"),
    "modal:resource_form": Surface(FACULTY_WIDE_ONLY),
}
COORDINATOR_SUBCOMMANDS = {name for name, roles in EXPECTED.items() if "coordinator" in roles and "mentee" not in roles}


def test_every_coordinator_surface_has_a_scope_decision() -> None:
    assert set(DECISIONS) == ({f"command:{name}" for name in COORDINATOR_SUBCOMMANDS}
                              | {f"button:{name}" for name in COORDINATOR_BUTTONS}
                              | {f"modal:{name}" for name in COORDINATOR_VIEWS})


def test_the_faculty_wide_decisions_are_the_codes() -> None:
    """The subcommands refused to program coordinators are exactly those decided faculty-wide here, and so are the
    buttons and modals whose listener is declared `faculty_wide_only`."""
    registered = Registrations()
    handlers.actions.register(registered)  # type: ignore[arg-type]
    handlers.views.register(registered)  # type: ignore[arg-type]
    faculty_wide = {name for name, surface in DECISIONS.items() if surface.decision == FACULTY_WIDE_ONLY}
    assert {f"command:{name}" for name in FACULTY_WIDE_SUBCOMMANDS} == {s for s in faculty_wide
                                                                        if s.startswith("command:")}
    declared = {name for name, listener in registered.listeners.items() if getattr(listener, "faculty_wide_only", False)}
    assert {f"button:{n}" for n in declared if n in COORDINATOR_BUTTONS} | {
        f"modal:{n}" for n in declared if n in COORDINATOR_VIEWS} == {s for s in faculty_wide
                                                                      if not s.startswith("command:")}


def seed_scoped_faculty(sessions: SessionFactory) -> None:
    """The seeded faculty with both program coordinators granted (as `grant_both` does through Slack, which
    tests/test_scoped_coordinators_http.py drives) and each program's newcomers: written once per test process,
    each test gets a copy."""
    seed_faculty(sessions)
    for who, program in ((SURGEON, OURS), (INTERNIST, THEIRS)):
        grant_coordinator_role(sessions=sessions, actor=COORDINATOR, slack_user_id=who, typed_programs=[program],
                               now=REPORT_TIME)
    with transaction(sessions) as session:
        for program, (mentee, mentor) in NEWCOMERS.items():
            for slack_id, profile in ((mentee, ProfileBase(as_mentee=True, stage="PGY-1", kinds_wanted=["research"])),
                                      (mentor, ProfileBase(as_mentor=True, stage="professor",
                                                            kinds_offered=["research"], capacity_total=3))):
                profile.program = program
                save_profile(session=session, who=SlackIdentity(slack_id, slack_id, None, "America/Edmonton"),
                             profile=profile, now=REPORT_TIME)


@pytest.fixture
def scoped_faculty(emulator: SlackEmulator, database_maker: DatabaseMaker, clock: ManualClock) -> Iterator[Harness]:
    with faculty_app(emulator, database_maker, clock, seed=seed_scoped_faculty) as harness:
        with harness.deps.sessions() as session:
            seeded = [p.slack_user_id for p in session.exec(select(Person))]
        for slack_id in seeded:  # so what the app sends them is deliverable
            harness.slack.add_user(EmulatedUser(id=slack_id, name=slack_id.lower(), real_name=slack_id))
        yield harness


CELLS = [("faculty-wide coordinator", COORDINATOR, THEIRS), ("program coordinator, own program", SURGEON, OURS),
         ("program coordinator, another program", SURGEON, THEIRS)]


@pytest.mark.parametrize("cell", CELLS, ids=[c[0] for c in CELLS])
@pytest.mark.parametrize("name", sorted(DECISIONS))
def test_each_surface_keeps_its_scope_decision(scoped_faculty: Harness, name: str, cell: tuple[str, str, str]) -> None:
    h, (kind, who, program), surface = scoped_faculty, cell, DECISIONS[name]
    if surface.decision == FACULTY_WIDE_ONLY:
        refused_to_them = try_faculty_wide_surface(h, who, name)
        assert refused_to_them == (who == SURGEON), (name, kind)
        return
    assert surface.attempt is not None
    done = surface.attempt(h, who, program)
    outside = who == SURGEON and program == THEIRS
    assert done == (not outside), (name, kind)
    if surface.audited_as is not None:
        h.slack.wait_for(lambda: (surface.audited_as in refused(h, who)) == outside, timeout=20)


def try_faculty_wide_surface(h: Harness, who: str, name: str) -> bool:
    """A surface that is the whole faculty's: refused to a program coordinator with a clear message, audited."""
    kind, _, what = name.partition(":")
    if kind == "command":
        text = say(h, who, what)
    elif kind == "button":
        click(h, who, what, "1")
        h.slack.wait_for(lambda: h.slack.messages_to(who) or h.slack.open_modal(who) or who == COORDINATOR)
        text = json.dumps(h.slack.messages_to(who))
    else:
        text = json.dumps(submit(h, who, what, {"title": typed("A guide"), "url": typed("https://example.org")}))
    refused_here = "only faculty-wide coordinators" in text
    with h.deps.sessions() as session:
        audited = [e for e in audit_events(session=session, actor=who) if e.outcome == "refused"
                   and e.target == "faculty-wide"]
    assert bool(audited) == refused_here, (name, text)
    return refused_here


@pytest.mark.parametrize("words", ["circle theme 4-7 14 Wellbeing", "circle form 1", "circle approve 1"])
def test_peer_circles_are_formed_by_faculty_wide_coordinators_only(scoped_faculty: Harness, words: str) -> None:
    """`circle` is open to everyone for join and leave, so the table above does not see its coordinator parts:
    a circle draws on every program's people, so a program coordinator is refused (audited)."""
    text = say(scoped_faculty, SURGEON, words)

    assert "only faculty-wide coordinators" in text
    with scoped_faculty.deps.sessions() as session:
        refusals = [e for e in audit_events(session=session, actor=SURGEON) if e.outcome == "refused"]
    assert [e.target for e in refusals] == ["faculty-wide"]
