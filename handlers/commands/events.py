"""`/mentor event new|schedule|picks|close`: a coordinator's speed-mentoring event, from invitations to outcomes."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from slack_bolt import Ack

from bot.commands import ParsedCommand, user_mention
from bot.deps import Deps
from bot.events.service import EventError
from bot.flows.events import ask_for_picks, finish_event, new_event, seat_event
from bot.numbers import NotANumber, parse_count
from handlers.blocks.help import build_notice
from handlers.shared import usage

NEW_USAGE = ("`/mentor event new YYYY-MM-DD HH:MM in_person|virtual ROUNDS MINUTES Title [@invitee ...]` "
             "(the time in the program's timezone; no one named: every mentor and mentee is invited)")


def handle_event(*, ack: Ack, command: dict[str, Any], parsed: ParsedCommand, deps: Deps, **_: Any) -> None:
    verb, rest = (parsed.args[0], parsed.args[1:]) if parsed.args else ("", ())
    try:
        if verb == "new":
            return _new(ack, command, rest, deps)
        if verb in ("schedule", "picks", "close") and len(rest) == 1:
            event_id = parse_count(rest[0], what="event number")
            return _step(ack, command, verb, event_id, deps)
    except NotANumber as exc:
        ack(**build_notice(str(exc)))
        return
    except EventError as exc:
        ack(**build_notice(str(exc)))
        return
    usage(ack, "event", NEW_USAGE)


def _new(ack: Ack, command: dict[str, Any], args: tuple[str, ...], deps: Deps) -> None:
    if len(args) < 6:
        return usage(ack, "event", NEW_USAGE)
    day, clock, place, rounds, minutes, *words = args
    try:
        starts_at = datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=ZoneInfo(deps.settings.timezone))
    except ValueError:
        return usage(ack, "event", NEW_USAGE)
    invitees = [mention for word in words if (mention := user_mention(word))]
    title = " ".join(word for word in words if not user_mention(word))
    event, invited = new_event(sessions=deps.sessions, notifier=deps.notifier, actor=command["user_id"], title=title,
                               starts_at=starts_at, place=place.lower(), rounds=parse_count(rounds, what="rounds"),
                               minutes=parse_count(minutes, what="minutes"), invitees=invitees or None,
                               now=deps.clock.now())
    ack(**build_notice(f"Event {event.event_id} created; {invited} people invited. When RSVPs are in: "
                       f"`/mentor event schedule {event.event_id}`."))


def _step(ack: Ack, command: dict[str, Any], verb: str, event_id: int, deps: Deps) -> None:
    actor, now = command["user_id"], deps.clock.now()
    if verb == "schedule":
        seats, fit = seat_event(sessions=deps.sessions, notifier=deps.notifier, actor=actor, event_id=event_id, now=now)
        ack(**build_notice(f"Rotation made: {seats} conversations (total fit {fit:.2f}); everyone has their rounds. "
                           f"After the event: `/mentor event picks {event_id}`."))
    elif verb == "picks":
        asked = ask_for_picks(sessions=deps.sessions, notifier=deps.notifier, actor=actor, event_id=event_id, now=now)
        ack(**build_notice(f"Asked {asked} people whom they'd like to continue with. Then: "
                           f"`/mentor event close {event_id}`."))
    else:
        outcome = finish_event(sessions=deps.sessions, notifier=deps.notifier, actor=actor, event_id=event_id,
                               now=now)
        ack(**build_notice(f"Event closed: {outcome.matches} mutual picks became matches, {outcome.requests} "
                           "one-sided picks became requests with that mentor asked first."))
