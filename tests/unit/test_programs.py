"""The program registry's rules called as `/mentor programs` and `mentorbot programs` call them (bot/programs.py),
on a fresh database with no HTTP: every spelling folds case and spaces, each mistake has its own answer and changes
nothing, renaming and merging move people and keep the old name as an alias, and each change is audited."""

from __future__ import annotations

import re

import pytest

from bot.programs import (
    ProgramError,
    Registry,
    change_registry,
    folded,
    program_choices,
    program_listing,
    registry,
)
from storage.queries.audit import audit_events
from storage.tables import CoordinatorProgram, Person, ProgramAlias, RegisteredProgram
from tests.services import Program, program  # noqa: F401

COORDINATOR = "UCOORD01"


def change(p: Program, *args: str) -> str:
    return change_registry(sessions=p.sessions, actor=COORDINATOR, args=args, now=p.clock.now())


@pytest.fixture
def registered(program: Program) -> Program:  # noqa: F811
    assert change(program, "add", "Internal Medicine") == "Registered “Internal Medicine”."
    assert change(program, "ADD", "  Surgery ") == "Registered “Surgery”."
    assert change(program, "alias", "internal   medicine", " IM ") == "“IM” now means “Internal Medicine”."
    return program


def names(p: Program) -> list[str]:
    with p.sessions() as session:
        return list(registry(session).names)


def people(p: Program, *ids: int) -> list[Person]:
    return [person for person in p.rows(Person) if person.id in ids]


def spellings(p: Program) -> dict[str, str]:
    with p.sessions() as session:
        return dict(registry(session).spellings)


def actions(p: Program) -> list[tuple[str, str, dict]]:
    with p.sessions() as session:
        return [(e.action, e.target, e.detail) for e in audit_events(session=session) if e.action.startswith("program.")]


def test_case_and_runs_of_spaces_never_matter() -> None:
    assert folded("  Internal \t MEDICINE ") == "internal medicine"
    found = Registry(("Internal Medicine",), {"internal medicine": "Internal Medicine", "im": "Internal Medicine"})
    assert found.resolve(" iM") == found.registered_name("INTERNAL  medicine") == "Internal Medicine"
    assert found.resolve("Surgery") is None


def test_while_the_registry_is_empty_a_program_is_whatever_is_typed_tidied(program: Program) -> None:  # noqa: F811
    with program.sessions() as session:
        assert registry(session).registered_name("  General   surgery ") == "General surgery"
        assert program_choices(session) == []
    program.mentee("URES1", program="Psychiatry")
    with program.sessions() as session:
        assert program_choices(session) == ["Psychiatry"]


@pytest.mark.parametrize(("typed", "answer"), [
    ("Surgry", "“Surgry” is not a registered program. Did you mean “Surgery”? Coordinators list them with `/mentor programs`."),
    ("Dermatology", "“Dermatology” is not a registered program. Coordinators list them with `/mentor programs`."),
])
def test_an_unknown_name_is_refused_with_the_closest_registered_one(registered: Program, typed: str,
                                                                     answer: str) -> None:
    with registered.sessions() as session:
        found = registry(session)
        assert found.names == ("Internal Medicine", "Surgery")
        assert found.registered_name("im") == "Internal Medicine"
        assert program_choices(session) == ["Internal Medicine", "Surgery"]
        with pytest.raises(ProgramError) as refused:
            found.registered_name(typed)
    assert str(refused.value) == answer


def test_the_listing_names_each_program_with_its_spellings_and_active_people(registered: Program) -> None:
    registered.mentee("URES1", program="Surgery")
    registered.mentee("URES2", program="Surgery")
    registered.mentee("URES3", program="Surgery", active=False)
    registered.mentee("URES4", program="Internal Medicine")
    change(registered, "add", "Psychiatry")
    listed = program_listing(sessions=registered.sessions)
    assert [(line.name, line.aliases, line.people) for line in listed] == [
        ("Internal Medicine", ("im",), 1), ("Psychiatry", (), 0), ("Surgery", (), 2)]


def test_each_change_is_audited_with_what_it_did(registered: Program) -> None:
    registered.mentee("URES1", program="Surgery")
    assert change(registered, "rename", "surgery", "General Surgery") == (
        "Renamed to “General Surgery” everywhere (1 person moved); the old name still works as an alias.")
    assert change(registered, "merge", "IM", "general surgery") == (
        "Merged into “general surgery” (0 people moved); the old name still works as an alias.")
    assert actions(registered) == [
        ("program.add", "Internal Medicine", {}), ("program.add", "Surgery", {}),
        ("program.alias", "Internal Medicine", {"spelling": "IM"}),
        ("program.rename", "General Surgery", {"from": "Surgery", "people": 1}),
        ("program.merge", "General Surgery", {"from": "Internal Medicine", "people": 0})]


def test_renaming_moves_people_and_keeps_the_old_name_as_an_alias(registered: Program) -> None:
    first, second = registered.mentee("URES1", program="Surgery"), registered.mentee("URES2", program="Surgery")
    registered.mentee("URES3", program="Internal Medicine")
    assert change(registered, "rename", "Surgery", "General  Surgery").startswith(
        "Renamed to “General Surgery” everywhere (2 people moved)")
    assert names(registered) == ["General Surgery", "Internal Medicine"]
    assert spellings(registered) == {"general surgery": "General Surgery", "surgery": "General Surgery",
                                     "im": "Internal Medicine", "internal medicine": "Internal Medicine"}
    assert {person.program for person in people(registered, first, second)} == {"General Surgery"}


def test_renaming_to_one_of_its_own_spellings_makes_it_the_name(registered: Program) -> None:
    change(registered, "rename", "Internal Medicine", "IM")
    assert names(registered) == ["IM", "Surgery"]
    assert spellings(registered) == {"im": "IM", "internal medicine": "IM", "surgery": "Surgery"}
    assert [alias.spelling for alias in registered.rows(ProgramAlias)] == ["internal medicine"]


def test_renaming_only_the_case_adds_no_alias(registered: Program) -> None:
    change(registered, "rename", "Surgery", "SURGERY")
    assert names(registered) == ["Internal Medicine", "SURGERY"]
    assert [alias.spelling for alias in registered.rows(ProgramAlias)] == ["im"]


def test_merging_moves_people_and_spellings_and_the_old_name_becomes_an_alias(registered: Program) -> None:
    mover = registered.mentee("URES1", program="Internal Medicine")
    stayer = registered.mentee("URES2", program="Surgery")
    assert "(1 person moved)" in change(registered, "merge", "im", "Surgery")
    assert names(registered) == ["Surgery"]
    assert spellings(registered) == {"im": "Surgery", "internal medicine": "Surgery", "surgery": "Surgery"}
    assert {person.program for person in people(registered, mover, stayer)} == {"Surgery"}


@pytest.mark.parametrize(("args", "answer"), [
    (("add", "internal  MEDICINE"), "“internal MEDICINE” is already registered (as “Internal Medicine”)."),
    (("add", "im"), "“im” is already registered (as “Internal Medicine”)."),
    (("add", "  "), "Give the program a name, e.g. `/mentor programs add \"Internal Medicine\"`."),
    (("add", "x" * 121), "A program name can be at most 120 characters (this is 121)."),
    (("alias", "Surgery", " "), "Give the other spelling, e.g. `/mentor programs alias \"Internal Medicine\" IM`."),
    (("alias", "Surgery", "IM"), "“IM” already means “Internal Medicine”."),
    (("alias", "Surgery", "y" * 121), "A program name can be at most 120 characters (this is 121)."),
    (("alias", "Surgeri", "GS"), "There is no registered program “Surgeri”. Did you mean “Surgery”?"),
    (("alias", "Dermatology", "D"), "There is no registered program “Dermatology”.$"),
    (("rename", "Surgery", "im"), "“im” is already registered (as “Internal Medicine”): merge the two instead."),
    (("rename", "Surgery", " "), "Give the program a name, e.g. `/mentor programs add \"Internal Medicine\"`."),
    (("merge", "IM", "internal medicine"), "“Internal Medicine” and “internal medicine” are already one program."),
    (("merge", "Surgery", "Dermatology"), "There is no registered program “Dermatology”.$"),
    (("rename", "Surgery"), "Use one of `add NAME`, `alias NAME SPELLING`, `rename OLD NEW`, `merge FROM INTO`; "
                            "quote names with spaces, e.g. `rename \"Internal Medicine\" \"General Internal Medicine\"`."),
    (("add", "A", "B"), "Use one of"),
    (("delete", "Surgery"), "Use one of"),
    ((), "Use one of"),
])
def test_each_mistake_gets_its_own_answer_and_changes_nothing(registered: Program, args: tuple[str, ...],
                                                              answer: str) -> None:
    before = (names(registered), spellings(registered), actions(registered))
    with pytest.raises(ProgramError) as refused:
        change(registered, *args)
    assert re.match(re.escape(answer.removesuffix("$")) + ("$" if answer.endswith("$") else ""), str(refused.value))
    assert (names(registered), spellings(registered), actions(registered)) == before


def test_renaming_to_its_own_name_in_another_case_is_not_refused_as_taken(registered: Program) -> None:
    assert change(registered, "rename", "Internal Medicine", "internal medicine").startswith(
        "Renamed to “internal medicine”")
    assert set(names(registered)) == {"Surgery", "internal medicine"}
    assert [alias.spelling for alias in registered.rows(ProgramAlias)] == ["im"]


def test_merging_moves_the_merged_programs_coordinators_to_the_program_it_joins(registered: Program) -> None:
    surgeon, internist, both = (registered.person(slack_id, coordinator=True) for slack_id in ("UC1", "UC2", "UC3"))
    ids = {row.name: row.id for row in registered.rows(RegisteredProgram)}
    with registered.session() as session:
        session.add_all([CoordinatorProgram(person_id=surgeon, program_id=ids["Surgery"]),
                         CoordinatorProgram(person_id=internist, program_id=ids["Internal Medicine"]),
                         CoordinatorProgram(person_id=both, program_id=ids["Surgery"]),
                         CoordinatorProgram(person_id=both, program_id=ids["Internal Medicine"])])
    change(registered, "merge", "Surgery", "Internal Medicine")
    scopes = sorted((row.person_id, row.program_id) for row in registered.rows(CoordinatorProgram))
    assert scopes == sorted([(surgeon, ids["Internal Medicine"]), (internist, ids["Internal Medicine"]),
                             (both, ids["Internal Medicine"])])
