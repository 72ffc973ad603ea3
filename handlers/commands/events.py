"""`/mentor event new|schedule|picks|close`: a coordinator's speed-mentoring event, from invitations to outcomes."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from slack_bolt import Ack

from bot.commands import ParsedCommand, user_mention
from bot.deps import Deps
from bot.i18n import format_number, gettext, lazy, ngettext
from bot.events.service import EventError
from bot.flows.events import ask_for_picks, finish_event, new_event, seat_event
from bot.numbers import NotANumber, parse_count
from handlers.blocks.help import build_notice
from handlers.shared import usage

NEW_USAGE = lazy("`/mentor event new YYYY-MM-DD HH:MM in_person|virtual ROUNDS MINUTES Title [@invitee ...]` "
             "(the time in the program's timezone; no one named: every mentor and mentee is invited)")


def handle_event(*, ack: Ack, command: dict[str, Any], parsed: ParsedCommand, deps: Deps, **_: Any) -> None:
    verb, rest = (parsed.args[0], parsed.args[1:]) if parsed.args else ("", ())
    try:
        if verb == "new":
            return _new(ack, command, rest, deps)
        if verb in ("schedule", "picks", "close") and len(rest) == 1:
            event_id = parse_count(rest[0], what=gettext("The event number"))
            return _step(ack, command, verb, event_id, deps)
    except NotANumber as exc:
        ack(**build_notice(str(exc)))
        return
    except EventError as exc:
        ack(**build_notice(str(exc)))
        return
    usage(ack, "event", str(NEW_USAGE))


def _new(ack: Ack, command: dict[str, Any], args: tuple[str, ...], deps: Deps) -> None:
    if len(args) < 6:
        return usage(ack, "event", str(NEW_USAGE))
    day, clock, place, rounds, minutes, *words = args
    try:
        starts_at = datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=ZoneInfo(deps.settings.timezone))
    except ValueError:
        return usage(ack, "event", str(NEW_USAGE))
    invitees = [mention for word in words if (mention := user_mention(word))]
    title = " ".join(word for word in words if not user_mention(word))
    event, invited = new_event(sessions=deps.sessions, notifier=deps.notifier, actor=command["user_id"], title=title,
                               starts_at=starts_at, place=place.lower(), rounds=parse_count(rounds, what=gettext("The number of rounds")),
                               minutes=parse_count(minutes, what=gettext("The minutes per round")), invitees=invitees or None,
                               now=deps.clock.now())
    ack(**build_notice(ngettext("Event {id} created; {n} person invited. When RSVPs are in: "
                                "`/mentor event schedule {id}`.",
                                "Event {id} created; {n} people invited. When RSVPs are in: "
                                "`/mentor event schedule {id}`.", invited).format(id=event.event_id,
                                                                                   n=format_number(invited))))


def _step(ack: Ack, command: dict[str, Any], verb: str, event_id: int, deps: Deps) -> None:
    actor, now = command["user_id"], deps.clock.now()
    if verb == "schedule":
        seats, fit = seat_event(sessions=deps.sessions, notifier=deps.notifier, actor=actor, event_id=event_id, now=now)
        ack(**build_notice(ngettext("Rotation made: {n} conversation (total fit {fit}); everyone has their rounds. "
                                    "After the event: `/mentor event picks {id}`.",
                                    "Rotation made: {n} conversations (total fit {fit}); everyone has their rounds. "
                                    "After the event: `/mentor event picks {id}`.", seats).format(
            n=format_number(seats), fit=format_number(fit, "0.00"), id=event_id)))
    elif verb == "picks":
        asked = ask_for_picks(sessions=deps.sessions, notifier=deps.notifier, actor=actor, event_id=event_id, now=now)
        ack(**build_notice(ngettext("Asked {n} person whom they'd like to continue with. Then: "
                                    "`/mentor event close {id}`.",
                                    "Asked {n} people whom they'd like to continue with. Then: "
                                    "`/mentor event close {id}`.", asked).format(n=format_number(asked), id=event_id)))
    else:
        outcome = finish_event(sessions=deps.sessions, notifier=deps.notifier, actor=actor, event_id=event_id,
                               now=now)
        matches = ngettext("{n} mutual pick became a match", "{n} mutual picks became matches",
                           outcome.matches).format(n=format_number(outcome.matches))
        requests = ngettext("{n} one-sided pick became a request with that mentor asked first",
                            "{n} one-sided picks became requests with that mentor asked first",
                            outcome.requests).format(n=format_number(outcome.requests))
        ack(**build_notice(gettext("Event closed: {matches}, {requests}.").format(matches=matches, requests=requests)))
