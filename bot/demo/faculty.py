"""The demo's faculty chapter: two registered programs, a coordinator for each who sees only their own program,
and the evaluation report per program and faculty-wide."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.i18n import _
from bot.demo.program import COORDINATOR, NOOR, TOMAS

if TYPE_CHECKING:  # the demo package imports this module to list it among its chapters
    from bot.demo.world import DemoWorld

PERIOD = "2026-09-01 2026-11-30"


def chapter_faculty(world: DemoWorld) -> None:
    world.chapter(_("A faculty, not one program: two programs, a coordinator for each, reports per program"))
    internal_medicine, cardiac_sciences = world.says("internal_medicine"), world.says("cardiac_sciences")
    world.slash(COORDINATOR.id, f'programs add "{internal_medicine}"')  # not text
    world.slash(COORDINATOR.id, f'programs add "{cardiac_sciences}"')  # not text
    world.slash(COORDINATOR.id, f'coordinator add <@{NOOR.id}> "{internal_medicine}"')  # not text
    world.slash(COORDINATOR.id, f'coordinator add <@{TOMAS.id}> "{cardiac_sciences.lower()}"')  # not text: any case will do
    world.slash(COORDINATOR.id, "coordinator")
    world.narrate(_("Dr. Ruiz coordinates Cardiac Sciences only. Internal Medicine's report is not his to read: "
                    "he is told so, and the attempt is audited."))
    world.slash(TOMAS.id, f'report "{internal_medicine}" {PERIOD}')
    world.narrate(_("Without a program named, each program coordinator gets the report for their own program: its "
                    "people and every match one of them is part of, wherever the partner belongs."))
    world.slash(TOMAS.id, f"report {PERIOD}")
    world.slash(NOOR.id, f"report {PERIOD}")
    world.narrate(_("Casey is faculty-wide: any one program, or every program at once."))
    world.slash(COORDINATOR.id, f'report "{cardiac_sciences}" {PERIOD}')
