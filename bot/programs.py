"""The faculty's program registry: one name per program, and the other spellings that mean it.

While the registry is empty (a single program, or a faculty that has not set it up), a program is whatever people
type, tidied. Once it holds programs, every program name that enters mentorbot (the join modal, the roster, a
resource) must be one of them or one of their aliases; case and spaces never matter, and an unknown name is
refused with the closest registered one. Renaming or merging moves everything that names the program. Only
coordinators change the registry (the command's roles); every change is audited.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from bot.i18n import N_, _, format_number, ngettext
from bot.text_limits import length_error
from storage.engine import SessionFactory, transaction
from storage.queries import programs as rows
from storage.queries.audit import record_audit
from storage.queries.coordinators import move_program
from storage.queries.broadcasts import program_names
from storage.tables import RegisteredProgram

CLOSE_ENOUGH = 0.6  # difflib ratio above which a typed name is offered as "did you mean"


class ProgramError(ValueError):
    """A program name the registry cannot take or does not know, in words a coordinator can act on."""


def folded(text: str) -> str:
    """A spelling with case and runs of spaces folded: what two spellings must share to mean one program."""
    return " ".join(text.split()).casefold()


def tidy(text: str) -> str:
    return " ".join(text.split())


@dataclass(frozen=True)
class Registry:
    names: tuple[str, ...]
    spellings: dict[str, str]  # folded name or alias -> the registered name

    def resolve(self, typed: str) -> str | None:
        return self.spellings.get(folded(typed))

    def closest(self, typed: str) -> str | None:
        near = difflib.get_close_matches(folded(typed), list(self.spellings), n=1, cutoff=CLOSE_ENOUGH)
        return self.spellings[near[0]] if near else None

    def registered_name(self, typed: str) -> str:
        """The registered name typed stands for; typed itself (tidied) while the registry is empty."""
        if not self.names:
            return tidy(typed)
        if (name := self.resolve(typed)) is not None:
            return name
        closest = self.closest(typed)
        if closest:
            raise ProgramError(_("“{typed}” is not a registered program. Did you mean “{closest}”? Coordinators list "
                                 "them with `/mentor programs`.").format(typed=tidy(typed), closest=closest))
        raise ProgramError(_("“{typed}” is not a registered program. Coordinators list them with `/mentor programs`.")
                           .format(typed=tidy(typed)))


def registry(session: Session) -> Registry:
    programs = rows.registered_programs(session=session)
    by_id = {program.id: program.name for program in programs}
    spellings = {alias.spelling: by_id[alias.program_id] for alias in rows.program_aliases(session=session)
                 if alias.program_id in by_id}
    spellings.update({folded(program.name): program.name for program in programs})
    return Registry(tuple(program.name for program in programs), spellings)


def program_choices(session: Session) -> list[str]:
    """The programs a menu offers: the registry's, or (while it is empty) those people have joined with."""
    return list(registry(session).names) or program_names(session=session)


@dataclass(frozen=True)
class ProgramLine:
    name: str
    aliases: tuple[str, ...]
    people: int


def program_listing(*, sessions: SessionFactory) -> list[ProgramLine]:
    with sessions() as session:
        programs = rows.registered_programs(session=session)
        aliases = rows.program_aliases(session=session)
        people = rows.people_per_program(session=session)
    return [ProgramLine(program.name, tuple(a.spelling for a in aliases if a.program_id == program.id),
                        people.get(program.name, 0)) for program in programs]


def add_program(*, sessions: SessionFactory, actor: str, name: str, now: datetime) -> str:
    with transaction(sessions) as session:
        name = _new_name(session, name)
        rows.register(session=session, name=name, created_at=now)
        record_audit(session=session, now=now, actor=actor, action="program.add", target=name)
    return name


def add_alias(*, sessions: SessionFactory, actor: str, name: str, spelling: str, now: datetime) -> str:
    """Another spelling (an abbreviation, a former name) that means the registered program `name`."""
    with transaction(sessions) as session:
        program = _registered(session, name)
        key = folded(spelling)
        if not key:
            raise ProgramError(_("Give the other spelling, e.g. `/mentor programs alias \"Internal Medicine\" IM`."))
        if (taken := registry(session).resolve(spelling)) is not None:
            raise ProgramError(_("“{spelling}” already means “{name}”.").format(spelling=tidy(spelling), name=taken))
        _fits(spelling)
        rows.add_alias(session=session, spelling=key, program_id=program.id or 0)
        record_audit(session=session, now=now, actor=actor, action="program.alias", target=program.name,
                     detail={"spelling": tidy(spelling)})
        return program.name


def rename_program(*, sessions: SessionFactory, actor: str, old: str, new: str, now: datetime) -> int:
    """Rename a program everywhere; the old name stays an alias (rosters may still say it). People moved."""
    with transaction(sessions) as session:
        program = _registered(session, old)
        previous = program.name
        if (taken := registry(session).resolve(new)) not in (None, previous):
            raise ProgramError(_("“{typed}” is already registered (as “{name}”): merge the two instead.").format(
                typed=tidy(new), name=taken))
        new_name = _fits(new)
        rows.drop_alias(session=session, spelling=folded(new_name))  # one of its own spellings becomes its name
        program.name = new_name
        session.add(program)
        if folded(new_name) != folded(previous):
            rows.add_alias(session=session, spelling=folded(previous), program_id=program.id or 0)
        moved = rows.rename_everywhere(session=session, old=previous, new=new_name)
        record_audit(session=session, now=now, actor=actor, action="program.rename", target=new_name,
                     detail={"from": previous, "people": moved})
        return moved


def merge_programs(*, sessions: SessionFactory, actor: str, source: str, into: str, now: datetime) -> int:
    """Fold program `source` into `into`: its people, resources, audiences and spellings. People moved."""
    with transaction(sessions) as session:
        gone, kept = _registered(session, source), _registered(session, into)
        if gone.id == kept.id:
            raise ProgramError(_("“{first}” and “{second}” are already one program.").format(first=gone.name,
                                                                                                second=tidy(into)))
        rows.move_aliases(session=session, from_id=gone.id or 0, to_id=kept.id or 0)
        move_program(session=session, from_id=gone.id or 0, to_id=kept.id or 0)
        moved = rows.rename_everywhere(session=session, old=gone.name, new=kept.name)
        name = gone.name
        rows.delete_program(session=session, program_id=gone.id or 0)
        rows.add_alias(session=session, spelling=folded(name), program_id=kept.id or 0)
        record_audit(session=session, now=now, actor=actor, action="program.merge", target=kept.name,
                     detail={"from": name, "people": moved})
        return moved


def _registered(session: Session, typed: str) -> RegisteredProgram:
    found = registry(session)
    name = found.resolve(typed)
    if name is None:
        closest = found.closest(typed)
        if closest:
            raise ProgramError(_("There is no registered program “{typed}”. Did you mean “{closest}”?").format(
                typed=tidy(typed), closest=closest))
        raise ProgramError(_("There is no registered program “{typed}”.").format(typed=tidy(typed)))
    return next(p for p in rows.registered_programs(session=session) if p.name == name)


def _new_name(session: Session, typed: str) -> str:
    name = _fits(typed)
    if (taken := registry(session).resolve(name)) is not None:
        raise ProgramError(_("“{typed}” is already registered (as “{name}”).").format(typed=name, name=taken))
    return name


def _fits(name: str) -> str:
    if not tidy(name):
        raise ProgramError(_("Give the program a name, e.g. `/mentor programs add \"Internal Medicine\"`."))
    if problem := length_error(RegisteredProgram, "name", tidy(name), what=_("A program name")):
        raise ProgramError(problem)
    return tidy(name)


# `/mentor programs <verb> ...` and `mentorbot programs <verb> ...` share these words.
CHANGES = {
    "add": (N_("add NAME"), 1),
    "alias": (N_("alias NAME SPELLING"), 2),
    "rename": (N_("rename OLD NEW"), 2),
    "merge": (N_("merge FROM INTO"), 2),
}


def change_registry(*, sessions: SessionFactory, actor: str, args: tuple[str, ...], now: datetime) -> str:
    """Carry out one change to the registry; what was done, in a sentence. ProgramError says what to type."""
    verb, rest = (args[0].lower(), args[1:]) if args else ("", ())
    if verb not in CHANGES or len(rest) != CHANGES[verb][1]:
        forms = "`, `".join(_(form) for form, _count in CHANGES.values())
        raise ProgramError(_("Use one of `{forms}`; quote names with spaces, e.g. `rename \"Internal Medicine\" "
                             "\"General Internal Medicine\"`.").format(forms=forms))
    if verb == "add":
        return _("Registered “{name}”.").format(name=add_program(sessions=sessions, actor=actor, name=rest[0], now=now))
    if verb == "alias":
        name = add_alias(sessions=sessions, actor=actor, name=rest[0], spelling=rest[1], now=now)
        return _("“{spelling}” now means “{name}”.").format(spelling=tidy(rest[1]), name=name)
    if verb == "rename":
        moved = rename_program(sessions=sessions, actor=actor, old=rest[0], new=rest[1], now=now)
        return ngettext("Renamed to “{name}” everywhere ({n} person moved); the old name still works as an alias.",
                        "Renamed to “{name}” everywhere ({n} people moved); the old name still works as an alias.",
                        moved).format(name=tidy(rest[1]), n=format_number(moved))
    moved = merge_programs(sessions=sessions, actor=actor, source=rest[0], into=rest[1], now=now)
    return ngettext("Merged into “{name}” ({n} person moved); the old name still works as an alias.",
                    "Merged into “{name}” ({n} people moved); the old name still works as an alias.",
                    moved).format(name=tidy(rest[1]), n=format_number(moved))
