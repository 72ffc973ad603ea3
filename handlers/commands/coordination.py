"""Coordinator commands: grant the role, record conflicts of interest, manage interest tags."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.commands import BY_NAME, ParsedCommand, user_mention
from bot.conflicts import ConflictError, declare_conflict
from bot.deps import Deps
from bot.people import RoleError, add_tags, change_coordinator, coordinator_change_text
from bot.vocabulary import COI_REASONS
from handlers.blocks.help import build_notice
from storage.engine import transaction
from storage.queries.profiles import interest_tags


def usage(ack: Ack, name: str, extra: str = "") -> None:
    ack(**build_notice(f"Usage: `{BY_NAME[name].usage}`. {extra}".strip()))


def handle_coordinator(*, ack: Ack, command: dict[str, Any], parsed: ParsedCommand, deps: Deps, **_: Any) -> None:
    verb = parsed.args[0] if parsed.args else ""
    target = user_mention(parsed.args[1]) if len(parsed.args) == 2 and verb in ("add", "remove") else None
    if target is None:
        return usage(ack, "coordinator")
    try:
        with transaction(deps.sessions) as session:
            changed = change_coordinator(session=session, actor=command["user_id"], slack_user_id=target,
                                         add=verb == "add", now=deps.clock.now(),
                                         from_settings=deps.settings.coordinators)
    except RoleError as exc:
        return ack(**build_notice(str(exc)))
    ack(**build_notice(coordinator_change_text(f"<@{target}>", verb == "add", changed)))


def handle_conflict(*, ack: Ack, command: dict[str, Any], parsed: ParsedCommand, roles: frozenset[str],
                    deps: Deps, **_: Any) -> None:
    people = [user_mention(arg) for arg in parsed.args[:-1]]
    reasons = ", ".join(f"`{code}`" for code in COI_REASONS)
    if not parsed.args or None in people or len(people) not in (1, 2) or (len(people) == 2 and "coordinator" not in roles):
        return usage(ack, "conflict", f"Reasons: {reasons}. Coordinators name the mentor first: `@mentor @mentee <reason>`.")
    mentor, mentee = (command["user_id"], people[0]) if len(people) == 1 else people
    try:
        with transaction(deps.sessions) as session:
            added = declare_conflict(session=session, actor=command["user_id"], mentor_slack_id=str(mentor),
                                     mentee_slack_id=str(mentee), reason=parsed.args[-1], now=deps.clock.now())
    except ConflictError as exc:
        return ack(**build_notice(str(exc)))
    ack(**build_notice(f"Recorded: <@{mentor}> will never be matched with <@{mentee}>." if added
                       else "That conflict was already recorded."))


def handle_tags(*, ack: Ack, command: dict[str, Any], parsed: ParsedCommand, deps: Deps, **_: Any) -> None:
    if parsed.args and parsed.args[0] == "add":
        names = [name.strip().lower() for name in " ".join(parsed.args[1:]).split(",") if name.strip()]
        if not names or any(len(name) > 60 for name in names):
            return usage(ack, "tags", "Separate tags with commas; each at most 60 characters.")
        with transaction(deps.sessions) as session:
            added = add_tags(session=session, actor=command["user_id"], names=names, now=deps.clock.now())
        return ack(**build_notice(f"Added: {', '.join(added)}." if added else "Those tags already exist."))
    with deps.sessions() as session:
        tags = interest_tags(session=session)
    ack(**build_notice("Interest tags: " + (", ".join(tags) if tags else "none yet. Add some with `/mentor tags add a, b`.")))
