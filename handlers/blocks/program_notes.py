"""Mentors' notes to the program, appended to the coordinators' weekly digest (kept apart from the check-in
builders, which change on their own schedule)."""

from __future__ import annotations

from typing import Any

from bot.alerts import ProgramNote
from handlers.blocks.common import MESSAGE_BLOCK_LIMIT, divider, escape_mrkdwn, section
from handlers.blocks.matching import kind_label

NOTES_SHOWN = 10


def with_program_notes(digest: dict[str, Any], notes: list[ProgramNote]) -> dict[str, Any]:
    """The digest with a section per note, marked with the pair it came from; the title counts them too."""
    if not notes:
        return digest
    blocks = note_blocks(f"*Notes to the program from mentors ({len(notes)})*", notes[:NOTES_SHOWN])
    text = f"{digest['text']}; {len(notes)} note{'s' if len(notes) != 1 else ''} to the program"
    return {**digest, "text": text, "blocks": (digest["blocks"] + blocks)[:MESSAGE_BLOCK_LIMIT]}


def note_blocks(title: str, notes: list[ProgramNote]) -> list[dict[str, Any]]:
    """A heading, then each note quoted under the pair it is about (everything typed is escaped)."""
    blocks = [divider(), section(title)]
    for note in notes:
        pair = f"{note.mentor.name} (mentor) about {note.mentee.name}, {kind_label(note.kind)} mentoring"
        blocks.append(section(f"*{escape_mrkdwn(pair)}:*\n>{escape_mrkdwn(note.note).replace(chr(10), chr(10) + '>')}"))
    return blocks
