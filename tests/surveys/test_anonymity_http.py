"""Anonymity, proved structurally: after an anonymous round answered through Slack, no table row (with the rows
it references), export line, log line or Web API call holds both a respondent (Slack user id or person id) and
any of their answers."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from sqlalchemy import MetaData, select
from typer.testing import CliRunner

from bot.cli import cli
from storage.queries.people import get_person
from tests.conftest import BOT_TOKEN, COORDINATOR, SIGNING_SECRET, Harness
from tests.surveys.helpers import at, define, dms, enrol, tick

CODES = ("alpha", "bravo", "charlie", "delta", "echo", "foxtrot")
SURVEY = {
    "key": "anonymous-pulse", "title": "Anonymous pulse", "kind": "wellbeing", "anonymous": True, "audience": "mentees",
    "schedule": {"once": "2026-10-06", "open_days": 5},
    "questions": [
        {"key": "code", "type": "single", "text": "Pick your code word",
         "options": [{"value": f"opt-{code}", "label": f"Code {code}"} for code in CODES]},
        {"key": "secret", "type": "text", "text": "Say something only you would say"},
        {"key": "wellbeing", "type": "likert", "scale": "agreement7", "text": "I am well."},
    ],
}
PERSON_COLUMNS = ("person_id", "mentee_id", "mentor_id")  # columns that hold a person's id


def respondents() -> list[tuple[str, str, str]]:
    """(Slack id, chosen option, free-text marker) for each respondent: every answer is unique to them."""
    return [(f"UANON{n:04d}", f"opt-{code}", f"marker-{code}-{n * 7919}") for n, code in enumerate(CODES)]


def holds_answer(text: str, chosen: str, marker: str) -> bool:
    """A line holds an answer if it has the person's free text, or singles out their option from the others."""
    others = [f"opt-{code}" for code in CODES if f"opt-{code}" != chosen]
    return marker in text or (chosen in text and not all(other in text for other in others))


Row = tuple[str, dict[str, Any]]


def table_rows(harness: Harness) -> list[tuple[Row, list[Row]]]:
    """Every row of every table, each with the rows it references through foreign keys (transitively):
    what one query could join to it without guessing."""
    metadata = MetaData()
    metadata.reflect(bind=harness.deps.engine)
    with harness.deps.engine.connect() as connection:
        rows = {table.name: [dict(row._mapping) for row in connection.execute(select(table))]
                for table in metadata.sorted_tables}

    def parents(table_name: str, row: dict[str, Any], seen: set[str]) -> list[Row]:
        found = []
        for fk in metadata.tables[table_name].foreign_keys:
            target = fk.column.table.name
            if row.get(fk.parent.name) is None or target in seen:
                continue
            for parent in (r for r in rows[target] if r[fk.column.name] == row[fk.parent.name]):
                found += [(target, parent), *parents(target, parent, seen | {target})]
        return found

    return [((name, row), parents(name, row, {name})) for name, table_rows in rows.items() for row in table_rows]


def names_person(table: str, row: dict[str, Any], slack_id: str, person_id: int) -> bool:
    by_id = any(row.get(column) == person_id for column in PERSON_COLUMNS) or (table == "person" and row["id"] == person_id)
    return by_id or any(slack_id in str(value) for value in row.values())


@pytest.fixture
def answered_round(harness: Harness, caplog: pytest.LogCaptureFixture) -> Harness:
    caplog.set_level(logging.DEBUG)  # every logger, every level: what a verbose production log would hold
    harness.clock.set(at(2026, 10, 1, 12))
    for slack_id, _, _ in respondents():
        enrol(harness, slack_id, f"Resident {slack_id}", tz="America/Toronto")
    define(harness, SURVEY)
    tick(harness, at(2026, 10, 6, 16))
    for slack_id, chosen, marker in respondents():
        harness.slack.click(slack_id, "survey_open")
        harness.slack.wait_for(lambda: harness.slack.open_modal(slack_id))
        harness.slack.submit_view(slack_id, {"q_code": chosen, "q_secret": marker, "q_wellbeing": "5"})
        harness.slack.wait_for(lambda: "recorded anonymously" in dms(harness, slack_id)[-1])
    tick(harness, at(2026, 10, 12, 12))  # closed
    harness.slack.slash_command(COORDINATOR, "/mentor", "survey results 1")
    harness.slack.wait_for(lambda: harness.slack.files())
    return harness


def test_no_table_row_holds_a_respondent_and_their_answers(answered_round: Harness) -> None:
    rows = table_rows(answered_round)
    assert {"anonymous_answer", "survey_recipient", "person"} <= {table for (table, _), _ in rows}
    with answered_round.deps.sessions() as session:
        person_ids = {slack_id: get_person(session=session, slack_user_id=slack_id).id for slack_id, _, _ in respondents()}
    for slack_id, chosen, marker in respondents():
        for (table, row), referenced in rows:
            linked = [(table, row), *referenced]
            text = json.dumps(linked, default=str)
            assert not (any(names_person(t, r, slack_id, person_ids[slack_id]) for t, r in linked)
                        and holds_answer(text, chosen, marker)), f"a {table} row links {slack_id} to an answer: {text}"
    answers = {str(row["value"]) for (table, row), _ in rows if table == "anonymous_answer"}
    assert {marker for _, _, marker in respondents()} <= answers  # the answers are there, just not linkable


def test_no_export_log_line_or_slack_call_holds_a_respondent_and_their_answers(
        answered_round: Harness, caplog: pytest.LogCaptureFixture) -> None:
    env = {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET,
           "SLACK_API_URL": answered_round.slack.api_url, "DATABASE_URL": answered_round.settings.database_url}
    exports = [CliRunner().invoke(cli, ["survey", "results", "1", "--format", form], env=env).output
               for form in ("csv", "json")]
    uploads = [f["content"].decode(errors="replace") for f in answered_round.slack.files()]
    assert all(f"marker-{CODES[0]}-0" in text for text in exports)  # free text is reported, in aggregate
    for text in exports + uploads:
        assert not any(slack_id in text for slack_id, _, _ in respondents())
    lines = [r.getMessage() + (r.exc_text or "") for phase in ("setup", "call") for r in caplog.get_records(phase)]
    lines += [json.dumps({"method": c.method, "params": c.params, "response": c.response}, default=str)
              for c in answered_round.slack.calls()]
    assert len(lines) > 100 and any("UANON0000" in line for line in lines)  # the capture really saw the traffic
    for slack_id, chosen, marker in respondents():
        for line in lines:
            assert not (slack_id in line and holds_answer(line, chosen, marker)), f"{slack_id} linked in: {line[:400]}"


def test_the_has_responded_record_has_no_time_and_answers_have_only_the_week(answered_round: Harness) -> None:
    rows = table_rows(answered_round)
    recipients = [row for (table, row), _ in rows if table == "survey_recipient"]
    assert {tuple(sorted(row)) for row in recipients} == {("id", "person_id", "reminded", "responded", "round_id",
                                                           "subject")}
    responses = [row for (table, row), _ in rows if table == "anonymous_response"]
    assert {str(row["week_of"]) for row in responses} == {"2026-10-05"}  # the Monday; never the moment
    assert all(len(row["id"]) == 32 for row in responses)  # random ids: no order to line up with anything
