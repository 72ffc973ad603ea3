"""A mentor has 72 hours (the program's setting) to answer: the real scheduled step, not a re-implementation."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from bot.jobs import run_due
from storage.tables import Proposal
from tests.conftest import COORDINATOR, Harness
from tests.test_matching_http import LEE, OKAFOR, consent_message_recorded, dms, program, run_batch  # noqa: F401


def asked(harness: Harness):  # type: ignore[no-untyped-def]
    run_batch(harness)
    harness.slack.click(COORDINATOR, "match_approve_all")
    harness.slack.wait_for(lambda: harness.slack.messages_to(OKAFOR))
    harness.slack.wait_for(lambda: consent_message_recorded(harness))
    with harness.deps.sessions() as session:
        return session.exec(select(Proposal.asked_at).where(Proposal.status == "awaiting_mentor")).one()


def statuses(harness: Harness) -> list[str]:
    with harness.deps.sessions() as session:
        return [p.status for p in session.exec(select(Proposal).order_by(Proposal.id))]


def test_the_scheduled_step_lets_72_hours_pass_then_asks_the_next_mentor(program: Harness) -> None:  # noqa: F811
    asked_at = asked(program)
    run_due(program.deps, asked_at + timedelta(hours=71, minutes=59))
    assert statuses(program) == ["awaiting_mentor"] and program.slack.messages_to(LEE) == []
    run_due(program.deps, asked_at + timedelta(hours=72, minutes=1))
    assert statuses(program) == ["expired", "awaiting_mentor"]
    assert "has lapsed" in dms(program, OKAFOR)[-1]
    assert "Would you be a *research* mentor" in program.slack.wait_for(lambda: dms(program, LEE))[-1]


def test_the_program_setting_changes_the_time_to_answer(program: Harness) -> None:  # noqa: F811
    program.slack.slash_command(COORDINATOR, "/mentor", "settings consent_timeout_hours 24")
    program.slack.wait_for(lambda: program.slack.ephemerals_to(COORDINATOR))
    asked_at = asked(program)
    run_due(program.deps, asked_at + timedelta(hours=23, minutes=59))
    assert statuses(program) == ["awaiting_mentor"]
    run_due(program.deps, asked_at + timedelta(hours=24, minutes=1))
    assert statuses(program)[0] == "expired"
