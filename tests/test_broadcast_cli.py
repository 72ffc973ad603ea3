"""`mentorbot announce` and `mentorbot outbox work`, run in-process with the emulator as Slack."""

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from bot.cli import cli
from bot.emulator import SlackEmulator
from bot.profiles import ProfileBase, SlackIdentity, save_profile
from storage.engine import SessionFactory, make_engine, session_factory, transaction
from storage.tables import Broadcast
from tests.conftest import BOT_TOKEN, COORDINATOR, SIGNING_SECRET

MENTEES = ("URES0001", "URES0002")


@pytest.fixture
def sessions(database_url: str) -> SessionFactory:
    """The test database, with two mentees enrolled."""
    factory = session_factory(make_engine(database_url))
    for slack_id in MENTEES:
        with transaction(factory) as session:
            save_profile(session=session, who=SlackIdentity(slack_id, slack_id, None, "America/Toronto"),
                         profile=ProfileBase(as_mentee=True, program="Internal Medicine", stage="PGY-1",
                                              kinds_wanted=["career"]), now=datetime.now(UTC))
    return factory


@pytest.fixture
def run(emulator: SlackEmulator, database_url: str, sessions: SessionFactory, monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path):
    monkeypatch.chdir(tmp_path)
    env = {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": emulator.api_url,
           "DATABASE_URL": database_url, "MENTORBOT_COORDINATORS": COORDINATOR}

    def invoke(*args: str, answer: str = ""):
        return CliRunner().invoke(cli, list(args), env=env, input=answer, catch_exceptions=False)

    return invoke


def test_announce_previews_asks_then_sends_with_a_progress_bar(run, emulator: SlackEmulator) -> None:
    result = run("announce", "--to", "mentees", "--text", "Exam prep on *Friday*.", "--button",
                 "Agenda | https://example.org/agenda", answer="y\n")
    assert result.exit_code == 0, result.output
    for expected in ("Exam prep on *Friday*.", "[Agenda] -> https://example.org/agenda", "To: All mentees: 2 people",
                     "When: Now", "Send to 2 people? [y/N]", "Announcement #1 done: 2 delivered, 0 not delivered."):
        assert expected in result.output
    for mentee in MENTEES:
        (received,) = emulator.messages_to(mentee)
        assert received["text"] == "Exam prep on *Friday*." and f"<@{COORDINATOR}>" in str(received["blocks"])
    assert "Done: *2 sent*" in str(emulator.messages_to(COORDINATOR)[0]["blocks"])  # its status message, updated


def test_announce_explains_bad_input_and_a_no_sends_nothing(run, emulator: SlackEmulator,
                                                             sessions: SessionFactory) -> None:
    nobody = run("announce", "--to", "program:Dermatology", "--text", "Hi", "--yes")
    assert nobody.exit_code == 1 and "No one is in that audience right now (everyone in dermatology)" in nobody.output
    bad_time = run("announce", "--to", "everyone", "--text", "Hi", "--at", "tomorrow 9am")
    assert bad_time.exit_code == 1 and "--at must look like 2026-09-08 09:00 (got 'tomorrow 9am')" in bad_time.output
    declined = run("announce", "--to", "everyone", "--text", "Hi", answer="n\n")
    assert declined.exit_code == 1 and "Aborted" in declined.output
    assert all(emulator.messages_to(mentee) == [] for mentee in MENTEES)
    with sessions() as session:
        assert [b.status for b in session.exec(select(Broadcast))] == ["draft"]  # the unconfirmed draft sends nothing


def test_a_scheduled_announcement_waits_for_its_time_in_the_outbox(run, emulator: SlackEmulator) -> None:
    when = (date.today() + timedelta(days=2)).isoformat() + " 09:00"
    result = run("announce", "--to", "everyone", "--text", "See you Tuesday", "--at", when, "--their-time", "--yes")
    assert result.exit_code == 0 and "is scheduled" in result.output
    worked = run("outbox", "work", "--until-idle")
    assert worked.exit_code == 0 and "outbox: 0 sent" in worked.output
    assert all(emulator.messages_to(mentee) == [] for mentee in MENTEES)
