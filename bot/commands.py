"""The `/mentor` subcommands: what exists, who may use it, and how text is parsed."""

from __future__ import annotations

import difflib
import re
import shlex
from dataclasses import dataclass


@dataclass(frozen=True)
class Subcommand:
    name: str
    usage: str
    summary: str
    roles: frozenset[str]  # any one of these roles may use it
    answers_only: bool = False  # changes nothing and answers in its own HTTP response: a duplicate is harmless


def _sub(name: str, usage: str, summary: str, *roles: str, answers_only: bool = False) -> Subcommand:
    return Subcommand(name, usage, summary, frozenset(roles), answers_only)


SUBCOMMANDS: tuple[Subcommand, ...] = (
    _sub("help", "/mentor help", "what you can do here", "everyone", answers_only=True),
    _sub("join", "/mentor join", "join the program as a mentee, a mentor, or both", "everyone"),
    _sub("profile", "/mentor profile", "see and change your mentoring profile", "enrolled"),
    _sub("find", "/mentor find <kind>", "see your best mentors of a kind (career, research, clinical, wellness, "
         "sponsorship, identity) and ask one", "mentee"),
    _sub("flash", "/mentor flash <topic> | offer N", "one 30-minute conversation with someone who knows a topic "
         "(mentors: take up to N such requests a month)", "mentee", "mentor"),
    _sub("goals", "/mentor goals", "write and update your goals (SMART), and choose who sees them", "mentee"),
    _sub("idp", "/mentor idp", "your development plan: where you are and want to be, up to three goals", "mentee"),
    _sub("met", "/mentor met @person [YYYY-MM-DD] [minutes]", "log a meeting with your mentor or mentee",
         "mentee", "mentor"),
    _sub("availability", "/mentor availability", "when you can meet and when you're busy (private: others see "
         "only the times computed from it), typed or from a calendar file", "enrolled"),
    _sub("cadence", "/mentor cadence @person <days>", "change how often a pair's check-ins come", "mentee", "mentor"),
    _sub("rematch", "/mentor rematch", "end a match that isn't working: no fault, no reasons needed", "mentee", "mentor"),
    _sub("match", "/mentor match", "compute matching proposals for your review", "coordinator"),
    _sub("end", "/mentor end @mentee @mentor", "end a match between two people", "coordinator"),
    _sub("conflict", "/mentor conflict @mentee <reason>", "declare that you assess a mentee (never matched)",
         "mentor", "coordinator"),
    _sub("my-data", "/mentor my-data", "get a copy of everything stored about you", "everyone"),
    _sub("my-record", "/mentor my-record", "your mentoring record for a promotion or teaching dossier, as a printable "
         "page", "mentor"),
    _sub("leave", "/mentor leave", "pause or end your participation", "enrolled"),
    _sub("roster", "/mentor roster [export]", "import (paste CSV) or export the roster", "coordinator"),
    _sub("coordinator", "/mentor coordinator [add @person [PROGRAM …] | remove @person]", "list who coordinates what; "
         "give (faculty-wide, or for some programs) or take away the coordinator role",
         "coordinator"),
    _sub("settings", "/mentor settings [name value]", "see or change program settings (dated changes)",
         "coordinator"),
    _sub("tags", "/mentor tags [add tag, tag…]", "list or add career-interest tags", "coordinator"),
    _sub("report", "/mentor report [PROGRAM] [YYYY-MM-DD] [YYYY-MM-DD]", "the evaluation report with charts, for "
         "one program or all you coordinate, from and to (default: the academic year so far)", "coordinator"),
    _sub("recognition", "/mentor recognition [YEAR]", "the year's mentor recognition list (mentors with their "
         "mentees, meetings, hours and completions) as a CSV file", "coordinator"),
    _sub("survey", "/mentor survey [new | list | results ID | pause ID | resume ID | close ID]",
         "pulse surveys: create, see results (chart and CSV), pause or close", "coordinator"),
    _sub("resources", "/mentor resources", "guides, courses and services for your kinds of mentoring and stage "
         "(coordinators: add and remove them)", "enrolled", "coordinator"),
    _sub("programs", "/mentor programs [add NAME | alias NAME SPELLING | rename OLD NEW | merge FROM INTO]",
         "the faculty's program registry: one name per program, and the other spellings that mean it",
         "coordinator"),
    _sub("circle", "/mentor circle join ID | leave ID (coordinators: theme SIZES DAYS Name [@facilitators] | form ID | "
         "approve ID)", "peer circles: join a theme, leave without fault; coordinators form them for review",
         "enrolled", "coordinator"),
    _sub("event", "/mentor event new DATE TIME in_person|virtual ROUNDS MINUTES Title [@invitees] | schedule ID | "
         "picks ID | close ID", "a speed-mentoring event: invitations with RSVP, the rotation, picks afterwards",
         "coordinator"),
    _sub("announce", "/mentor announce", "send an announcement to everyone or part of the program: now, at a set "
         "time, or at a time in each person's own timezone", "coordinator"),
)
BY_NAME = {sub.name: sub for sub in SUBCOMMANDS}


@dataclass(frozen=True)
class ParsedCommand:
    name: str
    args: tuple[str, ...]


MAX_COMMAND_CHARS = 4000  # longer than any command needs (the longest free text, the support text, is 1,000)


class CommandSyntaxError(ValueError):
    """The text could not be split into words (e.g. an unclosed quote)."""


def parse_command_text(text: str) -> ParsedCommand:
    """Split `/mentor` text into a lower-case subcommand and its arguments; bare text means help."""
    if len(text) > MAX_COMMAND_CHARS:  # before any regex or shlex: a megabyte must cost nothing
        raise CommandSyntaxError(f"That command is {len(text):,} characters long; the most I read is "
                                 f"{MAX_COMMAND_CHARS:,}.")
    text = re.sub(r"<@([UW][A-Z0-9]+)\|[^>]*>", r"<@\1>", text)  # display names may hold spaces
    try:
        words = shlex.split(text.strip())
    except ValueError as exc:
        raise CommandSyntaxError(f"I couldn't read that command ({exc}).") from None
    if not words:
        return ParsedCommand("help", ())
    return ParsedCommand(words[0].lower(), tuple(words[1:]))


def available_to(roles: frozenset[str]) -> list[Subcommand]:
    return [sub for sub in SUBCOMMANDS if sub.roles & roles]


def closest_subcommand(name: str) -> str | None:
    matches = difflib.get_close_matches(name, BY_NAME, n=1, cutoff=0.5)
    return matches[0] if matches else None


def may_use(subcommand: Subcommand, roles: frozenset[str]) -> bool:
    return bool(subcommand.roles & roles)


MENTION = re.compile(r"^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$")


def user_mention(word: str) -> str | None:
    """The Slack user id in an escaped mention such as `<@U123ABC|riley>`; None if it is not one."""
    match = MENTION.match(word.strip())
    return match.group(1) if match else None


def answers_only(text: str) -> bool:
    """Whether this command text names a subcommand that only answers (no record, no message)."""
    try:
        sub = BY_NAME.get(parse_command_text(text).name)
    except CommandSyntaxError:
        return True  # it will only be answered with the syntax problem
    return sub is not None and sub.answers_only
