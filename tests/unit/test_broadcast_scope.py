"""A program coordinator's announcement audience, rule by rule (bot/broadcasts/compose.scoped_audience): cut down
to their programs, and another program or a person outside them refused with words that say which, audited."""

from __future__ import annotations

import pytest

from bot.access import FACULTY_WIDE, Scope
from bot.broadcasts import Audience
from bot.broadcasts.compose import scoped_audience
from bot.broadcasts.model import BroadcastRefused
from tests.services import Program, program  # noqa: F401
from tests.unit.test_broadcasts import people  # noqa: F401 (fixture: Surgery and Medicine people)

SURGERY = Scope(frozenset({"Surgery"}))
TWO = Scope(frozenset({"Surgery", "Anesthesia"}))


def scoped(program: Program, audience: Audience, scope: Scope) -> Audience:  # noqa: F811
    with program.session() as session:
        return scoped_audience(session=session, audience=audience, scope=scope, actor="UCOORD")


def test_a_faculty_wide_coordinator_keeps_the_audience_as_chosen(people: Program) -> None:  # noqa: F811
    chosen = Audience("people", people=("URILEY", "USAM"))
    assert scoped(people, chosen, FACULTY_WIDE) is chosen


@pytest.mark.parametrize("audience", [Audience("mentees"), Audience("program", "Surgery"), Audience("stage", "PGY-1"),
                                      Audience("people", people=("URILEY", "ULEE"))])
def test_a_program_coordinators_audience_is_cut_down_to_their_programs_in_order(people: Program,  # noqa: F811
                                                                                audience: Audience) -> None:
    within = scoped(people, audience, TWO)
    assert (within.kind, within.value, within.people, within.within) == (
        audience.kind, audience.value, audience.people, ("Anesthesia", "Surgery"))


def test_another_program_is_refused_naming_it_and_theirs(people: Program) -> None:  # noqa: F811
    with pytest.raises(BroadcastRefused) as refused:
        scoped(people, Audience("program", "Medicine"), SURGERY)
    assert str(refused.value) == ("Medicine is not one of the programs you coordinate (Surgery). "
                                  "Choose one of yours.")
    assert (refused.value.actor, refused.value.action, refused.value.target, refused.value.field) == (
        "UCOORD", "announce.compose", "Medicine", "program")


@pytest.mark.parametrize(("picked", "message", "target"), [
    (("URILEY", "USAM"), "1 of the people you picked is not in the programs you coordinate (Surgery). "
                         "Pick only people of yours.", "USAM"),
    (("USAM", "UNOBODY", "URILEY"), "2 of the people you picked are not in the programs you coordinate (Surgery). "
                                    "Pick only people of yours.", "USAM,UNOBODY"),
])
def test_people_outside_their_programs_or_unknown_are_refused_and_counted(people: Program,  # noqa: F811
                                                                          picked, message, target) -> None:
    with pytest.raises(BroadcastRefused) as refused:
        scoped(people, Audience("people", people=picked), SURGERY)
    assert str(refused.value) == message
    assert (refused.value.action, refused.value.target, refused.value.field) == ("announce.compose", target, "people")
