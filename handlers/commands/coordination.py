"""Coordinator commands: grant the role, record conflicts of interest, manage interest tags."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.commands import ParsedCommand, user_mention
from bot.access import Refused
from bot.conflicts import ConflictError
from bot.coordinators import ProgramError, grant_coordinator_role, who_coordinates
from bot.deps import Deps
from bot.i18n import gettext
from bot.flows.people import add_interest_tags, record_conflict, set_coordinator, tags
from bot.people import RoleError, coordinator_change_text
from bot.vocabulary import COI_REASONS
from handlers.blocks.help import build_notice
from handlers.shared import usage


def handle_coordinator(*, ack: Ack, command: dict[str, Any], parsed: ParsedCommand, deps: Deps, **_: Any) -> None:
    verb = parsed.args[0] if parsed.args else ""
    if not parsed.args:
        lines = [line.text() for line in who_coordinates(sessions=deps.sessions)]
        ack(**build_notice(gettext("Coordinators:") + "\n" + "\n".join(lines) if lines else gettext("No coordinators yet.")))
        return
    target = user_mention(parsed.args[1]) if len(parsed.args) >= 2 and verb in ("add", "remove") else None
    if target is None or (verb == "remove" and len(parsed.args) > 2):
        return usage(ack, "coordinator", gettext("Name programs after the person to make them a program coordinator; "
                                                 "none: faculty-wide. Quote a name with spaces: \"Internal Medicine\"."))
    if verb == "add":
        return add_coordinator(ack, command, target, list(parsed.args[2:]), deps)
    try:
        changed = set_coordinator(sessions=deps.sessions, actor=command["user_id"], slack_user_id=target,
                                  add=verb == "add", now=deps.clock.now(), from_settings=deps.settings.coordinators)
    except RoleError as exc:
        ack(**build_notice(str(exc)))
        return
    ack(**build_notice(coordinator_change_text(f"<@{target}>", verb == "add", changed)))


def add_coordinator(ack: Ack, command: dict[str, Any], target: str, programs: list[str], deps: Deps) -> None:
    try:
        granted = grant_coordinator_role(sessions=deps.sessions, actor=command["user_id"], slack_user_id=target,
                                         typed_programs=programs, now=deps.clock.now())
    except (ProgramError, Refused) as exc:
        ack(**build_notice(str(exc)))
        return
    ack(**build_notice(granted.text()))


def handle_conflict(*, ack: Ack, command: dict[str, Any], parsed: ParsedCommand, roles: frozenset[str],
                    deps: Deps, **_: Any) -> None:
    people = [user_mention(arg) for arg in parsed.args[:-1]]
    reasons = ", ".join(f"`{code}`" for code in COI_REASONS)
    if not parsed.args or None in people or len(people) not in (1, 2) or (len(people) == 2 and "coordinator" not in roles):
        return usage(ack, "conflict", gettext("Reasons: {reasons}. Coordinators name the mentor first: "
                                              "`@mentor @mentee <reason>`.").format(reasons=reasons))
    mentor, mentee = (command["user_id"], people[0]) if len(people) == 1 else people
    try:
        added = record_conflict(sessions=deps.sessions, actor=command["user_id"], mentor_slack_id=str(mentor),
                                mentee_slack_id=str(mentee), reason=parsed.args[-1], now=deps.clock.now())
    except ConflictError as exc:
        ack(**build_notice(str(exc)))
        return
    ack(**build_notice(gettext("Recorded: {mentor} will never be matched with {mentee}.").format(
        mentor=f"<@{mentor}>", mentee=f"<@{mentee}>") if added else gettext("That conflict was already recorded.")))


def handle_tags(*, ack: Ack, command: dict[str, Any], parsed: ParsedCommand, deps: Deps, **_: Any) -> None:
    if parsed.args and parsed.args[0] == "add":
        names = [name.strip().lower() for name in " ".join(parsed.args[1:]).split(",") if name.strip()]
        if not names or any(len(name) > 60 for name in names):
            return usage(ack, "tags", gettext("Separate tags with commas; each at most 60 characters."))
        added = add_interest_tags(sessions=deps.sessions, actor=command["user_id"], names=names, now=deps.clock.now())
        ack(**build_notice(gettext("Added: {tags}.").format(tags=", ".join(added)) if added
                           else gettext("Those tags already exist.")))
        return
    known = tags(sessions=deps.sessions)
    ack(**build_notice(gettext("Interest tags: {tags}").format(tags=", ".join(known)) if known
                       else gettext("Interest tags: none yet. Add some with `/mentor tags add a, b`.")))
