"""People, through Slack: join/profile modal, App Home, roster from Slack, coordinator-only actions, data rights."""

import json

from storage.queries.audit import audit_events
from storage.queries.people import get_person
from storage.queries.profiles import load_profiles
from tests.conftest import COORDINATOR, Harness

RESIDENT, OTHER_RESIDENT, FACULTY = "URES0001", "URES0002", "UFAC0001"

MENTEE_FORM = {
    "roles": ["mentee"], "program": "Internal Medicine", "stage": "PGY-1",
    "kinds_wanted": ["career", "research"], "interests_other": "Cardiology, quality improvement",
    "meeting_mode": "virtual", "cadence": "30", "identity_gender": "woman", "capacity": "0",
}
MENTOR_FORM = {
    "roles": ["mentor"], "program": "Internal Medicine", "stage": "associate_professor",
    "kinds_offered": ["career", "research", "sponsorship"], "expertise_other": "cardiology",
    "capacity": "3", "capacity_per_kind": "research:1",
}


def join(harness: Harness, user: str, form: dict) -> None:
    harness.slack.slash_command(user, "/mentor", "join")
    harness.slack.wait_for(lambda: harness.slack.open_modal(user))
    answer = harness.slack.submit_view(user, form)
    assert answer.status == 200 and not (answer.json or {}).get("errors"), answer.body
    harness.slack.wait_for(lambda: harness.slack.home_view(user))


def home_text(harness: Harness, user: str) -> str:
    return json.dumps(harness.slack.home_view(user))


def test_join_modal_saves_profile_with_slack_timezone_and_publishes_home(harness: Harness) -> None:
    join(harness, RESIDENT, MENTEE_FORM)
    with harness.deps.sessions() as session:
        person = get_person(session=session, slack_user_id=RESIDENT)
        mentee, mentor, identity = load_profiles(session=session, person_id=person.id)
    assert (person.timezone, person.display_name, person.email) == ("America/Toronto", "Riley Resident", "riley@example.org")
    assert (person.is_mentee, person.is_mentor, person.stage) == (True, False, "PGY-1")
    assert mentee.kinds_wanted == ["career", "research"] and mentee.interests == ["cardiology", "quality improvement"]
    assert mentor is None and identity.answers == {"gender": "woman"}
    home = home_text(harness, RESIDENT)
    assert "no mentor yet" in home and "No research mentor yet" in home
    assert "Program" not in home  # coordinator counts are for coordinators only
    confirmation = harness.slack.wait_for(lambda: harness.slack.messages_to(RESIDENT))
    assert "as mentee" in confirmation[-1]["text"]


def test_invalid_form_gets_inline_errors_and_stores_nothing(harness: Harness) -> None:
    harness.slack.slash_command(FACULTY, "/mentor", "join")
    harness.slack.wait_for(lambda: harness.slack.open_modal(FACULTY))
    answer = harness.slack.submit_view(FACULTY, {**MENTOR_FORM, "kinds_offered": [], "capacity": "25",
                                                 "capacity_per_kind": "lots"})
    errors = answer.json["errors"]
    assert set(errors) == {"kinds_offered", "capacity", "capacity_per_kind"}
    assert harness.slack.open_modal(FACULTY) is not None  # the modal stays open for corrections
    answer = harness.slack.submit_view(FACULTY, {**MENTOR_FORM, "kinds_offered": [], "capacity": "25",
                                                 "capacity_per_kind": ""})
    assert set(answer.json["errors"]) == {"kinds_offered", "capacity"}
    assert "0 to 20" in answer.json["errors"]["capacity"]
    with harness.deps.sessions() as session:
        assert get_person(session=session, slack_user_id=FACULTY) is None


def test_profile_reopens_prefilled(harness: Harness) -> None:
    join(harness, FACULTY, MENTOR_FORM)
    harness.slack.slash_command(FACULTY, "/mentor", "profile")
    modal = harness.slack.wait_for(lambda: harness.slack.open_modal(FACULTY))
    blocks = {block.get("block_id"): block for block in modal["blocks"]}
    assert modal["title"]["text"] == "Your mentoring profile"
    assert blocks["capacity"]["element"]["initial_value"] == "3"
    assert [o["value"] for o in blocks["kinds_offered"]["element"]["initial_options"]] == ["career", "research", "sponsorship"]
    assert blocks["stage"]["element"]["initial_option"]["value"] == "associate_professor"
    assert blocks["capacity_per_kind"]["element"]["initial_value"] == "research:1"
    answer = harness.slack.submit_view(FACULTY, {"capacity": "4"})  # everything else as pre-filled
    assert answer.status == 200
    harness.slack.wait_for(lambda: len(harness.slack.messages_to(FACULTY)) == 2)
    with harness.deps.sessions() as session:
        person = get_person(session=session, slack_user_id=FACULTY)
        mentor = load_profiles(session=session, person_id=person.id)[1]
    assert (mentor.capacity_total, mentor.capacity_per_kind, mentor.expertise) == (4, {"research": 1}, ["cardiology"])


def test_app_home_for_newcomer_mentor_and_coordinator(harness: Harness) -> None:
    harness.slack.open_home(OTHER_RESIDENT)
    assert "Join the program" in harness.slack.wait_for(lambda: home_text(harness, OTHER_RESIDENT) if harness.slack.home_view(OTHER_RESIDENT) else None)
    join(harness, FACULTY, MENTOR_FORM)
    assert "0 of 3 places taken" in home_text(harness, FACULTY)
    join(harness, RESIDENT, MENTEE_FORM)
    harness.slack.open_home(COORDINATOR)
    coordinator_home = harness.slack.wait_for(lambda: harness.slack.home_view(COORDINATOR))
    text = json.dumps(coordinator_home)
    assert "Enrolled: *2* (1 mentees, 1 mentors)" in text
    assert "Mentors with free places: *1*" in text


def test_home_button_opens_the_profile_modal(harness: Harness) -> None:
    join(harness, RESIDENT, MENTEE_FORM)
    harness.slack.click(RESIDENT, "home_edit_profile")
    modal = harness.slack.wait_for(lambda: harness.slack.open_modal(RESIDENT))
    assert modal["callback_id"] == "profile"


def test_coordinator_actions_are_refused_to_others_and_audited(harness: Harness) -> None:
    join(harness, RESIDENT, MENTEE_FORM)
    for text in ("roster", "coordinator add <@URES0002|sam>", "tags add surgery"):
        harness.slack.slash_command(RESIDENT, "/mentor", text)
    refusals = [m["text"] for m in harness.slack.ephemerals_to(RESIDENT)]
    assert len(refusals) == 3 and all("only program coordinators" in text for text in refusals)
    assert harness.slack.open_modal(RESIDENT) is None
    with harness.deps.sessions() as session:
        refused = audit_events(session=session, actor=RESIDENT)
        assert [(e.action, e.outcome) for e in refused if e.outcome == "refused"] == [
            ("command.roster", "refused"), ("command.coordinator", "refused"), ("command.tags", "refused")]
        assert get_person(session=session, slack_user_id=OTHER_RESIDENT) is None


def test_coordinator_grants_the_role(harness: Harness) -> None:
    harness.slack.slash_command(COORDINATOR, "/mentor", "coordinator add <@UFAC0002|okafor>")
    assert "is now a faculty-wide coordinator" in harness.slack.ephemerals_to(COORDINATOR)[-1]["text"]
    harness.slack.slash_command("UFAC0002", "/mentor", "tags add cardiology, global health")
    assert "Added: cardiology, global health" in harness.slack.ephemerals_to("UFAC0002")[-1]["text"]


ROSTER = """slack_id,email,name,roles,program,stage,mentoring_wanted,mentoring_offered,capacity
URES0002,,,mentee,Surgery,PGY-2,career;wellness,,
,lee@example.org,,mentor,Internal Medicine,assistant_professor,,career;clinical,2
,ghost@example.org,,mentee,Surgery,PGY-1,career,,
UFAC0002,,,mentor,Internal Medicine,professor,,research,many
"""


def test_roster_pasted_in_slack_reports_bad_rows_and_keeps_good_ones(harness: Harness) -> None:
    harness.slack.slash_command(COORDINATOR, "/mentor", "roster")
    harness.slack.wait_for(lambda: harness.slack.open_modal(COORDINATOR))
    harness.slack.submit_view(COORDINATOR, {"csv": ROSTER})
    report = harness.slack.wait_for(lambda: harness.slack.messages_to(COORDINATOR))[-1]
    text = json.dumps(report)
    assert "2 created, 0 updated, 0 unchanged; 2 rows were skipped" in text
    assert "row 4, `email`: unknown email" in text and "row 5, `capacity`" in text
    with harness.deps.sessions() as session:
        lee = get_person(session=session, slack_user_id=FACULTY)
        assert lee.email == "lee@example.org" and lee.timezone == "America/Edmonton"  # found via users.lookupByEmail
    assert [c.params["email"] for c in harness.slack.calls("users.lookupByEmail")] == ["lee@example.org", "ghost@example.org"]
    harness.slack.slash_command(COORDINATOR, "/mentor", "roster")
    harness.slack.wait_for(lambda: harness.slack.open_modal(COORDINATOR))
    harness.slack.submit_view(COORDINATOR, {"csv": ROSTER})
    again = harness.slack.wait_for(lambda: len(harness.slack.messages_to(COORDINATOR)) == 2 and harness.slack.messages_to(COORDINATOR))
    assert "0 created, 0 updated, 2 unchanged" in json.dumps(again[-1])


def test_roster_with_unknown_columns_is_refused_on_the_field(harness: Harness) -> None:
    harness.slack.slash_command(COORDINATOR, "/mentor", "roster")
    harness.slack.wait_for(lambda: harness.slack.open_modal(COORDINATOR))
    answer = harness.slack.submit_view(COORDINATOR, {"csv": "slack_id,shoe_size\nU1,9\n"})
    assert "Unknown column: shoe_size" in answer.json["errors"]["csv"]


def test_roster_export_arrives_as_a_file(harness: Harness) -> None:
    join(harness, RESIDENT, MENTEE_FORM)
    harness.slack.slash_command(COORDINATOR, "/mentor", "roster export")
    upload = harness.slack.wait_for(lambda: harness.slack.files())[-1]
    content = upload["content"].decode()
    assert content.splitlines()[0].startswith("slack_id,email,name,roles")
    assert "URES0001,riley@example.org,Riley Resident,mentee,Internal Medicine,PGY-1" in content


def test_my_data_sends_everything_stored_about_the_person(harness: Harness) -> None:
    join(harness, RESIDENT, MENTEE_FORM)
    harness.slack.slash_command(RESIDENT, "/mentor", "my-data")
    upload = harness.slack.wait_for(lambda: harness.slack.files())[-1]
    data = json.loads(upload["content"])
    assert data["person"]["slack_user_id"] == RESIDENT
    assert data["profile"]["identity"] == {"gender": "woman"}
    assert any(event["action"] == "profile.save" for event in data["activity_log"])
    assert upload["channel_id"] == harness.slack.dm_channel_id(RESIDENT)


def test_leave_tells_coordinators_kindly_and_hides_the_person(harness: Harness) -> None:
    join(harness, RESIDENT, MENTEE_FORM)
    harness.slack.slash_command(RESIDENT, "/mentor", "leave")
    harness.slack.wait_for(lambda: harness.slack.open_modal(RESIDENT))
    harness.slack.submit_view(RESIDENT, {"mode": "leave"})
    notice = harness.slack.wait_for(lambda: harness.slack.messages_to(COORDINATOR))[-1]["text"]
    assert notice == "Riley Resident has left the mentorship program. Thank you for the time you spent together."
    with harness.deps.sessions() as session:
        assert get_person(session=session, slack_user_id=RESIDENT).active is False
    harness.slack.slash_command(RESIDENT, "/mentor", "profile")
    assert "enrol first" in harness.slack.ephemerals_to(RESIDENT)[-1]["text"]


def test_pause_needs_a_future_date(harness: Harness) -> None:
    join(harness, RESIDENT, MENTEE_FORM)
    harness.slack.slash_command(RESIDENT, "/mentor", "leave")
    harness.slack.wait_for(lambda: harness.slack.open_modal(RESIDENT))
    answer = harness.slack.submit_view(RESIDENT, {"mode": "pause"})
    assert "date in the future" in answer.json["errors"]["until"]


def test_mentor_declares_a_conflict_and_coordinator_records_one(harness: Harness) -> None:
    join(harness, RESIDENT, MENTEE_FORM)
    join(harness, FACULTY, MENTOR_FORM)
    harness.slack.slash_command(FACULTY, "/mentor", "conflict <@URES0001|riley> direct_supervisor")
    assert "will never be matched" in harness.slack.ephemerals_to(FACULTY)[-1]["text"]
    harness.slack.slash_command(COORDINATOR, "/mentor", "conflict <@UFAC0001|lee> <@URES0001|riley> direct_supervisor")
    assert "already recorded" in harness.slack.ephemerals_to(COORDINATOR)[-1]["text"]
    harness.slack.slash_command(FACULTY, "/mentor", "conflict <@URES0001|riley> dislikes")
    assert "reason must be one of" in harness.slack.ephemerals_to(FACULTY)[-1]["text"]
