"""The demo's faculty chapter: two registered programs, a coordinator for each who sees only their own program,
and the evaluation report per program and faculty-wide."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.demo.program import COORDINATOR, NOOR, TOMAS

if TYPE_CHECKING:  # the demo package imports this module to list it among its chapters
    from bot.demo.world import DemoWorld

PERIOD = "2026-09-01 2026-11-30"


def chapter_faculty(world: DemoWorld) -> None:
    world.chapter("A faculty, not one program: two programs, a coordinator for each, reports per program")
    world.slash(COORDINATOR.id, 'programs add "Internal Medicine"')
    world.slash(COORDINATOR.id, 'programs add "Cardiac Sciences"')
    world.slash(COORDINATOR.id, f'coordinator add <@{NOOR.id}> "Internal Medicine"')
    world.slash(COORDINATOR.id, f'coordinator add <@{TOMAS.id}> "cardiac sciences"')
    world.slash(COORDINATOR.id, "coordinator")
    world.narrate("Dr. Ruiz coordinates Cardiac Sciences only. Internal Medicine's report is not his to read: "
                  "he is told so, and the attempt is audited.")
    world.slash(TOMAS.id, f'report "Internal Medicine" {PERIOD}')
    world.narrate("Without a program named, each program coordinator gets the report for their own program: its "
                  "people and every match one of them is part of, wherever the partner belongs.")
    world.slash(TOMAS.id, f"report {PERIOD}")
    world.slash(NOOR.id, f"report {PERIOD}")
    world.narrate("Casey is faculty-wide: any one program, or every program at once.")
    world.slash(COORDINATOR.id, f'report "Cardiac Sciences" {PERIOD}')
