"""The DM someone gets when a program's workflow enrolled them (Workflow Builder's "Enrol in mentoring" step)."""

from __future__ import annotations

from typing import Any

from bot.enrolment import EnrolledNotice
from bot.vocabulary import KINDS, STAGES
from handlers.blocks.common import context, escape_mrkdwn, message, section


def build_enrolled_by_workflow(notice: EnrolledNotice) -> dict[str, Any]:
    roles = " and ".join(notice.roles)
    stage = STAGES[notice.stage].label if notice.stage in STAGES else notice.stage
    lines = [f"You're now in the mentorship program as *{roles}*, through your program's workflow.",
             f"*Program:* {escape_mrkdwn(notice.program)} · *Stage:* {escape_mrkdwn(stage)}"]
    if notice.kinds_wanted:
        lines.append("*Mentoring you'd like:* " + ", ".join(KINDS[kind] for kind in notice.kinds_wanted))
    if notice.kinds_offered:
        lines.append("*Mentoring you offer:* " + ", ".join(KINDS[kind] for kind in notice.kinds_offered))
    return message(f"You're now in the mentorship program as {roles}.", [
        section("\n".join(lines)),
        context("Change anything with `/mentor profile` (interests, availability, how often to meet), "
                "or step away with `/mentor leave`."),
    ])
