"""`/mentor circle theme|join|form|approve|leave`: peer circles, from a coordinator's theme to leaving without fault."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import Ack

from bot.circles.service import CircleError
from bot.commands import ParsedCommand, user_mention
from bot.deps import Deps
from bot.i18n import format_number, gettext, lazy, ngettext
from bot.flows.circles import approve_formed, form_for_review, join_circle_theme, leave_a_circle, new_theme
from bot.mrkdwn import escape_mrkdwn
from bot.numbers import NotANumber, parse_count
from handlers.blocks.help import build_notice
from handlers.shared import usage

THEME_USAGE = lazy("`/mentor circle theme 4-7 30 PGY-1 wellbeing @facilitator`: sizes, check-in days, name, "
                   "facilitators.")


def handle_circle(*, ack: Ack, command: dict[str, Any], parsed: ParsedCommand, deps: Deps, **_: Any) -> None:
    verb, rest = (parsed.args[0], parsed.args[1:]) if parsed.args else ("", ())
    actor, now = command["user_id"], deps.clock.now()
    try:
        if verb == "theme":
            return _theme(ack, actor, rest, deps)
        if verb in ("join", "form", "approve", "leave") and len(rest) == 1:
            number = parse_count(rest[0], what=gettext("The number"))
            if verb == "join":
                name = join_circle_theme(sessions=deps.sessions, theme_id=number, slack_id=actor, now=now)
                ack(**build_notice(gettext("You've joined “{name}”; you'll be introduced to your circle.").format(
                    name=escape_mrkdwn(name))))
            elif verb == "form":
                views = form_for_review(sessions=deps.sessions, actor=actor, theme_id=number, now=now)
                lines = [gettext("Circle {number}: {members}").format(
                    number=i, members=", ".join(f"<@{s}>" for s, _ in v.members)) for i, v in enumerate(views, 1)]
                heading = ngettext("Proposed {n} circle for review:", "Proposed {n} circles for review:",
                                   len(views)).format(n=format_number(len(views)))
                ack(**build_notice("\n".join([heading, *lines, gettext(
                    "Approve with `/mentor circle approve {number}`, or form again.").format(number=number)])))
            elif verb == "approve":
                count = approve_formed(sessions=deps.sessions, notifier=deps.notifier, actor=actor, theme_id=number,
                                       now=now)
                ack(**build_notice(ngettext("{n} circle introduced in its group DM.", "{n} circles introduced in their group DMs.",
                                             count).format(n=format_number(count))))
            else:
                name = leave_a_circle(sessions=deps.sessions, circle_id=number, slack_id=actor, now=now)
                ack(**build_notice(gettext("You've left your “{name}” circle. No reasons needed; thank you for taking "
                                           "part.").format(name=escape_mrkdwn(name))))
            return
    except (NotANumber, CircleError) as exc:
        ack(**build_notice(str(exc)))
        return
    usage(ack, "circle", str(THEME_USAGE))


def _theme(ack: Ack, actor: str, args: tuple[str, ...], deps: Deps) -> None:
    sizes = re.fullmatch(r"(\d)-(\d)", args[0]) if args else None
    if sizes is None or len(args) < 3:
        return usage(ack, "circle", str(THEME_USAGE))
    facilitators = [mention for word in args[2:] if (mention := user_mention(word))]
    name = " ".join(word for word in args[2:] if not user_mention(word))
    theme_id = new_theme(sessions=deps.sessions, actor=actor, name=name, size_min=int(sizes[1]),
                         size_max=int(sizes[2]), cadence_days=parse_count(args[1], what=gettext("The check-in days")),
                         facilitators=facilitators, now=deps.clock.now())
    ack(**build_notice(gettext("Theme {id} created. People join with `/mentor circle join {id}`; then "
                               "`/mentor circle form {id}`.").format(id=theme_id)))
