"""`mentorbot survey ...`: load definitions from files, list surveys and templates, export results, settings."""

from __future__ import annotations

from pathlib import Path

import typer

from bot.i18n import _, lazy, ngettext

from bot.cli.support import app_settings, database_settings, fail, ready_deps, help_text


def survey_load(
    source: str = typer.Argument(..., help=help_text(lazy("A YAML or JSON file, or the name of a shipped template."))),
    dry_run: bool = typer.Option(False, "--dry-run", help=help_text(lazy("Check the definition; store nothing."))),
) -> None:
    from bot.surveys.definitions import SurveyFileError, read_definition_file
    from bot.surveys.errors import DefinitionError, SurveyError
    from bot.surveys.service import create_survey, definition_from, summarize
    from bot.surveys.templates import template_names, template_note, template_raw
    from bot.timing import zone
    from storage.engine import transaction

    settings = app_settings()
    deps = ready_deps(settings)
    now = deps.clock.now()
    try:
        raw = template_raw(source) if source in template_names() else read_definition_file(Path(source))
        with transaction(deps.sessions) as session:
            definition = definition_from(session=session, raw=raw, timezone=settings.timezone,
                                         today=now.astimezone(zone(settings.timezone)).date(), source=Path(source).name)
            survey = create_survey(session=session, definition=definition, actor="cli", now=now)
            summary = summarize(session, survey, now)
            if dry_run:
                session.rollback()
    except (SurveyFileError, SurveyError) as exc:
        fail(f"{source}: {exc}", code=1)
    except DefinitionError as exc:
        for problem in exc.problems:
            typer.echo(f"{source}: {problem}", err=True)
        fail(ngettext("{source}: {n} problem; nothing was stored.", "{source}: {n} problems; nothing was stored.",
                      len(exc.problems)).format(source=source, n=len(exc.problems)), code=1)
    verb = _("Checked (dry run, nothing stored)") if dry_run else _("Created survey #{id}").format(id=summary.survey_id)
    questions = ngettext("{n} question", "{n} questions", summary.questions).format(n=summary.questions)
    typer.echo(_("{verb}: “{title}”, {questions}, {privacy}, for {audience}. {schedule}.").format(
        verb=verb, title=summary.title, questions=questions, privacy=_("anonymous") if summary.anonymous else _("named"),
        audience=summary.audience, schedule=summary.schedule))
    note = template_note(source) if source in template_names() else None
    if note:
        typer.echo(_("Translation: {note}").format(note=note))


def survey_list() -> None:
    from bot.surveys.service import survey_summaries

    deps = ready_deps(app_settings())
    with deps.sessions() as session:
        summaries = survey_summaries(session=session, now=deps.clock.now())
    for s in summaries:
        latest = (_("round {number} {status}, {responded}/{asked} responded").format(
            number=s.latest_round.number, status=s.latest_round.status, responded=s.latest_round.responded,
            asked=s.latest_round.asked) if s.latest_round else _("no rounds yet"))
        typer.echo(_("#{id} {title} [{status}, {privacy}] for {audience}; {schedule}; {latest}").format(
            id=s.survey_id, title=s.title, status=s.status, privacy=_("anonymous") if s.anonymous else _("named"),
            audience=s.audience, schedule=s.schedule, latest=latest))
    if not summaries:
        typer.echo(_("No surveys yet. `mentorbot survey templates` lists ready-made ones."))


def survey_templates(
    name: str | None = typer.Argument(None, help=help_text(lazy("Print this template's YAML to copy and edit."))),
) -> None:
    from importlib import resources

    from bot.surveys.templates import template_names, template_note, template_titles

    if name is None:
        for template, title in template_titles().items():
            typer.echo(f"{template}: {title}")
            note = template_note(template)
            if note:
                typer.echo(f"    {note}")
        return
    if name not in template_names():
        fail(_("No template `{name}`. Templates: {names}").format(name=name, names=", ".join(template_names())))
    typer.echo((resources.files("bot.surveys") / "templates" / f"{name}.yaml").read_text(encoding="utf-8"), nl=False)


def survey_results_command(
    survey_id: int = typer.Argument(..., help=help_text(lazy("The survey's number (see `mentorbot survey list`)."))),
    round_number: int | None = typer.Option(None, "--round", help=help_text(lazy("Which round; default: the latest."))),
    output_format: str = typer.Option("csv", "--format", help=help_text(lazy("csv or json"))),
) -> None:
    from bot.surveys.errors import SurveyError
    from bot.surveys.exports import results_csv, results_json
    from bot.surveys.results import survey_results
    from storage.engine import make_engine, session_factory

    if output_format not in ("csv", "json"):
        fail(_("--format must be csv or json (got {text})").format(text=repr(output_format)))
    with session_factory(make_engine(database_settings().database_url))() as session:
        try:
            results = survey_results(session=session, survey_id=survey_id, round_number=round_number)
        except SurveyError as exc:
            fail(str(exc), code=1)
    typer.echo(results_csv(results) if output_format == "csv" else results_json(results), nl=False)


def survey_settings(
    support_text: str | None = typer.Option(None, help=help_text(lazy("The support resources that end every wellbeing survey."))),
    min_group: int | None = typer.Option(None, help=help_text(lazy("Hide results for groups smaller than this (5 or more)."))),
) -> None:
    from bot.clock import SystemClock
    from bot.surveys import settings as survey_setting
    from bot.surveys.errors import SurveyError
    from storage.engine import make_engine, session_factory, transaction

    try:
        with transaction(session_factory(make_engine(database_settings().database_url))) as session:
            if support_text is not None:
                survey_setting.change_support_text(session=session, text=support_text, actor="cli",
                                                   now=SystemClock().now())
            if min_group is not None:
                survey_setting.change_minimum_group_size(session=session, size=min_group, actor="cli",
                                                         now=SystemClock().now())
            typer.echo(_("minimum group size: {n}").format(n=survey_setting.minimum_group_size(session)))
            typer.echo(_("support resources: {text}").format(text=survey_setting.support_text(session)))
    except SurveyError as exc:
        fail(str(exc))


def register(cli: typer.Typer) -> None:
    group = typer.Typer(help=help_text(lazy("Pulse surveys: load definitions, list them, export results.")), no_args_is_help=True)
    group.command("load", help=help_text(lazy(
        "Create a survey from a definition; every problem is reported with its field.")))(survey_load)
    group.command("list", help=help_text(lazy(
        "Every survey with its status, audience, schedule and latest round.")))(survey_list)
    group.command("templates", help=help_text(lazy(
        "The shipped templates (load one with `mentorbot survey load NAME`).")))(survey_templates)
    group.command("results", help=help_text(lazy(
        "Results with small groups suppressed (the same figures as in Slack), to standard output.")))(survey_results_command)
    group.command("settings", help=help_text(lazy(
        "Show or change the survey settings (each change is a dated program change).")))(survey_settings)
    cli.add_typer(group, name='survey')
