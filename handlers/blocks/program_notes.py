"""Mentors' notes to the program, appended to the coordinators' weekly digest (kept apart from the check-in
builders, which change on their own schedule)."""

from __future__ import annotations

from typing import Any

from bot.alerts import ProgramNote
from bot.i18n import _, format_count, format_number
from handlers.blocks.common import MESSAGE_BLOCK_LIMIT, divider, escape_mrkdwn, section
from handlers.blocks.matching import kind_label

NOTES_SHOWN = 10


def with_program_notes(digest: dict[str, Any], notes: list[ProgramNote]) -> dict[str, Any]:
    """The digest with a section per note, marked with the pair it came from; the title counts them too."""
    if not notes:
        return digest
    blocks = note_blocks(_("*Notes to the program from mentors ({n})*").format(n=format_number(len(notes))),
                         notes[:NOTES_SHOWN])
    text = f"{digest['text']}; " + format_count("{n} note to the program", "{n} notes to the program", len(notes))
    return {**digest, "text": text, "blocks": (digest["blocks"] + blocks)[:MESSAGE_BLOCK_LIMIT]}


def note_blocks(title: str, notes: list[ProgramNote]) -> list[dict[str, Any]]:
    """A heading, then each note quoted under the pair it is about (everything typed is escaped)."""
    blocks = [divider(), section(title)]
    for note in notes:
        pair = _("{mentor} (mentor) about {mentee}, {kind} mentoring").format(
            mentor=note.mentor.name, mentee=note.mentee.name, kind=kind_label(note.kind))
        blocks.append(section(f"*{escape_mrkdwn(pair)}:*\n>{escape_mrkdwn(note.note).replace(chr(10), chr(10) + '>')}"))
    return blocks
