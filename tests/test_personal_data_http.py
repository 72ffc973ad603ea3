"""`/mentor my-data` holds every row that references the person, and retention leaves no identifier of a
departed person in any column of any table. Both scan the whole schema, so a new table is covered too."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import MetaData, select

from bot.jobs import run_due
from storage.engine import transaction
from storage.queries.people import get_person
from sqlmodel import select as sqlmodel_select

from bot.flows.scheduling import find_time_for
from storage.tables import Match
from tests.conftest import Harness
from tests.scheduling.helpers import set_availability
from tests.test_checkins_http import EDMONTON, TORONTO, pairs, tick  # noqa: F401 (fixture)

MY_DATA_SECTIONS = {  # table -> where its rows appear in my-data (by id)
    "goal": "goals", "match_request": "match_requests", "proposal": "proposals", "mentor_match": "matches",
    "meeting": "meetings", "checkin": "check_ins", "outbox_message": "messages", "audit_event": "activity_log",
    "scheduled_meeting": "scheduled_meetings",
    "agreement": "agreements", "match_prompt": "pulse_and_review_answers", "development_plan": "development_plans",
    "flash_conversation": "flash_conversations",
    "circle_member": "circle_themes_joined", "circle_seat": "circle_seats", "circle_checkin": "circle_checkins",
}
SHOWN_OTHERWISE = {  # tables whose rows about the person reach my-data another way, and how
    "person": "the person section", "mentee_profile": "the profile", "mentor_profile": "the profile",
    "identity_profile": "the profile", "goal_update": "each goal's updates", "survey_recipient": "surveys",
    "survey_named_answer": "surveys", "conflict_of_interest": "conflicts_of_interest", "availability": "availability",
    "flash_offer": "flash_offer",
    "outbox_file": "messages (the file's outbox row; its bytes are deleted once shared)",
}


FLASH_MENTOR = "UFAC0009"


def a_flash_conversation(harness: Harness) -> None:
    """Riley asks for a flash conversation on global health; a second mentor who offers them says yes."""
    from bot.emulator import EmulatedUser
    from tests.test_checkins_http import enrol

    slack = harness.slack
    slack.add_user(EmulatedUser(id=FLASH_MENTOR, name="okoro", real_name="Dr. Nia Okoro"))
    enrol(harness, FLASH_MENTOR, "America/Edmonton", as_mentor=True, stage="professor", kinds_offered=["career"],
          expertise=["global health"], capacity_total=1)
    slack.slash_command(FLASH_MENTOR, "/mentor", "flash offer 1")
    slack.wait_for(lambda: slack.ephemerals_to(FLASH_MENTOR))
    slack.slash_command(TORONTO, "/mentor", "flash global health")
    slack.wait_for(lambda: slack.messages_to(FLASH_MENTOR))
    slack.click(FLASH_MENTOR, "flash_accept")
    slack.wait_for(lambda: [c for c in slack.calls("conversations.open")
                            if c.params.get("users") == f"{TORONTO},{FLASH_MENTOR}"])


def a_circle(harness: Harness) -> None:
    """Riley joins a peer circle of four (no facilitator), approved at once; its first check-in comes with the
    pair's on 13 March (`tick`)."""
    from bot.emulator import EmulatedUser
    from tests.conftest import COORDINATOR
    from tests.test_checkins_http import LONDON, enrol

    slack = harness.slack
    for slack_id in ("URES0031", "URES0032"):
        slack.add_user(EmulatedUser(id=slack_id, name=slack_id.lower(), real_name=f"Resident {slack_id[-2:]}"))
        enrol(harness, slack_id, "America/Edmonton", as_mentee=True, stage="PGY-3", kinds_wanted=["career"])
    slack.slash_command(COORDINATOR, "/mentor", "circle theme 4-4 14 Residents wellbeing")
    created = json.dumps(slack.wait_for(lambda: slack.ephemerals_to(COORDINATOR))[-1])
    theme_id = int(created.split("Theme ")[1].split(" ")[0])
    for slack_id in (TORONTO, LONDON, "URES0031", "URES0032"):
        slack.slash_command(slack_id, "/mentor", f"circle join {theme_id}")
        slack.wait_for(lambda: "You've joined" in json.dumps(slack.ephemerals_to(slack_id)[-1:]) or None)
    for step in ("form", "approve"):
        before = len(slack.ephemerals_to(COORDINATOR))
        slack.slash_command(COORDINATOR, "/mentor", f"circle {step} {theme_id}")
        slack.wait_for(lambda: len(slack.ephemerals_to(COORDINATOR)) > before or None)
    slack.wait_for(lambda: [c for c in slack.calls("conversations.open") if TORONTO in str(c.params.get("users"))
                            and "URES0031" in str(c.params.get("users"))])


def answer_the_circle_checkin(harness: Harness) -> None:
    slack = harness.slack
    prompt = slack.wait_for(lambda: [m for m in slack.messages_to(TORONTO) if "Check-in: " in m["text"]])[-1]
    value = next(e["value"] for b in prompt["blocks"] if b["type"] == "actions" for e in b["elements"]
                 if e["action_id"] == "circle_checkin_met")
    slack.click(TORONTO, "circle_checkin_met", value=value)
    slack.wait_for(lambda: "Received: your circle" in json.dumps(slack.messages_to(TORONTO)) or None)


def arrange_a_meeting(harness: Harness) -> None:
    """Riley's private availability and a "Find a time" for the pair with Dr. Lee."""
    set_availability(harness, TORONTO, windows="mon-fri 12:00-13:00", busy="2026-03-20 - 2026-03-22",
                     place="Clinic B, room 4")
    with harness.deps.sessions() as session:
        match = session.exec(sqlmodel_select(Match)).first()
    find_time_for(sessions=harness.deps.sessions, notifier=harness.deps.notifier, match_id=match.id, actor=TORONTO,
                  now=harness.clock.now())


def all_rows(harness: Harness) -> dict[str, list[dict[str, Any]]]:
    metadata = MetaData()
    metadata.reflect(bind=harness.deps.engine)
    with harness.deps.engine.connect() as connection:
        return {t.name: [dict(r._mapping) for r in connection.execute(select(t))] for t in metadata.sorted_tables}


def referencing(rows: dict[str, list[dict[str, Any]]], person_id: int, slack_id: str) -> dict[str, list[dict]]:
    """Rows naming the person by id (person, mentee, mentor columns), by Slack id, or belonging to their goals
    and matches."""
    matches = {r["id"] for r in rows["mentor_match"] if person_id in (r["mentee_id"], r["mentor_id"])}
    goals = {r["id"] for r in rows["goal"] if r["mentee_id"] == person_id}
    found: dict[str, list[dict]] = {}
    for table, table_rows in rows.items():
        for row in table_rows:
            by_id = any(row.get(c) == person_id for c in ("person_id", "mentee_id", "mentor_id")) or (
                table == "person" and row["id"] == person_id)
            by_parent = row.get("match_id") in matches or (table == "goal_update" and row["goal_id"] in goals)
            if by_id or by_parent or any(slack_id in str(v) for v in row.values()):
                found.setdefault(table, []).append(row)
    return found


def test_my_data_holds_every_row_that_references_the_person(pairs: Harness) -> None:
    slack = pairs.slack
    slack.slash_command(TORONTO, "/mentor", "goals")
    slack.wait_for(lambda: slack.open_modal(TORONTO))
    slack.click(TORONTO, "goals_add")
    slack.wait_for(lambda: slack.open_modal(TORONTO)["callback_id"] == "goal_form")
    slack.submit_view(TORONTO, {"title": "Submit QI abstract", "status": "on_track", "note": "Drafted the intro"})
    slack.wait_for(lambda: "Submit QI abstract" in json.dumps(slack.open_modal(TORONTO)))
    slack.slash_command(TORONTO, "/mentor", "met <@UFAC0001|lee> 2026-02-27 45")
    arrange_a_meeting(pairs)
    a_flash_conversation(pairs)
    a_circle(pairs)
    tick(pairs, datetime(2026, 3, 13, 17, 0, tzinfo=UTC))  # check-ins go out
    answer_the_circle_checkin(pairs)
    slack.slash_command(TORONTO, "/mentor", "my-data")
    data = json.loads(slack.wait_for(lambda: [f for f in slack.files() if "my-data" in f["filename"]])[-1]["content"])
    with pairs.deps.sessions() as session:
        person_id = get_person(session=session, slack_user_id=TORONTO).id
    about = referencing(all_rows(pairs), person_id, TORONTO)
    assert {"goal", "goal_update", "meeting", "mentor_match", "checkin", "outbox_message", "availability",
            "scheduled_meeting", "flash_conversation", "circle_member", "circle_seat", "circle_checkin"} <= set(about)
    assert not set(about) - set(MY_DATA_SECTIONS) - set(SHOWN_OTHERWISE), "a table about the person is not in my-data"
    for table, section in MY_DATA_SECTIONS.items():
        shown = {item["id"] for item in data[section]}
        rows = about.get(table, [])
        if table in ("checkin", "match_prompt"):  # the partner's check-in or pulse answer is theirs
            rows = [r for r in rows if r["role"] == "mentee"]
        if table == "outbox_message":  # a message to the partner that names them is the partner's; the export's
            rows = [r for r in rows if r["recipient"] == TORONTO and r["purpose"] != "my_data"]  # own file is after it
        assert {r["id"] for r in rows} <= shown, f"{table} rows missing from my-data"
    (goal,) = data["goals"]
    assert goal["updates"][0]["note"] == "Drafted the intro" and data["matches"][0]["partner"]
    assert data["meetings"][0]["minutes"] == 45
    assert data["availability"][0]["place"] == "Clinic B, room 4" and data["scheduled_meetings"][0]["slots"]


def test_retention_leaves_no_identifier_of_a_departed_person_in_any_column(pairs: Harness) -> None:
    slack = pairs.slack
    slack.slash_command(TORONTO, "/mentor", "met <@UFAC0001|lee> 2026-02-27 45")
    arrange_a_meeting(pairs)
    a_flash_conversation(pairs)
    a_circle(pairs)
    tick(pairs, datetime(2026, 3, 13, 17, 0, tzinfo=UTC))
    answer_the_circle_checkin(pairs)
    with pairs.deps.sessions() as session:
        person = get_person(session=session, slack_user_id=TORONTO)
        identifiers = {TORONTO, person.display_name, *(["riley@example.org"] if person.email else [])}
    channels = {c.response["channel"]["id"] for c in slack.calls("conversations.open")
                if TORONTO in str(c.params.get("users"))}
    slack.slash_command(TORONTO, "/mentor", "leave")
    slack.wait_for(lambda: slack.open_modal(TORONTO))
    slack.submit_view(TORONTO, {"mode": "leave"})
    slack.wait_for(lambda: any("You have left" in m["text"] for m in slack.messages_to(TORONTO)))
    before = referencing(all_rows(pairs), person.id, TORONTO)
    assert {"meeting", "mentor_match", "outbox_message", "audit_event", "availability",
            "flash_conversation", "circle_seat", "circle_checkin"} <= set(before)
    assert all(row["left_at"] is not None for row in before["circle_seat"])  # leaving the program leaves the circle
    later = datetime(2026, 3, 14, tzinfo=UTC) + timedelta(days=25 * 31)
    pairs.clock.set(later)
    run_due(pairs.deps, later)
    assert all_rows(pairs)["availability"] == []  # deleted with the person's other personal data
    assert {row["topic"] for row in all_rows(pairs)["flash_conversation"]} == {""}  # what they asked about goes
    assert [row["answer"] for row in all_rows(pairs)["circle_checkin"] if row["person_id"] == person.id] == ["met"]
    for table, rows in all_rows(pairs).items():
        for row in rows:
            for column, value in row.items():
                text = json.dumps(value, default=str, ensure_ascii=False) if not isinstance(value, str) else value
                for identifier in identifiers | channels:
                    assert identifier not in text, f"{table}.{column} still holds {identifier!r}: {text[:200]}"
