"""`mentorbot survey ...`: load definitions from files, list surveys and templates, export results, settings."""

from __future__ import annotations

from pathlib import Path

import typer

from bot.cli.support import app_settings, database_settings, fail, ready_deps


def survey_load(
    source: str = typer.Argument(..., help="A YAML or JSON file, or the name of a shipped template."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Check the definition; store nothing."),
) -> None:
    """Create a survey from a definition; every problem is reported with its field."""
    from bot.surveys.definitions import SurveyFileError, read_definition_file
    from bot.surveys.errors import DefinitionError, SurveyError
    from bot.surveys.service import create_survey, definition_from, summarize
    from bot.surveys.templates import template_names, template_raw
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
        fail(f"{source}: {len(exc.problems)} problem(s); nothing was stored.", code=1)
    verb = "Checked (dry run, nothing stored)" if dry_run else f"Created survey #{summary.survey_id}"
    typer.echo(f"{verb}: “{summary.title}”, {summary.questions} question{'s' if summary.questions != 1 else ''}, "
               f"{'anonymous' if summary.anonymous else 'named'}, for {summary.audience}. {summary.schedule}.")


def survey_list() -> None:
    """Every survey with its status, audience, schedule and latest round."""
    from bot.surveys.service import survey_summaries

    deps = ready_deps(app_settings())
    with deps.sessions() as session:
        summaries = survey_summaries(session=session, now=deps.clock.now())
    for s in summaries:
        latest = (f"round {s.latest_round.number} {s.latest_round.status}, {s.latest_round.responded}/"
                  f"{s.latest_round.asked} responded" if s.latest_round else "no rounds yet")
        typer.echo(f"#{s.survey_id} {s.title} [{s.status}, {'anonymous' if s.anonymous else 'named'}] "
                   f"for {s.audience}; {s.schedule}; {latest}")
    if not summaries:
        typer.echo("No surveys yet. `mentorbot survey templates` lists ready-made ones.")


def survey_templates(
    name: str | None = typer.Argument(None, help="Print this template's YAML to copy and edit."),
) -> None:
    """The shipped templates (load one with `mentorbot survey load NAME`)."""
    from importlib import resources

    from bot.surveys.templates import template_names, template_titles

    if name is None:
        for template, title in template_titles().items():
            typer.echo(f"{template}: {title}")
        return
    if name not in template_names():
        fail(f"No template `{name}`. Templates: {', '.join(template_names())}")
    typer.echo((resources.files("bot.surveys") / "templates" / f"{name}.yaml").read_text(encoding="utf-8"), nl=False)


def survey_results_command(
    survey_id: int = typer.Argument(..., help="The survey's number (see `mentorbot survey list`)."),
    round_number: int | None = typer.Option(None, "--round", help="Which round; default: the latest."),
    output_format: str = typer.Option("csv", "--format", help="csv or json"),
) -> None:
    """Results with small groups suppressed (the same figures as in Slack), to standard output."""
    from bot.surveys.errors import SurveyError
    from bot.surveys.exports import results_csv, results_json
    from bot.surveys.results import survey_results
    from storage.engine import make_engine, session_factory

    if output_format not in ("csv", "json"):
        fail(f"--format must be csv or json (got {output_format!r})")
    with session_factory(make_engine(database_settings().database_url))() as session:
        try:
            results = survey_results(session=session, survey_id=survey_id, round_number=round_number)
        except SurveyError as exc:
            fail(str(exc), code=1)
    typer.echo(results_csv(results) if output_format == "csv" else results_json(results), nl=False)


def survey_settings(
    support_text: str | None = typer.Option(None, help="The support resources that end every wellbeing survey."),
    min_group: int | None = typer.Option(None, help="Hide results for groups smaller than this (5 or more)."),
) -> None:
    """Show or change the survey settings (each change is a dated program change)."""
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
            typer.echo(f"minimum group size: {survey_setting.minimum_group_size(session)}")
            typer.echo(f"support resources: {survey_setting.support_text(session)}")
    except SurveyError as exc:
        fail(str(exc))


def register(cli: typer.Typer) -> None:
    group = typer.Typer(help="Pulse surveys: load definitions, list them, export results.", no_args_is_help=True)
    group.command("load")(survey_load)
    group.command("list")(survey_list)
    group.command("templates")(survey_templates)
    group.command("results")(survey_results_command)
    group.command("settings")(survey_settings)
    cli.add_typer(group, name='survey')
