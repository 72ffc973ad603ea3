"""The demo's recognition chapter: the program thanks the mentor of a completed match, the mentor takes their
record for a teaching dossier, and the coordinator gets the year's recognition list."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.demo.program import COORDINATOR, OKAFOR
from bot.i18n import _

if TYPE_CHECKING:  # the demo package imports this module to list it among its chapters
    from bot.demo.world import DemoWorld


def chapter_recognition(world: DemoWorld) -> None:
    world.chapter(_("Recognition: thanking a mentor, a record for the dossier, the year's recognition list"))
    world.narrate(_("The completion notice Casey got has a button that sends the program's thank-you to Dr. Okafor, "
                    "once (a second click is told it was sent)."))
    world.click(COORDINATOR.id, "completion_thank_mentor", _("Thank {name}").format(name="Dr. Okafor"),  # not text
                value=world.buttons_for(COORDINATOR.id, "completion_thank_mentor")[-1])
    world.narrate(_("Dr. Okafor asks for a statement for a promotion dossier: one print-ready page, naming only "
                    "mentees who agreed to be named, feedback only from the minimum group."))
    world.slash(OKAFOR.id, "my-record")
    world.narrate(_("Casey sends the faculty's recognition office the year's list: a page to print and the same as a "
                    "CSV, counts only, no mentee named."))
    world.slash(COORDINATOR.id, "recognition 2026")
