"""The DM someone gets when a program's workflow enrolled them (Workflow Builder's "Enrol in mentoring" step)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.enrolment import EnrolledNotice
from bot.i18n import N_, _, format_list
from bot.vocabulary import KINDS, STAGES
from handlers.blocks.common import context, escape_mrkdwn, message, section


ROLE_WORDS = {"mentee": N_("mentee"), "mentor": N_("mentor"), "coordinator": N_("coordinator")}


def role_words(roles: Sequence[str]) -> str:
    return format_list([_(ROLE_WORDS[role]) if role in ROLE_WORDS else role for role in roles])


def build_enrolled_by_workflow(notice: EnrolledNotice) -> dict[str, Any]:
    roles = role_words(notice.roles)
    stage = _(STAGES[notice.stage].label) if notice.stage in STAGES else notice.stage
    lines = [_("You're now in the mentorship program as *{roles}*, through your program's workflow.").format(roles=roles),
             _("*Program:* {program} · *Stage:* {stage}").format(program=escape_mrkdwn(notice.program),
                                                                 stage=escape_mrkdwn(stage))]
    if notice.kinds_wanted:
        lines.append(_("*Mentoring you'd like:* {kinds}").format(
            kinds=format_list([_(KINDS[kind]) for kind in notice.kinds_wanted])))
    if notice.kinds_offered:
        lines.append(_("*Mentoring you offer:* {kinds}").format(
            kinds=format_list([_(KINDS[kind]) for kind in notice.kinds_offered])))
    return message(_("You're now in the mentorship program as {roles}.").format(roles=roles), [
        section("\n".join(lines)),
        context(_("Change anything with `/mentor profile` (interests, availability, how often to meet), or step away "
                  "with `/mentor leave`.")),
    ])
