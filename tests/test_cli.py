"""The `mentorbot` command line, run in-process with the emulator as Slack."""

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import cli
from storage.engine import make_engine, session_factory
from storage.queries.people import get_person
from tests.conftest import BOT_TOKEN, SIGNING_SECRET

EXAMPLE = Path(__file__).parents[1] / "bot" / "examples" / "roster.csv"


@pytest.fixture
def run(emulator, database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.chdir(tmp_path)
    env = {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": emulator.api_url,
           "DATABASE_URL": database_url}

    def invoke(*args: str, **extra_env: str):
        return CliRunner().invoke(cli, list(args), env={**env, **extra_env}, catch_exceptions=False)

    return invoke


def test_roster_import_reports_bad_rows_and_exits_1(run, tmp_path: Path, database_url: str) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("slack_id,email,roles,program,stage,mentoring_wanted\n"
                      ",riley@example.org,mentee,Internal Medicine,PGY-1,career\n"
                      ",riley@example.org,mentee,Internal Medicine,PGY-1,career\n"
                      "URES0002,,mentee,Surgery,PGY-12,career\n")
    result = run("roster", "import", str(roster))
    assert result.exit_code == 1
    assert f"{roster}:3: email: duplicate person: same as row 2" in result.output
    assert f"{roster}:4: stage: unknown stage 'PGY-12'" in result.output
    assert "1 created, 0 updated, 0 unchanged; 2 rows were skipped with errors." in result.output
    with session_factory(make_engine(database_url))() as session:
        assert get_person(session=session, slack_user_id="URES0001").timezone == "America/Toronto"


def test_roster_dry_run_then_import_then_export_round_trip(run, tmp_path: Path, emulator) -> None:
    from bot.emulator import EmulatedUser

    for line in EXAMPLE.read_text().splitlines()[1:]:
        slack_id, email, name = line.split(",")[:3]
        emulator.add_user(EmulatedUser(id=slack_id, name=name, real_name=name, email=email))
    dry = run("roster", "import", str(EXAMPLE), "--dry-run")
    assert dry.exit_code == 0 and "Dry run: 6 created" in dry.output
    assert run("roster", "import", str(EXAMPLE)).exit_code == 0
    exported = tmp_path / "export.csv"
    assert run("roster", "export", "--out", str(exported)).exit_code == 0
    again = run("roster", "import", str(exported))
    assert "0 created, 0 updated, 6 unchanged" in again.output


def test_missing_token_stops_with_one_line(run) -> None:
    result = run("roster", "import", str(EXAMPLE), SLACK_BOT_TOKEN="")
    assert result.exit_code == 2
    assert result.output.strip() == "SLACK_BOT_TOKEN is malformed: must be a bot token starting with xoxb-"


def test_serve_needs_the_signing_secret_that_socket_mode_does_not(run) -> None:
    result = run("serve", SLACK_SIGNING_SECRET="")
    assert result.exit_code != 0
    assert "SLACK_SIGNING_SECRET is not set" in result.output


def test_serve_refuses_an_unmigrated_database(run, tmp_path: Path) -> None:
    result = run("serve", "--port", "0", DATABASE_URL=f"sqlite:///{tmp_path}/empty.db")
    assert result.exit_code == 2
    assert "run `mentorbot db upgrade` first" in result.output


def test_db_upgrade_then_current(run, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/new.db"
    assert "Database at revision" in run("db", "upgrade", DATABASE_URL=url).output
    assert "up to date" in run("db", "current", DATABASE_URL=url).output


def test_match_dry_run_prints_proposals_and_stores_nothing_then_real_run_sends_review(run, emulator) -> None:
    from bot.emulator import EmulatedUser

    for line in EXAMPLE.read_text().splitlines()[1:]:
        slack_id, email, name = line.split(",")[:3]
        emulator.add_user(EmulatedUser(id=slack_id, name=name, real_name=name, email=email))
    assert run("roster", "import", str(EXAMPLE)).exit_code == 0
    dry = run("match", "--dry-run", MENTORBOT_COORDINATORS="UCOORD01")
    assert dry.exit_code == 0, dry.output
    assert "Dr. Riley Chen <- Dr. Ada Okafor (career, fit" in dry.output
    assert "(dry run: nothing stored or sent)" in dry.output
    again = run("match", "--dry-run", MENTORBOT_COORDINATORS="UCOORD01")
    assert again.output == dry.output  # nothing was stored, and the optimiser is deterministic
    assert emulator.messages_to("UCOORD01") == []
    real = run("match", MENTORBOT_COORDINATORS="UCOORD01")
    assert "sent to coordinators for review" in real.output
    assert "Matching proposals" in emulator.messages_to("UCOORD01")[-1]["text"] + str(emulator.messages_to("UCOORD01")[-1]["blocks"])


def test_jobs_run_due_checks_its_instant_and_runs_every_step(run) -> None:
    bad = run("jobs", "run-due", "--now", "next tuesday")
    assert bad.exit_code == 2 and "--now must be an ISO 8601 instant" in bad.output
    naive = run("jobs", "run-due", "--now", "2026-09-01T09:30:00")
    assert naive.exit_code == 2 and "needs a timezone offset" in naive.output
    ok = run("jobs", "run-due", "--now", "2026-09-01T09:30:00-06:00")
    assert ok.exit_code == 0 and "ran every step at 2026-09-01T09:30:00-06:00" in ok.output
    listed = run("jobs", "list")
    assert "each tick runs: matching.expire_consents, checkins.send" in listed.output


def test_settings_set_validates_and_dates_each_change(run) -> None:
    assert "reminder_after_hours = 72" in run("settings", "show").output
    bad = run("settings", "set", "reminder_after_hours", "soon")
    assert bad.exit_code == 2 and "must be a whole number from 4 to 336" in bad.output
    assert run("settings", "set", "working_hours", "08:00-16:00").output.strip() == "working_hours = 08:00-16:00"
    assert "(unchanged)" in run("settings", "set", "working_hours", "08:00-16:00").output
    assert "unknown" in run("settings", "set", "colour", "blue").output.lower()


def test_resources_are_added_listed_and_removed_from_the_command_line(run) -> None:
    refused = run("resources", "add", "Guide", "ftp://files.example/guide", "--kind", "astrology")
    assert refused.exit_code == 2 and "url: A link must be a web address" in refused.output
    assert "kinds: Unknown kind of mentoring: astrology." in refused.output
    added = run("resources", "add", "Research guide", "https://med.example.org/guide", "--kind", "research",
                "--stage", "PGY-1", "--program", "Internal Medicine")
    assert added.exit_code == 0 and added.output.startswith("Added resource ")
    resource_id = added.output.split()[2].rstrip(":")
    listed = run("resources", "list").output
    assert f"{resource_id}\tResearch guide\thttps://med.example.org/guide\tresearch · PGY-1 · Internal Medicine" in listed
    assert run("resources", "remove", resource_id).exit_code == 0
    again = run("resources", "remove", resource_id)
    assert again.exit_code == 2 and "already removed" in again.output
    assert run("resources", "list").output == ""


def test_the_program_registry_from_the_command_line(run) -> None:
    assert run("programs", "add", "Internal Medicine").output == "Registered “Internal Medicine”.\n"
    assert run("programs", "alias", "internal medicine", "IM").exit_code == 0
    refused = run("programs", "add", "INTERNAL medicine")
    assert refused.exit_code == 2 and "already registered (as “Internal Medicine”)" in refused.output
    unknown = run("programs", "rename", "Internal Medecine", "GIM")
    assert unknown.exit_code == 2 and "Did you mean “Internal Medicine”?" in unknown.output
    assert run("programs", "rename", "IM", "General Internal Medicine").exit_code == 0
    assert run("programs", "list").output == "General Internal Medicine\t0 people\tim, internal medicine\n"


def test_socket_mode_refuses_oauth_installs(run) -> None:
    result = run("socket", SLACK_BOT_TOKEN=None, SLACK_APP_TOKEN="xapp-1-a", SLACK_CLIENT_ID="1.2",
                 SLACK_CLIENT_SECRET="s", SLACK_REDIRECT_URI="https://mentorbot.example.org/slack/oauth_redirect")
    assert result.exit_code != 0
    assert "OAuth installs need `mentorbot serve`" in result.output
