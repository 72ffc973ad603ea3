"""Granting the coordinator role with its scope (faculty-wide, or some registered programs), and who coordinates what.

A program coordinator may grant only within their own programs; only a faculty-wide coordinator (or the CLI) grants
the faculty-wide role. Every grant and every refusal is audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from bot.i18n import _
from bot.access import FACULTY_WIDE, Refused, Scope, scope_of, unit_of_work
from bot.programs import ProgramError, registry
from storage.engine import SessionFactory
from storage.queries.audit import record_audit
from storage.queries.coordinators import coordinator_programs, programs_of, set_programs
from storage.queries.people import grant_coordinator
from storage.queries.programs import registered_programs

CLI_SCOPE = FACULTY_WIDE


@dataclass(frozen=True)
class CoordinatorGrant:
    who: str
    programs: tuple[str, ...]  # empty: faculty-wide
    changed: bool

    def text(self) -> str:
        who, programs = f"<@{self.who}>", ", ".join(self.programs)
        if not self.programs:
            text = _("{who} is now a faculty-wide coordinator.") if self.changed else \
                _("{who} is already a faculty-wide coordinator.")
        else:
            text = _("{who} is now a coordinator of {programs}.") if self.changed else \
                _("{who} is already a coordinator of {programs}.")
        return text.format(who=who, programs=programs)


def grant(*, session: Session, actor: str, actor_scope: Scope, slack_user_id: str, typed_programs: list[str],
          now: datetime) -> CoordinatorGrant:
    """Make someone a coordinator of the programs typed (none: faculty-wide). Raises ProgramError for a name not
    in the registry, Refused (audited) for a grant beyond the actor's own scope."""
    names = sorted({registry(session).registered_name(typed) for typed in typed_programs})
    if not actor_scope.faculty_wide and (not names or any(not actor_scope.covers(name) for name in names)):
        raise Refused(_("You coordinate {programs}; you can grant only within those programs.").format(
            programs=actor_scope.label()),
                      actor=actor, action="coordinator.grant", target=slack_user_id)
    ids = {program.name: int(program.id or 0) for program in registered_programs(session=session)}
    if unknown := [name for name in names if name not in ids]:
        raise ProgramError(_("“{name}” is not a registered program; add it with `/mentor programs add` first.").format(
            name=unknown[0]))
    person, newly = grant_coordinator(session=session, slack_user_id=slack_user_id, now=now)
    assert person.id is not None
    before = sorted(programs_of(session=session, person_id=person.id))
    set_programs(session=session, person_id=person.id, program_ids=[ids[name] for name in names])
    changed = newly or before != names
    if changed:
        record_audit(session=session, now=now, actor=actor, action="coordinator.grant", target=slack_user_id,
                     detail={"programs": names or "faculty-wide"})
    return CoordinatorGrant(slack_user_id, tuple(names), changed)


def grant_coordinator_role(*, sessions: SessionFactory, actor: str, slack_user_id: str, typed_programs: list[str],
                           now: datetime, actor_scope: Scope | None = None) -> CoordinatorGrant:
    """From Slack (the actor's own scope) or the CLI (`actor_scope` given: faculty-wide)."""
    with unit_of_work(sessions, now) as session:
        scope = actor_scope if actor_scope is not None else scope_of(session=session, slack_user_id=actor)
        return grant(session=session, actor=actor, actor_scope=scope, slack_user_id=slack_user_id,
                     typed_programs=typed_programs, now=now)


@dataclass(frozen=True)
class CoordinatorLine:
    slack_user_id: str
    display_name: str
    programs: tuple[str, ...]  # empty: faculty-wide

    def text(self) -> str:
        return f"<@{self.slack_user_id}>: " + (", ".join(self.programs) if self.programs else _("faculty-wide"))


def who_coordinates(*, sessions: SessionFactory) -> list[CoordinatorLine]:
    with sessions() as session:
        return [CoordinatorLine(person.slack_user_id, person.display_name, programs)
                for person, programs in coordinator_programs(session=session)]


__all__ = ["CLI_SCOPE", "CoordinatorLine", "CoordinatorGrant", "ProgramError", "grant_coordinator_role", "who_coordinates"]
