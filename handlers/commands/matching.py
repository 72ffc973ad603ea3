"""`/mentor match` (coordinators), `/mentor find <kind>` (mentees), `/mentor rematch`, `/mentor end @a @b`."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.commands import ParsedCommand, user_mention
from bot.deps import Deps
from bot.flows.matching import active_matches, find_mentors, matches_between, propose_and_send
from bot.matching.service import MatchingError
from bot.i18n import gettext, format_count, later
from bot.vocabulary import KINDS, normalize_kind
from handlers.blocks.help import build_notice
from handlers.blocks.matching import build_rematch_choices, build_shortlist
from handlers.shared import end_and_tell, usage


def handle_match(*, ack: Ack, command: dict[str, Any], deps: Deps, client: Any, **_: Any) -> None:
    ack(**build_notice(gettext("Computing the best proposals; they'll arrive in our DM for your review.")))
    user_id = command["user_id"]
    batch = propose_and_send(sessions=deps.sessions, notifier=deps.notifier, actor=user_id, now=deps.clock.now())
    if not batch.proposals and not batch.unfilled:
        deps.notifier.notice(user_id, later("There are no open requests to match right now."))


def handle_find(*, ack: Ack, command: dict[str, Any], parsed: ParsedCommand, deps: Deps, **_: Any) -> None:
    kind = normalize_kind(parsed.args[0]) if parsed.args else None
    if kind is None:
        return usage(ack, "find", gettext("Kinds: {kinds}.").format(kinds=", ".join(KINDS)))
    try:
        options = find_mentors(sessions=deps.sessions, mentee_slack_id=command["user_id"], kind=kind,
                               now=deps.clock.now())
    except MatchingError as exc:
        ack(**build_notice(str(exc)))
        return
    ack(**build_shortlist(kind, options))


def handle_rematch(*, ack: Ack, command: dict[str, Any], deps: Deps, **_: Any) -> None:
    matches = active_matches(sessions=deps.sessions, slack_id=command["user_id"])
    if not matches:
        ack(**build_notice(gettext("You have no active mentoring matches to end.")))
        return
    ack(**build_rematch_choices(matches, command["user_id"]))


def handle_end(*, ack: Ack, command: dict[str, Any], parsed: ParsedCommand, deps: Deps, client: Any,
               **_: Any) -> None:
    people = {user_mention(arg) for arg in parsed.args}
    if len(parsed.args) != 2 or None in people or len(people) != 2:
        return usage(ack, "end")
    matches = matches_between(sessions=deps.sessions, people={str(p) for p in people})
    if not matches:
        ack(**build_notice(gettext("Those two people have no active match.")))
        return
    ended = [end_and_tell(deps, match.match_id, command["user_id"], is_coordinator=True) for match in matches]
    if any(ended):  # a refusal (outside a program coordinator's programs) is told by end_and_tell
        ack(**build_notice(format_count("Ended {n} match; both people and the other coordinators are told kindly.",
                                        "Ended {n} matches; both people and the other coordinators are told kindly.",
                                        sum(ended))))
    else:
        ack()
