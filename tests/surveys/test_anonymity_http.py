"""Anonymity, proved structurally: after an anonymous round answered through Slack, no table row (with the rows
it references), export line, log line or Web API call holds both a respondent (Slack user id or person id) and
any of their answers."""

from __future__ import annotations

import json
import re
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import MetaData, select, text
from sqlalchemy.exc import OperationalError
from typer.testing import CliRunner

from bot.cli import cli
from bot.clock import ManualClock
from bot.emulator import SlackEmulator
from storage.queries.people import get_person
from tests.conftest import BOT_TOKEN, COORDINATOR, SIGNING_SECRET, WORKSPACE, Harness, running_app
from tests.databases import DatabaseMaker, is_postgres
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


def answer_a_round(harness: Harness) -> Harness:
    """Six residents answer the anonymous round through Slack (each answer unique to its respondent); it stays open."""
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
    return harness


class EveryRecord(logging.Handler):
    """Every log record of every logger at every level: what a verbose production log would hold."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.format(record)  # sets exc_text, as a production log line would carry the traceback
        self.records.append(record)


@dataclass
class AnsweredRound:
    """One round answered and then closed, shared by the module's tests, which only read it: the app (closed round),
    every table row while the round was still open, and every log record since the first answer's setup."""

    harness: Harness
    open_rows: list[tuple[Row, list[Row]]]
    log: EveryRecord


@pytest.fixture(scope="module")
def answered(database_maker: DatabaseMaker) -> Iterator[AnsweredRound]:
    root = logging.getLogger()
    log, level = EveryRecord(), root.level
    root.addHandler(log)
    root.setLevel(logging.DEBUG)
    try:
        with SlackEmulator(bot_token=BOT_TOKEN, signing_secret=SIGNING_SECRET).start() as slack, \
                database_maker.fresh() as url, running_app(slack, url, ManualClock(at(2026, 10, 1, 12))) as harness:
            for user in WORKSPACE:
                slack.add_user(user)
            answer_a_round(harness)
            open_rows = table_rows(harness)
            tick(harness, at(2026, 10, 12, 12))  # closed
            harness.slack.slash_command(COORDINATOR, "/mentor", "survey results 1")
            harness.slack.wait_for(lambda: harness.slack.files(), timeout=30)  # charts: matplotlib's first import
            yield AnsweredRound(harness, open_rows, log)
            assert slack.refusals() == [], f"Slack would have refused: {slack.refusals()}"
    finally:
        root.removeHandler(log)
        root.setLevel(level)


@pytest.fixture
def answered_round(answered: AnsweredRound) -> Harness:
    return answered.harness


@pytest.fixture
def answered_open_round(harness: Harness) -> Harness:
    return answer_a_round(harness)


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


def test_no_export_log_line_or_slack_call_holds_a_respondent_and_their_answers(answered: AnsweredRound) -> None:
    answered_round = answered.harness
    env = {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET,
           "SLACK_API_URL": answered_round.slack.api_url, "DATABASE_URL": answered_round.settings.database_url}
    exports = [CliRunner().invoke(cli, ["survey", "results", "1", "--format", form], env=env).output
               for form in ("csv", "json")]
    uploads = [f["content"].decode(errors="replace") for f in answered_round.slack.files()]
    assert all(f"marker-{CODES[0]}-0" in text for text in exports)  # free text is reported, in aggregate
    for text in exports + uploads:
        assert not any(slack_id in text for slack_id, _, _ in respondents())
    lines = [r.getMessage() + (r.exc_text or "") for r in answered.log.records]
    lines += [json.dumps({"method": c.method, "params": c.params, "response": c.response}, default=str)
              for c in answered_round.slack.calls()]
    assert len(lines) > 50 and any("UANON0000" in line for line in lines)  # the capture really saw the traffic
    for slack_id, chosen, marker in respondents():
        for line in lines:
            assert not (slack_id in line and holds_answer(line, chosen, marker)), f"{slack_id} linked in: {line[:400]}"


def test_the_has_responded_record_has_no_time_and_answers_have_only_the_week(answered_round: Harness) -> None:
    rows = table_rows(answered_round)
    recipients = [row for (table, row), _ in rows if table == "survey_recipient"]
    assert {tuple(sorted(row)) for row in recipients} == {("id", "person_id", "reminded", "responded", "round_id",
                                                           "subject", "tenant_id")}  # the same for everyone
    responses = [row for (table, row), _ in rows if table == "anonymous_response"]
    assert {str(row["week_of"]) for row in responses} == {"2026-10-05"}  # the Monday; never the moment
    assert all(len(row["id"]) == 32 for row in responses)  # random ids: no order to line up with anything


HEX_RUN = re.compile(r"[0-9a-f]{16,}")
TRIGGER_KEY = re.compile(r"(command|interaction):[0-9.]+\.[0-9a-f]+")  # Slack's trigger ids: random, not derived
RANDOM_KEYS = {("anonymous_response", "id"), ("anonymous_answer", "id"), ("anonymous_answer", "response_id")}


def test_nothing_stored_is_a_digest_or_a_moment_of_an_answer(answered: AnsweredRound) -> None:
    """A hash of what was entered could be reversed by hashing every possible choice; a submission's exact time
    could be lined up with the order answers arrived in (both checked while the round is open: the
    duplicate-delivery records are purged after a day)."""
    for (table, row), _ in answered.open_rows:
        for column, value in row.items():
            if (table, column) not in RANDOM_KEYS and not TRIGGER_KEY.fullmatch(str(value)):
                assert not HEX_RUN.search(str(value)), f"{table}.{column} holds what may be a digest: {value}"
    seen = [row for (table, row), _ in answered.open_rows if table == "processed_request"
            and row["key"].startswith("view:")]
    assert len(seen) == len(respondents())
    assert all(re.fullmatch(r"view:[A-Za-z0-9]+", row["key"]) for row in seen)
    assert all(row["seen_at"].minute == row["seen_at"].second == 0 for row in seen)


def test_anonymous_rows_keep_no_order_of_arrival(answered_round: Harness) -> None:
    """Stored order (SQLite's rowid, PostgreSQL's physical order and transaction ids) follows the random ids."""
    with answered_round.deps.engine.connect() as connection:
        for table in ("anonymous_response", "anonymous_answer"):
            if is_postgres():
                rows = connection.execute(text(f"SELECT id, xmin::text FROM {table} ORDER BY ctid")).all()
                assert len({xmin for _, xmin in rows}) == 1, f"{table} rows carry the transactions that wrote them"
            else:
                with pytest.raises(OperationalError):
                    connection.execute(text(f"SELECT rowid FROM {table}"))
                rows = connection.execute(text(f"SELECT * FROM {table} NOT INDEXED")).all()  # storage order
            assert [row[0] for row in rows] == sorted(row[0] for row in rows)
    assert len(rows) == len(respondents()) * 3


@pytest.mark.skipif(not is_postgres(), reason="transaction ids (xmin) are PostgreSQL's")
def test_no_transaction_id_joins_a_has_responded_flag_to_answers(answered_open_round: Harness) -> None:
    def xmins(table: str, where: str = "") -> list[str]:
        with answered_open_round.deps.engine.connect() as connection:
            return [row[0] for row in connection.execute(text(f"SELECT xmin::text FROM {table} {where}"))]

    for moment in ("open", "closed"):
        flags = xmins("survey_recipient", "WHERE responded")
        assert len(flags) == len(respondents()) and len(set(flags)) == 1, f"{moment}: flags carry who answered when"
        for table in ("anonymous_response", "anonymous_answer", "outbox_message"):
            assert not set(flags) & set(xmins(table)) or table == "outbox_message" and moment == "closed", \
                f"{moment}: {table} shares a transaction with has-responded flags"
        tick(answered_open_round, at(2026, 10, 12, 12))
