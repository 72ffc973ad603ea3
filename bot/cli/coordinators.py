"""`mentorbot coordinator add|list|remove`: the coordinator role (audited)."""

from __future__ import annotations

import typer

from bot.i18n import lazy

from bot.cli.support import CLI_ACTOR, app_settings, fail, help_text


def coordinator_add(slack_id: str, programs: list[str] = typer.Argument(None, help=help_text(lazy("Registered programs they "
                    "coordinate; none: faculty-wide.")))) -> None:
    from bot.clock import SystemClock
    from bot.coordinators import CLI_SCOPE, ProgramError, grant_coordinator_role
    from storage.engine import make_engine, session_factory

    sessions = session_factory(make_engine(app_settings().database_url))
    try:
        granted = grant_coordinator_role(sessions=sessions, actor=CLI_ACTOR, slack_user_id=slack_id,
                                         typed_programs=programs or [], now=SystemClock().now(), actor_scope=CLI_SCOPE)
    except ProgramError as exc:
        fail(str(exc))
    typer.echo(granted.text().replace(f"<@{slack_id}>", slack_id))


def coordinator_list() -> None:
    from bot.coordinators import who_coordinates
    from storage.engine import make_engine, session_factory

    for line in who_coordinates(sessions=session_factory(make_engine(app_settings().database_url))):
        typer.echo(line.text().replace(f"<@{line.slack_user_id}>", line.slack_user_id))


def coordinator_remove(slack_id: str) -> None:
    _change_coordinator(slack_id, add=False)


def _change_coordinator(slack_id: str, *, add: bool) -> None:
    from bot.clock import SystemClock
    from bot.people import RoleError, change_coordinator, coordinator_change_text
    from storage.engine import make_engine, session_factory, transaction

    settings = app_settings()
    try:
        with transaction(session_factory(make_engine(settings.database_url))) as session:
            changed = change_coordinator(session=session, actor=CLI_ACTOR, slack_user_id=slack_id, add=add,
                                         now=SystemClock().now(), from_settings=settings.coordinators)
    except RoleError as exc:
        fail(str(exc))
    typer.echo(coordinator_change_text(slack_id, add, changed))


def register(cli: typer.Typer) -> None:
    group = typer.Typer(help=help_text(lazy('Give or take away the coordinator role (audited).')), no_args_is_help=True)
    group.command("add", help=help_text(lazy(
        "Make the person with this Slack user ID a coordinator (faculty-wide, or of the programs named).")))(coordinator_add)
    group.command("list", help=help_text(lazy(
        "Who coordinates what: faculty-wide or their programs.")))(coordinator_list)
    group.command("remove", help=help_text(lazy(
        "Take the coordinator role away (not from those named in MENTORBOT_COORDINATORS, nor from the last "
        "one).")))(coordinator_remove)
    cli.add_typer(group, name='coordinator')
