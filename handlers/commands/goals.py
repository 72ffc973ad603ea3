"""`/mentor goals`, `/mentor met @person [date] [minutes]`, `/mentor cadence @person <days>`, `/mentor settings`."""

from __future__ import annotations

from datetime import date
from typing import Any

from slack_bolt import Ack

from bot.commands import ParsedCommand, user_mention
from bot.deps import Deps
from bot.flows.care import change_pair_cadence, goals_of_mentee, log_meeting_of
from bot.flows.people import change_program_setting, program_settings
from bot.goals import GoalError
from bot.i18n import format_day, format_number, gettext, ngettext
from bot.meetings import MeetingError
from bot.numbers import NotANumber, parse_count
from bot.program_settings import SettingError
from handlers.blocks.goals import build_goals_modal
from handlers.blocks.help import build_notice
from handlers.shared import usage
from bot.development_plan import PlanError
from bot.flows.development import development_plan_form
from handlers.blocks.development import build_plan_modal


def handle_goals(*, ack: Ack, command: dict[str, Any], deps: Deps, client: Any, **_: Any) -> None:
    try:
        page = goals_of_mentee(sessions=deps.sessions, mentee_slack_id=command["user_id"])
    except GoalError as exc:
        ack(**build_notice(str(exc)))
        return
    ack()
    client.views_open(trigger_id=command["trigger_id"], view=build_goals_modal(page.goals, page.mentor_names))


def _met_args(args: tuple[str, ...]) -> tuple[str, date | None, int | None] | None:
    partner = user_mention(args[0]) if args else None
    rest = list(args[1:])
    try:
        met_on = date.fromisoformat(rest.pop(0)) if rest and "-" in rest[0] else None
        minutes = parse_count(rest.pop(0), what=gettext("minutes")) if rest else None
    except ValueError:
        return None
    return (partner, met_on, minutes) if partner and not rest else None


def handle_met(*, ack: Ack, command: dict[str, Any], parsed: ParsedCommand, deps: Deps, **_: Any) -> None:
    parsed_args = _met_args(parsed.args)
    if parsed_args is None:
        return usage(ack, "met", gettext("The date is YYYY-MM-DD (default today); minutes are a whole number."))
    partner, met_on, minutes = parsed_args
    try:
        logged = log_meeting_of(sessions=deps.sessions, actor=command["user_id"], partner=partner, met_on=met_on,
                                minutes=minutes, now=deps.clock.now())
    except MeetingError as exc:
        ack(**build_notice(str(exc)))
        return
    day = format_day(logged.met_on)
    ack(**build_notice(gettext("That day ({day}) was already logged; I kept one record.").format(day=day)
                       if logged.merged else
                       gettext("Logged your meeting with {partner} on {day}. Thank you!").format(
                           partner=f"<@{partner}>", day=day)))


def handle_cadence(*, ack: Ack, command: dict[str, Any], parsed: ParsedCommand, deps: Deps, **_: Any) -> None:
    partner = user_mention(parsed.args[0]) if len(parsed.args) == 2 else None
    if partner is None:
        return usage(ack, "cadence", gettext("Days between check-ins, e.g. 14 or 30."))
    try:
        days = parse_count(parsed.args[1], what=gettext("The cadence (days between check-ins)"))
        change_pair_cadence(sessions=deps.sessions, actor=command["user_id"], partner=partner, days=days,
                            now=deps.clock.now())
    except (MeetingError, NotANumber) as exc:
        ack(**build_notice(str(exc)))
        return
    ack(**build_notice(ngettext("Done: check-ins with {partner} now come every {n} day.",
                                "Done: check-ins with {partner} now come every {n} days.", days).format(
        partner=f"<@{partner}>", n=format_number(days))))


def handle_settings(*, ack: Ack, command: dict[str, Any], parsed: ParsedCommand, deps: Deps, **_: Any) -> None:
    if len(parsed.args) >= 2:
        try:
            value, changed = change_program_setting(sessions=deps.sessions, key=parsed.args[0],
                                                    text=" ".join(parsed.args[1:]), actor=command["user_id"],
                                                    now=deps.clock.now())
        except SettingError as exc:
            ack(**build_notice(str(exc)))
            return
        text = gettext("`{name}` is now {value} (a dated program change).") if changed else \
            gettext("`{name}` was already {value}.")
        ack(**build_notice(text.format(name=parsed.args[0], value=value)))
        return
    lines = [f"• `{key}` = {value}: {help_text}" for key, value, help_text in program_settings(sessions=deps.sessions)]
    ack(**build_notice(gettext("Program settings (change with `/mentor settings <name> <value>`):") + "\n"
                       + "\n".join(lines)))


def handle_idp(*, ack: Ack, command: dict[str, Any], deps: Deps, client: Any, **_: Any) -> None:
    try:
        form = development_plan_form(sessions=deps.sessions, mentee_slack_id=command["user_id"], now=deps.clock.now(),
                                     timezone=deps.settings.timezone)
    except PlanError as exc:
        ack(**build_notice(str(exc)))
        return
    ack()
    client.views_open(trigger_id=command["trigger_id"], view=build_plan_modal(form))
