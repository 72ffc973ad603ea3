"""Announcements by a program coordinator, through signed requests and the emulator: the audience is cut down to
their programs and the preview says so; another program's audience or people, and another coordinator's
announcement, are refused with a clear message and an audit row."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from sqlmodel import select

from bot.emulator import EmulatedUser
from storage.tables import Broadcast, OutboxMessage, Person
from tests.conftest import COORDINATOR, Harness
from tests.test_scoped_coordinators_http import SURGEON, faculty, grant_both, refusals  # noqa: F401 (fixture)


def surgery(harness: Harness) -> set[str]:
    with harness.deps.sessions() as session:
        return {p.slack_user_id for p in session.exec(select(Person).where(Person.program == "Surgery", Person.active))}


def open_compose(harness: Harness, who: str) -> dict:
    harness.slack.slash_command(who, "/mentor", "announce")
    return harness.slack.wait_for(lambda: (harness.slack.open_modal(who) or {}).get("callback_id") == "announce"
                                  and harness.slack.open_modal(who))


def forged_compose(harness: Harness, who: str, audience: str, **detail: object) -> dict:
    """A compose submission as Slack would send it, with an audience the modal did not offer."""
    def chosen(value: str) -> dict:
        return {"value": {"type": "static_select", "selected_option": {"value": value}}}

    values = {"audience": chosen(audience), "message": {"value": {"type": "plain_text_input", "value": "Hello"}},
              "when": chosen("now")}
    if "program" in detail:
        values["program"] = chosen(str(detail["program"]))
    if "people" in detail:
        values["people"] = {"value": {"type": "multi_users_select", "selected_users": detail["people"]}}
    payload = {"type": "view_submission", "user": {"id": who}, "team": {"id": "T0MENTOR"}, "trigger_id": f"t.{who}",
               "view": {"id": f"VANN{who}", "type": "modal", "callback_id": "announce", "blocks": [],
                        "private_metadata": "", "state": {"values": values}}}
    answer = harness.slack.send_signed(urlencode({"payload": json.dumps(payload)}).encode(),
                                       "application/x-www-form-urlencoded")
    return answer.json or {}


def test_a_program_coordinators_announcement_reaches_only_their_programs_and_the_preview_says_so(
        faculty: Harness) -> None:
    grant_both(faculty)
    for slack_id in surgery(faculty):
        faculty.slack.add_user(EmulatedUser(id=slack_id, name=slack_id.lower(), real_name=slack_id))
    modal = open_compose(faculty, SURGEON)
    assert "Internal Medicine" not in json.dumps(modal)  # only their programs are offered
    answer = faculty.slack.submit_view(SURGEON, {"audience": "everyone", "message": "Journal club moves to Friday."})
    assert answer.json and answer.json.get("response_action") == "push", answer.body
    preview = json.dumps(faculty.slack.open_modal(SURGEON), ensure_ascii=False)
    assert "(only those in Surgery)" in preview
    faculty.slack.submit_view(SURGEON)
    faculty.slack.wait_for(lambda: "Announcement #" in json.dumps(faculty.slack.messages_to(SURGEON)))
    with faculty.deps.sessions() as session:
        ours = session.exec(select(Broadcast).where(Broadcast.author == SURGEON)).one()
        reached = {m.recipient for m in session.exec(select(OutboxMessage).where(OutboxMessage.broadcast_id == ours.id))}
    assert reached and reached <= surgery(faculty)


def test_another_programs_audience_or_people_are_refused_on_the_form_and_audited(faculty: Harness) -> None:
    grant_both(faculty)
    answer = forged_compose(faculty, SURGEON, "program", program="Internal Medicine")
    assert "Internal Medicine is not one of the programs you coordinate (Surgery)" in answer["errors"]["program"]
    answer = forged_compose(faculty, SURGEON, "people", people=["US1", "UI1"])
    assert "1 of the people you picked is not in the programs you coordinate (Surgery)" in answer["errors"]["people"]
    assert refusals(faculty, SURGEON) == [("announce.compose", "Internal Medicine"), ("announce.compose", "UI1")]
    with faculty.deps.sessions() as session:
        assert not session.exec(select(Broadcast)).all()


def test_a_program_coordinator_cannot_confirm_edit_or_cancel_a_faculty_wide_announcement(faculty: Harness) -> None:
    from tests.test_authorization import forge_click, forged_submission

    grant_both(faculty)
    open_compose(faculty, COORDINATOR)
    faculty.slack.submit_view(COORDINATOR, {"audience": "mentors", "message": "Thank you, mentors.",
                                            "when": "at", "date": "2027-01-15", "time": "09:00"})
    with faculty.deps.sessions() as session:
        draft = session.exec(select(Broadcast)).one()
    forged = forged_submission(SURGEON, "announce_confirm", [])
    forged["view"]["private_metadata"] = str(draft.id)
    faculty.slack.send_signed(urlencode({"payload": json.dumps(forged)}).encode(), "application/x-www-form-urlencoded")
    faculty.slack.wait_for(lambda: refusals(faculty, SURGEON))
    faculty.slack.submit_view(COORDINATOR)  # the faculty-wide coordinator confirms it: scheduled
    faculty.slack.wait_for(lambda: "Announcement #" in json.dumps(faculty.slack.messages_to(COORDINATOR)))
    for seen, action_id in enumerate(("broadcast_edit", "broadcast_cancel"), start=2):
        forge_click(faculty, SURGEON, action_id, str(draft.id))  # a click is answered before its listener runs:
        faculty.slack.wait_for(lambda: len(refusals(faculty, SURGEON)) == seen)  # noqa: B023  (one at a time)
    assert refusals(faculty, SURGEON) == [("announce.confirm", str(draft.id)), ("announce.edit", str(draft.id)),
                                          ("announce.cancel", str(draft.id))]
    with faculty.deps.sessions() as session:
        assert session.get(Broadcast, draft.id).status == "scheduled"
    faculty.slack.wait_for(lambda: sum("outside the programs you coordinate" in m["text"]
                                       for m in faculty.slack.messages_to(SURGEON)) == 3)


def test_renaming_a_program_keeps_a_scheduled_announcement_within_the_renamed_program(faculty: Harness) -> None:
    grant_both(faculty)
    open_compose(faculty, SURGEON)
    faculty.slack.submit_view(SURGEON, {"audience": "mentees", "message": "Grand rounds on Friday.",
                                        "when": "at", "date": "2027-01-15", "time": "09:00"})
    faculty.slack.submit_view(SURGEON)
    faculty.slack.wait_for(lambda: "Announcement #" in json.dumps(faculty.slack.messages_to(SURGEON)))
    faculty.slack.slash_command(COORDINATOR, "/mentor", 'programs rename Surgery "General Surgery"')
    with faculty.deps.sessions() as session:
        scheduled = session.exec(select(Broadcast).where(Broadcast.author == SURGEON)).one()
    assert scheduled.status == "scheduled" and scheduled.audience["within"] == ["General Surgery"]
