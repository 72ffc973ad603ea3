"""The program registry through Slack: coordinators register programs and their other spellings; the join modal
offers the list; rosters map any spelling and name the closest program for an unknown one; renaming and merging
move people, resources and audiences, and the old name keeps working."""

import json

import pytest
from sqlmodel import select

from bot.resources import add, checked_draft
from storage.engine import transaction
from storage.queries.audit import audit_events
from storage.queries.people import get_person
from storage.queries.resources import current_resources
from storage.tables import Survey
from tests.conftest import COORDINATOR, Harness
from tests.test_people_http import FACULTY, MENTEE_FORM, RESIDENT, join

OTHER = "URES0002"


def programs(harness: Harness, text: str = "") -> str:
    """What a coordinator sees after `/mentor programs <text>`."""
    harness.slack.slash_command(COORDINATOR, "/mentor", f"programs {text}".strip())
    return json.dumps(harness.slack.ephemerals_to(COORDINATOR)[-1], ensure_ascii=False)


def listing(harness: Harness) -> list[str]:
    """The registry as `/mentor programs` lists it: each program's line."""
    harness.slack.slash_command(COORDINATOR, "/mentor", "programs")
    return [b["text"]["text"] for b in harness.slack.ephemerals_to(COORDINATOR)[-1]["blocks"] if b["type"] == "section"]


def program_of(harness: Harness, slack_id: str) -> str | None:
    with harness.deps.sessions() as session:
        person = get_person(session=session, slack_user_id=slack_id)
        return person.program if person else None


@pytest.fixture
def registry(harness: Harness) -> Harness:
    assert "No programs are registered yet" in programs(harness)
    assert "Registered “Internal Medicine”" in programs(harness, 'add "Internal Medicine"')
    assert "Registered “Surgery”" in programs(harness, "add Surgery")
    assert "“IM” now means “Internal Medicine”" in programs(harness, 'alias "internal medicine" IM')
    return harness


def test_the_join_modal_offers_the_registered_programs(registry: Harness) -> None:
    registry.slack.slash_command(RESIDENT, "/mentor", "join")
    modal = registry.slack.wait_for(lambda: registry.slack.open_modal(RESIDENT))
    element = next(b for b in modal["blocks"] if b.get("block_id") == "program")["element"]
    assert element["type"] == "static_select"
    assert [o["value"] for o in element["options"]] == ["Internal Medicine", "Surgery"]
    answer = registry.slack.submit_view(RESIDENT, {**MENTEE_FORM, "program": "Surgery"})
    assert answer.status == 200 and not (answer.json or {}).get("errors"), answer.body
    registry.slack.wait_for(lambda: program_of(registry, RESIDENT) == "Surgery")
    listed = programs(registry)
    assert "*Surgery* · 1 person" in listed and "*Internal Medicine* · 0 people" in listed and "also written: im" in listed


def test_without_a_registry_people_type_their_program(harness: Harness) -> None:
    harness.slack.slash_command(RESIDENT, "/mentor", "join")
    modal = harness.slack.wait_for(lambda: harness.slack.open_modal(RESIDENT))
    assert next(b for b in modal["blocks"] if b.get("block_id") == "program")["element"]["type"] == "plain_text_input"
    join(harness, OTHER, {**MENTEE_FORM, "program": "  Family   Medicine "})
    assert program_of(harness, OTHER) == "Family Medicine"


def test_a_roster_maps_every_spelling_and_names_the_closest_program_for_an_unknown_one(registry: Harness) -> None:
    roster = ("slack_id,email,name,roles,program,stage,mentoring_wanted\n"
              f"{RESIDENT},,,mentee, internal   MEDICINE ,PGY-1,career\n"
              f"{OTHER},,,mentee,im,PGY-2,career\n"
              f"{FACULTY},,,mentee,Internal Medecine,PGY-3,career\n")
    registry.slack.slash_command(COORDINATOR, "/mentor", "roster")
    registry.slack.wait_for(lambda: registry.slack.open_modal(COORDINATOR))
    registry.slack.submit_view(COORDINATOR, {"csv": roster})
    report = json.dumps(registry.slack.wait_for(lambda: registry.slack.messages_to(COORDINATOR))[-1], ensure_ascii=False)
    assert "2 created" in report and "1 row was skipped" in report
    assert "row 4, `program`: “Internal Medecine” is not a registered program. Did you mean “Internal Medicine”?" in report
    assert (program_of(registry, RESIDENT), program_of(registry, OTHER), program_of(registry, FACULTY)) == (
        "Internal Medicine", "Internal Medicine", None)


def test_renaming_moves_everyone_and_the_old_name_still_works(registry: Harness) -> None:
    join(registry, RESIDENT, MENTEE_FORM)
    add(sessions=registry.deps.sessions, actor=COORDINATOR, now=registry.clock.now(),
        draft=checked_draft(title="IM handbook", url="https://med.example.org/im", program="IM"))
    assert "(1 person moved)" in programs(registry, 'rename "Internal Medicine" "General Internal Medicine"')
    assert program_of(registry, RESIDENT) == "General Internal Medicine"
    with registry.deps.sessions() as session:
        assert [r.program for r in current_resources(session=session)] == ["General Internal Medicine"]
        (event,) = audit_events(session=session, action="program.rename")
        assert (event.actor_slack_id, event.detail) == (COORDINATOR, {"from": "Internal Medicine", "people": 1})
    join(registry, OTHER, {**MENTEE_FORM, "program": "General Internal Medicine"})
    listed = programs(registry)
    assert "*General Internal Medicine* · 2 people" in listed and "internal medicine" in listed  # kept as an alias


def test_merging_folds_people_spellings_and_audiences_into_one_program(registry: Harness) -> None:
    assert "Registered “Int Med”" in programs(registry, 'add "Int Med"')
    join(registry, RESIDENT, {**MENTEE_FORM, "program": "Int Med"})
    join(registry, OTHER, MENTEE_FORM)
    with transaction(registry.deps.sessions) as session:
        session.add(Survey(key="im-pulse", title="IM pulse", kind="wellbeing", audience={"program": "Int Med"},
                           created_at=registry.clock.now(), updated_at=registry.clock.now(), created_by=COORDINATOR))
    assert "(1 person moved)" in programs(registry, 'merge "Int Med" "Internal Medicine"')
    assert program_of(registry, RESIDENT) == program_of(registry, OTHER) == "Internal Medicine"
    with registry.deps.sessions() as session:
        assert session.exec(select(Survey)).one().audience == {"program": "Internal Medicine"}
    listed = programs(registry)
    assert "Int Med*" not in listed and "*Internal Medicine* · 2 people" in listed and "int med" in listed


@pytest.mark.parametrize(("text", "answer"), [
    ('add "internal  MEDICINE"', "“internal MEDICINE” is already registered (as “Internal Medicine”)."),
    ("add IM", "“IM” is already registered (as “Internal Medicine”)."),
    ('add "  "', "Give the program a name"),
    ("add " + "x" * 121, "A program name can be at most 120 characters (this is 121)."),
    ('alias Surgery im', "“im” already means “Internal Medicine”."),
    ('alias Surgeri "Gen Surg"', "There is no registered program “Surgeri”. Did you mean “Surgery”?"),
    ('rename Surgery IM', "“IM” is already registered (as “Internal Medicine”): merge the two instead."),
    ('merge IM "internal medicine"', "“Internal Medicine” and “internal medicine” are already one program."),
    ("rename Surgery", "Use one of `add NAME`, `alias NAME SPELLING`, `rename OLD NEW`, `merge FROM INTO`"),
    ("delete Surgery", "Use one of"),
])
def test_each_mistake_gets_a_specific_answer_and_changes_nothing(registry: Harness, text: str, answer: str) -> None:
    before = listing(registry)
    assert answer in programs(registry, text)
    assert listing(registry) == before


def test_a_resource_for_an_unknown_program_is_refused_on_its_field(registry: Harness) -> None:
    registry.slack.slash_command(COORDINATOR, "/mentor", "resources")
    registry.slack.click(COORDINATOR, "resource_add")
    registry.slack.wait_for(lambda: registry.slack.open_modal(COORDINATOR))
    answer = registry.slack.submit_view(COORDINATOR, {"title": "Guide", "url": "https://med.example.org/g",
                                                      "program": "Surgeon"})
    assert "Did you mean “Surgery”?" in answer.json["errors"]["program"]


def test_program_names_are_escaped_where_coordinators_read_them(registry: Harness) -> None:
    programs(registry, 'add "<!channel> *Peds*"')
    assert "*&lt;!channel&gt; *Peds** · 0 people" in listing(registry)
    assert "<!channel>" not in programs(registry)
