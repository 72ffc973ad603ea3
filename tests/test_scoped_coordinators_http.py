"""Program-scoped coordinators through signed requests and the emulator: faculty-wide coordinators grant the role
for some programs; a Surgery coordinator is refused, with an audit row, on Internal Medicine's surfaces; reports
are per program or faculty-wide and say which."""

from __future__ import annotations

import json
from pathlib import Path
from datetime import UTC, datetime

import pytest
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from urllib.parse import urlencode

from sqlmodel import select
from typer.testing import CliRunner

from bot.clock import ManualClock
from bot.emulator import EmulatedUser, SlackEmulator
from bot.people import bootstrap_coordinators
from bot.programs import add_program
from storage.engine import SessionFactory, transaction
from storage.queries.audit import audit_events
from storage.queries.people import get_person
from storage.tables import OutboxMessage, Proposal, ProposalStatus
from tests.conftest import BOT_TOKEN, COORDINATOR, SIGNING_SECRET, Harness, running_app
from tests.databases import DatabaseMaker
from tests.report.conftest import REPORT_TIME
from tests.report.seed import seed_program

SURGEON, INTERNIST = "UCOORDSU", "UCOORDIM"
PERIOD = "2026-09-01 2026-11-30"


def seed_faculty(sessions: SessionFactory) -> None:
    """What the faculty fixture's app finds in its database, in the order a started app and the seeding wrote it
    (the coordinator of settings first): written once per test process, each test gets a copy."""
    with transaction(sessions) as session:
        bootstrap_coordinators(session=session, slack_user_ids=[COORDINATOR], now=datetime.now(UTC).replace(microsecond=0))
    with transaction(sessions) as session:
        seed_program(session)
    for name in ("Internal Medicine", "Surgery", "Psychiatry"):
        add_program(sessions=sessions, actor=COORDINATOR, name=name, now=REPORT_TIME)


@contextmanager
def faculty_app(emulator: SlackEmulator, database_maker: DatabaseMaker, clock: ManualClock,
                seed: Callable[[SessionFactory], None] = seed_faculty) -> Iterator[Harness]:
    """The app on a copy of what `seed` wrote (the seeded faculty, or more), at the report's time."""
    clock.set(REPORT_TIME)
    emulator.add_user(EmulatedUser(id=SURGEON, name="surgeon", real_name="Dr. Sam Surgeon"))
    emulator.add_user(EmulatedUser(id=INTERNIST, name="internist", real_name="Dr. Ima Internist"))
    with database_maker.fresh(seed=seed) as url, running_app(emulator, url, clock) as harness:
        yield harness


@pytest.fixture
def faculty(emulator: SlackEmulator, database_maker: DatabaseMaker, clock: ManualClock) -> Iterator[Harness]:
    with faculty_app(emulator, database_maker, clock) as harness:
        yield harness


def say(harness: Harness, who: str, text: str) -> str:
    harness.slack.slash_command(who, "/mentor", text)
    return harness.slack.ephemerals_to(who)[-1]["text"]


def refusals(harness: Harness, actor: str) -> list[tuple[str, str]]:
    with harness.deps.sessions() as session:
        return [(e.action, e.target) for e in audit_events(session=session)
                if e.actor_slack_id == actor and e.outcome == "refused"]


def grant_both(harness: Harness) -> None:
    assert "is now a coordinator of Surgery" in say(harness, COORDINATOR, f"coordinator add <@{SURGEON}> Surgery")
    assert "is now a coordinator of Internal Medicine" in say(
        harness, COORDINATOR, f'coordinator add <@{INTERNIST}> "internal medicine "')  # an alias spelling


def test_a_faculty_wide_coordinator_grants_program_scopes_which_are_listed_and_audited(faculty: Harness) -> None:
    grant_both(faculty)
    listing = say(faculty, COORDINATOR, "coordinator")
    assert f"<@{COORDINATOR}>: faculty-wide" in listing and f"<@{SURGEON}>: Surgery" in listing
    assert f"<@{INTERNIST}>: Internal Medicine" in listing
    assert "is not a registered program" in say(faculty, COORDINATOR, f"coordinator add <@{SURGEON}> Surgry")
    with faculty.deps.sessions() as session:
        grants = [(e.target, e.detail) for e in audit_events(session=session, action="coordinator.grant")]
    assert (SURGEON, {"programs": ["Surgery"]}) in grants and (INTERNIST, {"programs": ["Internal Medicine"]}) in grants


def test_a_program_coordinator_grants_only_within_their_programs_and_each_refusal_is_audited(faculty: Harness) -> None:
    grant_both(faculty)
    assert "you can grant only within those programs" in say(
        faculty, SURGEON, f'coordinator add <@URES0001> "Internal Medicine"')
    assert "you can grant only within those programs" in say(faculty, SURGEON, "coordinator add <@URES0001>")
    assert "is now a coordinator of Surgery" in say(faculty, SURGEON, "coordinator add <@URES0002> Surgery")
    assert refusals(faculty, SURGEON) == [("coordinator.grant", "URES0001")] * 2


def test_the_cli_grants_and_lists_scopes(faculty: Harness) -> None:
    from bot.cli import cli

    env = {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": faculty.slack.api_url,
           "DATABASE_URL": faculty.settings.database_url, "MENTORBOT_COORDINATORS": COORDINATOR}
    added = CliRunner().invoke(cli, ["coordinator", "add", SURGEON, "Surgery", "Psychiatry"], env=env,
                               catch_exceptions=False)
    assert added.output.strip() == f"{SURGEON} is now a coordinator of Psychiatry, Surgery."
    listed = CliRunner().invoke(cli, ["coordinator", "list"], env=env, catch_exceptions=False).output
    assert f"{COORDINATOR}: faculty-wide" in listed and f"{SURGEON}: Psychiatry, Surgery" in listed


def report_html(harness: Harness, who: str, text: str) -> str:
    before = len(harness.slack.files())
    harness.slack.slash_command(who, "/mentor", text)
    files = harness.slack.wait_for(lambda: len(harness.slack.files()) >= before + 6 and harness.slack.files(),
                                   timeout=30)
    return next(f for f in files[before:] if f["filename"].endswith(".html"))["content"].decode()


def test_reports_are_per_program_or_faculty_wide_and_say_which(faculty: Harness) -> None:
    grant_both(faculty)
    everything = report_html(faculty, COORDINATOR, f"report {PERIOD}")
    assert "Faculty-wide: every program" in everything and "I2 and One" in everything
    surgery = report_html(faculty, SURGEON, f"report {PERIOD}")  # no program named: those they coordinate
    assert "Programs: Surgery" in surgery and "Faculty-wide" not in surgery and "I2 and One" not in surgery
    named = report_html(faculty, COORDINATOR, f"report Internal Medicine {PERIOD}")
    assert "Programs: Internal Medicine" in named and "I2 and One" in named
    summary = json.dumps(faculty.slack.messages_to(SURGEON)[0]["blocks"], ensure_ascii=False)
    assert "Programs: Surgery" in summary


def test_the_cli_reports_one_program_as_its_coordinators_see_it(faculty: Harness, tmp_path: Path) -> None:
    from bot.cli import cli

    env = {"DATABASE_URL": faculty.settings.database_url, "MENTORBOT_TIMEZONE": "America/Edmonton"}
    period = ["--from", "2026-09-01", "--to", "2026-11-30"]
    out = tmp_path / "surgery.html"
    done = CliRunner().invoke(cli, ["report", *period, "--program", "surgery", "--out", str(out)], env=env,
                              catch_exceptions=False)
    assert done.exit_code == 0, done.output
    surgery = out.read_text(encoding="utf-8")
    assert "Programs: Surgery" in surgery and "Faculty-wide" not in surgery and "I2 and One" not in surgery
    everything = tmp_path / "all.html"
    CliRunner().invoke(cli, ["report", *period, "--out", str(everything)], env=env, catch_exceptions=False)
    assert "Faculty-wide: every program" in everything.read_text(encoding="utf-8")
    unknown = CliRunner().invoke(cli, ["report", *period, "--program", "Dermatology"], env=env)
    assert unknown.exit_code == 2 and "Dermatology" in unknown.output


def test_a_surgery_coordinator_asking_for_internal_medicine_is_refused_and_audited(faculty: Harness) -> None:
    grant_both(faculty)
    files = len(faculty.slack.files())
    faculty.slack.slash_command(SURGEON, "/mentor", f"report Internal Medicine {PERIOD}")
    notice = faculty.slack.wait_for(lambda: faculty.slack.messages_to(SURGEON))[-1]
    assert "outside the programs you coordinate (Surgery)" in json.dumps(notice)
    assert len(faculty.slack.files()) == files
    assert refusals(faculty, SURGEON) == [("report", "Internal Medicine")]


def test_matching_proposals_stay_within_a_program_coordinators_programs(harness: Harness) -> None:
    from tests.test_authorization import forge_click
    from tests.test_matching_http import MENTEE, enrol, run_batch

    for name in ("Internal Medicine", "Surgery"):
        add_program(sessions=harness.deps.sessions, actor=COORDINATOR, name=name, now=harness.clock.now())
    harness.slack.add_user(EmulatedUser(id=SURGEON, name="surgeon", real_name="Dr. Sam Surgeon"))
    enrol(harness, MENTEE, "Riley Resident", as_mentee=True, stage="PGY-1", kinds_wanted=["research"])
    enrol(harness, "UFAC0002", "Dr. Ada Okafor", as_mentor=True, stage="associate_professor",
          kinds_offered=["research"], capacity_total=2)
    say(harness, COORDINATOR, f"coordinator add <@{SURGEON}> Surgery")
    harness.slack.slash_command(SURGEON, "/mentor", "match")  # the only request is Internal Medicine's
    notice = harness.slack.wait_for(lambda: harness.slack.messages_to(SURGEON))[-1]
    assert "no open requests" in json.dumps(notice)
    run_batch(harness)  # the faculty-wide coordinator's batch proposes it
    assert "Matching proposals (1)" in json.dumps(harness.slack.messages_to(COORDINATOR)[-1])
    for action_id, value in (("match_approve", "1"), ("match_reject", "1"), ("match_approve_all", "")):
        forge_click(harness, SURGEON, action_id, value or _batch_id(harness))
    harness.slack.wait_for(lambda: len([m for m in harness.slack.messages_to(SURGEON)
                                        if "outside the programs you coordinate" in json.dumps(m)]) == 3)
    assert refusals(harness, SURGEON) == [("match.review", "1")] * 3
    with harness.deps.sessions() as session:
        assert session.get(Proposal, 1).status == ProposalStatus.PENDING_REVIEW


def test_a_program_coordinator_cannot_swap_another_programs_proposal_by_button_or_forged_modal(
        harness: Harness) -> None:
    from tests.test_authorization import forge_click, forged_submission
    from tests.test_matching_http import MENTEE, enrol, run_batch

    for name in ("Internal Medicine", "Surgery"):
        add_program(sessions=harness.deps.sessions, actor=COORDINATOR, name=name, now=harness.clock.now())
    harness.slack.add_user(EmulatedUser(id=SURGEON, name="surgeon", real_name="Dr. Sam Surgeon"))
    enrol(harness, MENTEE, "Riley Resident", as_mentee=True, stage="PGY-1", kinds_wanted=["research"])
    for mentor, name in (("UFAC0002", "Dr. Ada Okafor"), ("UFAC0003", "Dr. Lee Park")):
        enrol(harness, mentor, name, as_mentor=True, stage="associate_professor", kinds_offered=["research"],
              capacity_total=2)
    say(harness, COORDINATOR, f"coordinator add <@{SURGEON}> Surgery")
    run_batch(harness)
    with harness.deps.sessions() as session:
        proposed = session.get(Proposal, 1).mentor_id
        other = "UFAC0003" if get_person(session=session, slack_user_id="UFAC0002").id == proposed else "UFAC0002"
    forge_click(harness, SURGEON, "match_swap", "1")
    harness.slack.wait_for(lambda: any("outside the programs you coordinate" in json.dumps(m)
                                       for m in harness.slack.messages_to(SURGEON)))
    assert harness.slack.open_modal(SURGEON) is None
    submission = forged_submission(SURGEON, "match_swap", [])
    submission["view"]["state"] = {"values": {"mentor": {"value": {"type": "static_select",
                                                                    "selected_option": {"value": other}}}}}
    answer = harness.slack.send_signed(urlencode({"payload": json.dumps(submission)}).encode(),
                                       "application/x-www-form-urlencoded")
    assert "outside the programs you coordinate (Surgery)" in json.dumps(answer.json)
    assert refusals(harness, SURGEON) == [("match.swap", "1")] * 2
    with harness.deps.sessions() as session:
        assert session.get(Proposal, 1).mentor_id == proposed
        assert session.get(Proposal, 1).status == ProposalStatus.PENDING_REVIEW


def _batch_id(harness: Harness) -> str:
    with harness.deps.sessions() as session:
        return str(session.get(Proposal, 1).batch_id)


def test_a_program_coordinators_roster_import_refuses_other_programs_rows_and_export_holds_only_theirs(
        faculty: Harness) -> None:
    grant_both(faculty)
    roster = ("slack_id,email,name,roles,program,stage,mentoring_wanted\n"
              "US1,,,mentee,Surgery,PGY-2,career\n"
              "UI1,,,mentee,Internal Medicine,PGY-3,career\n"  # someone of Internal Medicine
              "US2,,,mentee,Internal Medicine,PGY-3,career\n")  # moving a Surgery resident out
    faculty.slack.slash_command(SURGEON, "/mentor", "roster")
    faculty.slack.wait_for(lambda: faculty.slack.open_modal(SURGEON))
    faculty.slack.submit_view(SURGEON, {"csv": roster})
    report = json.dumps(faculty.slack.wait_for(lambda: faculty.slack.messages_to(SURGEON))[-1], ensure_ascii=False)
    assert "1 updated" in report and "2 rows were skipped" in report
    assert "row 3, `program`: Internal Medicine is outside the programs you coordinate (Surgery)" in report
    assert "row 4, `program`: Internal Medicine is outside the programs you coordinate (Surgery)" in report
    assert refusals(faculty, SURGEON) == [("roster.import_row", "UI1"), ("roster.import_row", "US2")]
    with faculty.deps.sessions() as session:
        assert get_person(session=session, slack_user_id="US2").program == "Surgery"
    faculty.slack.slash_command(SURGEON, "/mentor", "roster export")
    exported = faculty.slack.wait_for(lambda: faculty.slack.files())[-1]["content"].decode()
    assert "US1," in exported and "US4," in exported and "UI1," not in exported and "UP1," not in exported


def test_app_home_counts_are_the_program_coordinators_programs_only(faculty: Harness) -> None:
    grant_both(faculty)
    faculty.clock.set(REPORT_TIME)
    homes = {}
    for who in (COORDINATOR, SURGEON):
        faculty.slack.open_home(who)
        homes[who] = json.dumps(faculty.slack.wait_for(lambda: faculty.slack.home_view(who)), ensure_ascii=False)
    assert "*Program* (Faculty-wide)" in homes[COORDINATOR]
    assert "*Program* (Surgery)\\nEnrolled: *5* (5 mentees, 0 mentors)" in homes[SURGEON]
    assert "(5 mentees, " not in homes[COORDINATOR]


@pytest.mark.parametrize("text", ["settings", "tags add x", "programs", "event", "recognition"])
def test_faculty_wide_surfaces_are_refused_to_a_program_coordinator_and_audited(faculty: Harness, text: str) -> None:
    grant_both(faculty)
    assert "only faculty-wide coordinators" in say(faculty, SURGEON, text)
    assert refusals(faculty, SURGEON) == [(f"command.{text.split()[0]}", "faculty-wide")]
    assert "only faculty-wide coordinators" not in say(faculty, COORDINATOR, text)


def test_a_program_coordinator_ends_only_their_programs_matches(faculty: Harness) -> None:
    from storage.tables import Match

    grant_both(faculty)
    for seeded in ("UI1", "UONE", "US1", "UTWO"):
        faculty.slack.add_user(EmulatedUser(id=seeded, name=seeded.lower(), real_name=seeded))
    faculty.slack.slash_command(SURGEON, "/mentor", "end <@UI1> <@UONE>")  # an Internal Medicine match
    faculty.slack.wait_for(lambda: any("outside the programs you coordinate (Surgery)" in m["text"]
                                       for m in faculty.slack.messages_to(SURGEON)))
    assert not faculty.slack.ephemerals_to(SURGEON)  # no "Ended" for a refusal
    assert refusals(faculty, SURGEON) == [("match.end", "1")]
    faculty.slack.slash_command(SURGEON, "/mentor", "end <@US1> <@UTWO>")  # the Surgery resident's match
    assert "Ended 1 match;" in faculty.slack.ephemerals_to(SURGEON)[-1]["text"]
    with faculty.deps.sessions() as session:
        assert {session.get(Match, 1).status, session.get(Match, 6).status} == {"active", "ended"}
    assert "Ended 1 match;" in say(faculty, COORDINATOR, "end <@UI1> <@UONE>")  # faculty-wide: any match


def test_each_coordinator_s_weekly_digest_holds_their_programs_pairs_only(faculty: Harness) -> None:
    from bot.alerts import send_weekly_digests
    from storage.tables import Alert

    grant_both(faculty)
    with transaction(faculty.deps.sessions) as session:  # open: Internal Medicine's I2 and One (seeded), and now
        session.add(Alert(kind="quiet_pair", subject_id=6, match_id=6, raised_on=REPORT_TIME.date()))  # S1 and Two
    monday = datetime(2026, 12, 14, 18, tzinfo=UTC)  # 11:00 in Edmonton
    send_weekly_digests(faculty.deps, monday)
    with faculty.deps.sessions() as session:
        digests = {m.recipient: json.dumps(m.payload, ensure_ascii=False)
                   for m in session.exec(select(OutboxMessage).where(OutboxMessage.purpose == "digest"))}
    assert set(digests) == {COORDINATOR, SURGEON, INTERNIST}
    assert "I2" in digests[COORDINATOR] and "S1" in digests[COORDINATOR]
    assert "S1" in digests[SURGEON] and "I2" not in digests[SURGEON]
    assert "I2" in digests[INTERNIST] and "S1" not in digests[INTERNIST]


def test_a_program_coordinator_nudges_only_their_programs_pairs(faculty: Harness) -> None:
    from tests.test_authorization import forge_click
    from storage.tables import Alert

    grant_both(faculty)
    with faculty.deps.sessions() as session:
        internal = session.exec(select(Alert).where(Alert.resolved_at.is_(None))).one()  # I2 and One's
    forge_click(faculty, SURGEON, "alert_nudge", str(internal.id))
    faculty.slack.wait_for(lambda: any("outside the programs you coordinate (Surgery)" in m["text"]
                                       for m in faculty.slack.messages_to(SURGEON)))
    assert refusals(faculty, SURGEON) == [("alert.nudge", str(internal.id))]
    with faculty.deps.sessions() as session:
        assert session.get(Alert, internal.id).nudged_at == internal.nudged_at


def test_merging_a_program_keeps_its_coordinators_scoped_to_the_merged_one(faculty: Harness) -> None:
    grant_both(faculty)
    say(faculty, COORDINATOR, 'programs merge Surgery "Internal Medicine"')
    listing = say(faculty, COORDINATOR, "coordinator")
    assert f"<@{SURGEON}>: Internal Medicine" in listing and f"<@{SURGEON}>: faculty-wide" not in listing


def test_notices_about_a_program_reach_its_coordinators_and_the_faculty_wide_ones_only(faculty: Harness) -> None:
    from storage.queries.coordinators import coordinators_covering

    grant_both(faculty)
    with faculty.deps.sessions() as session:
        def told(*programs: str | None) -> set[str]:
            return {p.slack_user_id for p in coordinators_covering(session=session, programs=list(programs))}

        assert told("Internal Medicine") == {COORDINATOR, INTERNIST}
        assert told("Surgery", "Internal Medicine") == {COORDINATOR, INTERNIST, SURGEON}  # a cross-program match
        assert told(None) == {COORDINATOR}
