"""What every `mentorbot` capability module shares (the only module of bot/cli they import): failing with a message,
the database, and the audit log's actor."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NoReturn, cast

import typer

from bot.i18n import _

from bot.settings import DatabaseSettings, Settings, SettingsError, load_settings

if TYPE_CHECKING:
    from bot.deps import Deps
    from storage.engine import SessionFactory

CLI_ACTOR = "cli"  # the audit log's actor for what the command line does (it acts for nobody in Slack)


def help_text(text: Any) -> str:
    """A lazy() help text, for typer, which wants a str: it reads as one, in the language of the moment."""
    return cast(str, text)


def fail(message: str, code: int = 2) -> NoReturn:
    typer.secho(message, err=True, fg=typer.colors.RED)
    raise typer.Exit(code)


def app_settings() -> Settings:
    try:
        return load_settings(Settings)
    except SettingsError as exc:
        fail(str(exc))


def database_settings() -> DatabaseSettings:
    try:
        return load_settings(DatabaseSettings)
    except SettingsError as exc:
        fail(str(exc))


def ready_deps(settings: Settings) -> Deps:
    """Dependencies on a migrated database, with the coordinators from settings granted."""
    from bot.startup import StartupError, prepare  # deferred: `mentorbot --help` stays fast

    try:
        return prepare(settings)
    except StartupError as exc:
        fail(str(exc))


def database_sessions() -> SessionFactory:
    from storage.engine import make_engine, session_factory  # deferred: `mentorbot --help` stays fast

    return session_factory(make_engine(database_settings().database_url))


# Top-level commands that read or change one program's data: they act on the tenant `--workspace` names (optional
# while one workspace or organisation is installed). The others serve every tenant (serve, scheduler, jobs run-due,
# outbox work) or no program (db, tokens, doctor, emulator, demo).
PROGRAM_COMMANDS = frozenset({"match", "offer-agreements", "announce", "report", "roster", "settings", "survey",
                              "coordinator", "resources", "programs"})


def workspace_tenant(workspace: str | None) -> int:
    """The tenant of the installation `workspace` (a team or enterprise id) names, for a command to run in: optional
    with one installation (or none: a single-workspace program), required, and the installations listed, with
    several."""
    from sqlmodel import select

    from bot.tenants import tenant_name
    from storage.engine import make_engine, session_factory
    from storage.tenancy import DEFAULT_TENANT_ID, Tenant

    try:
        with session_factory(make_engine(database_settings().database_url))() as session:
            installed = [t for t in session.exec(select(Tenant).order_by(Tenant.id))  # type: ignore[arg-type]
                         if t.team_id or t.enterprise_id]
    except Exception:  # not migrated yet: the command says so itself
        installed = []
    if workspace is None:
        if len(installed) > 1:
            names = "; ".join(tenant_name(t) for t in installed)
            fail(_("mentorbot serves {count} workspaces or organisations: say which with --workspace "
                   "TEAM_OR_ENTERPRISE_ID ({names})").format(count=len(installed), names=names))
        return installed[0].id if installed and installed[0].id else DEFAULT_TENANT_ID
    chosen = [t for t in installed if workspace in (t.team_id, t.enterprise_id)]
    if not chosen:
        names = "; ".join(tenant_name(t) for t in installed) or _("none yet")
        fail(_("no installation in {workspace}; installed: {names}").format(workspace=workspace, names=names))
    assert chosen[0].id is not None
    return chosen[0].id


def in_chosen_workspace(ctx: typer.Context) -> None:
    """Run the rest of this command in the tenant the root's --workspace names (left when the command ends): for a
    command of a group that also holds commands serving every tenant (`outbox failures` beside `outbox work`)."""
    from storage.tenancy import tenant_scope

    ctx.with_resource(tenant_scope(workspace_tenant(ctx.find_root().params.get("workspace"))))
