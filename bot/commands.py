"""The `/mentor` subcommands: what exists, who may use it, and how text is parsed."""

from __future__ import annotations

import difflib
import re
import shlex
from dataclasses import dataclass

from bot.i18n import N_, _, format_number


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
    _sub("help", N_("/mentor help"), N_("what you can do here"), "everyone", answers_only=True),
    _sub("join", N_("/mentor join"), N_("join the program as a mentee, a mentor, or both"), "everyone"),
    _sub("profile", N_("/mentor profile"), N_("see and change your mentoring profile"), "enrolled"),
    _sub("find", N_("/mentor find <kind>"), N_("see your best mentors of a kind (career, research, clinical, wellness, "
         "sponsorship, identity) and ask one"), "mentee"),
    _sub("flash", N_("/mentor flash <topic> | offer N"), N_("one 30-minute conversation with someone who knows a topic "
         "(mentors: take up to N such requests a month)"), "mentee", "mentor"),
    _sub("goals", N_("/mentor goals"), N_("write and update your goals (SMART), and choose who sees them"), "mentee"),
    _sub("idp", N_("/mentor idp"), N_("your development plan: where you are and want to be, up to three goals"), "mentee"),
    _sub("met", N_("/mentor met @person [YYYY-MM-DD] [minutes]"), N_("log a meeting with your mentor or mentee"),
         "mentee", "mentor"),
    _sub("availability", N_("/mentor availability"), N_("when you can meet and when you're busy (private: others see "
         "only the times computed from it), typed or from a calendar file"), "enrolled"),
    _sub("cadence", N_("/mentor cadence @person <days>"), N_("change how often a pair's check-ins come"), "mentee", "mentor"),
    _sub("rematch", N_("/mentor rematch"), N_("end a match that isn't working: no fault, no reasons needed"), "mentee", "mentor"),
    _sub("match", N_("/mentor match"), N_("compute matching proposals for your review"), "coordinator"),
    _sub("end", N_("/mentor end @mentee @mentor"), N_("end a match between two people"), "coordinator"),
    _sub("conflict", N_("/mentor conflict @mentee <reason>"), N_("declare that you assess a mentee (never matched)"),
         "mentor", "coordinator"),
    _sub("my-data", N_("/mentor my-data"), N_("get a copy of everything stored about you"), "everyone"),
    _sub("my-record", N_("/mentor my-record"), N_("your mentoring record for a promotion or teaching dossier, as a printable "
         "page"), "mentor"),
    _sub("leave", N_("/mentor leave"), N_("pause or end your participation"), "enrolled"),
    _sub("roster", N_("/mentor roster [export]"), N_("import (paste CSV) or export the roster"), "coordinator"),
    _sub("coordinator", N_("/mentor coordinator [add @person [PROGRAM …] | remove @person]"), N_("list who coordinates what; "
         "give (faculty-wide, or for some programs) or take away the coordinator role"),
         "coordinator"),
    _sub("settings", N_("/mentor settings [name value]"), N_("see or change program settings (dated changes)"),
         "coordinator"),
    _sub("tags", N_("/mentor tags [add tag, tag…]"), N_("list or add career-interest tags"), "coordinator"),
    _sub("report", N_("/mentor report [PROGRAM] [YYYY-MM-DD] [YYYY-MM-DD]"), N_("the evaluation report with charts, for "
         "one program or all you coordinate, from and to (default: the academic year so far)"), "coordinator"),
    _sub("recognition", N_("/mentor recognition [YEAR]"), N_("the year's mentor recognition list (mentors with their "
         "mentees, meetings, hours and completions) as a CSV file"), "coordinator"),
    _sub("survey", N_("/mentor survey [new | list | results ID | pause ID | resume ID | close ID]"),
         N_("pulse surveys: create, see results (chart and CSV), pause or close"), "coordinator"),
    _sub("resources", N_("/mentor resources"), N_("guides, courses and services for your kinds of mentoring and stage "
         "(coordinators: add and remove them)"), "enrolled", "coordinator"),
    _sub("programs", N_("/mentor programs [add NAME | alias NAME SPELLING | rename OLD NEW | merge FROM INTO]"),
         N_("the faculty's program registry: one name per program, and the other spellings that mean it"),
         "coordinator"),
    _sub("circle", N_("/mentor circle join ID | leave ID (coordinators: theme SIZES DAYS Name [@facilitators] | form ID | "
         "approve ID)"), N_("peer circles: join a theme, leave without fault; coordinators form them for review"),
         "enrolled", "coordinator"),
    _sub("event", N_("/mentor event new DATE TIME in_person|virtual ROUNDS MINUTES Title [@invitees] | schedule ID | "
         "picks ID | close ID"), N_("a speed-mentoring event: invitations with RSVP, the rotation, picks afterwards"),
         "coordinator"),
    _sub("announce", N_("/mentor announce"), N_("send an announcement to everyone or part of the program: now, at a set "
         "time, or at a time in each person's own timezone"), "coordinator"),
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
        raise CommandSyntaxError(_("That command is {length} characters long; the most I read is {most}.").format(
            length=format_number(len(text)), most=format_number(MAX_COMMAND_CHARS)))
    text = re.sub(r"<@([UW][A-Z0-9]+)\|[^>]*>", r"<@\1>", text)  # display names may hold spaces
    try:
        words = shlex.split(text.strip())
    except ValueError as exc:
        raise CommandSyntaxError(_("I couldn't read that command ({problem}).").format(problem=exc)) from None
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
