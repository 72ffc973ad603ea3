"""`mentorbot resources add|list|remove`: the resource library from the command line (audited as `cli`)."""

from __future__ import annotations

import typer

from bot.i18n import _, lazy

from bot.cli.support import CLI_ACTOR, database_sessions, fail, help_text


def resources_add(
    title: str,
    url: str,
    kind: list[str] = typer.Option([], help=help_text(lazy("A kind of mentoring it is for (repeat; default: every kind)."))),
    stage: list[str] = typer.Option([], help=help_text(lazy("A stage it is for, e.g. PGY-1 (repeat; default: every stage)."))),
    program: str | None = typer.Option(None, help=help_text(lazy("Only this program (default: every program)."))),
) -> None:
    from bot.clock import SystemClock
    from bot.resources import DraftProblems, add, checked_draft

    try:
        draft = checked_draft(title=title, url=url, kinds=kind, stages=stage, program=program)
    except DraftProblems as problems:
        fail("\n".join(f"{field}: {text}" for field, text in problems.by_field.items()))
    added = add(sessions=database_sessions(), actor=CLI_ACTOR, draft=draft, now=SystemClock().now())
    typer.echo(_("Added resource {id}: {title}").format(id=added.id, title=added.title))


def resources_list() -> None:
    from bot.resources import library_for

    for resource in library_for(sessions=database_sessions(), slack_user_id=CLI_ACTOR, coordinator=True):
        whom = " · ".join((", ".join(resource.kinds) or _("every kind"), ", ".join(resource.stages) or _("every stage"),
                           resource.program or _("every program")))
        typer.echo(f"{resource.id}\t{resource.title}\t{resource.url}\t{whom}")


def resources_remove(resource_id: int) -> None:
    from bot.clock import SystemClock
    from bot.resources import remove

    if not remove(sessions=database_sessions(), actor=CLI_ACTOR, resource_id=resource_id, now=SystemClock().now()):
        fail(_("There is no resource {id} (or it was already removed); `mentorbot resources list` shows them.").format(
            id=resource_id))
    typer.echo(_("Removed resource {id}.").format(id=resource_id))


def register(cli: typer.Typer) -> None:
    group = typer.Typer(help=help_text(lazy("The resource library: links shown to the people they are for.")), no_args_is_help=True)
    group.command("add", help=help_text(lazy(
        "Add a resource: a title and a link, for some kinds of mentoring, stages and a program.")))(resources_add)
    group.command("list", help=help_text(lazy(
        "Every resource in the library, with whom it is for.")))(resources_list)
    group.command("remove", help=help_text(lazy(
        "Remove a resource: nobody sees it any more.")))(resources_remove)
    cli.add_typer(group, name='resources')
