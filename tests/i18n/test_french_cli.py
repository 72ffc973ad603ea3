"""The command line speaks the coordinator's language: `--locale fr`, else MENTORBOT_LOCALE, else the terminal's
locale; and only for that command (the next one, and the rest of the process, are in English again)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import cli, cli_language, main
from bot.i18n import _, current_language
from storage.engine import make_engine, session_factory, transaction
from tests.report.seed import seed_program


@pytest.fixture
def run(database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.chdir(tmp_path)
    for name in ("MENTORBOT_LOCALE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)

    def invoke(*args: str, **env: str):
        return CliRunner().invoke(cli, list(args), env={"DATABASE_URL": database_url, **env}, catch_exceptions=False)

    return invoke


def test_the_terminal_locale_an_override_and_the_option_choose_the_language(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("MENTORBOT_LOCALE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    assert cli_language(None) is None
    monkeypatch.setenv("LANG", "fr_CA.UTF-8")
    assert cli_language(None) == "fr"
    monkeypatch.setenv("MENTORBOT_LOCALE", "en")
    assert cli_language(None) == "en"
    assert cli_language("fr") == "fr"
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.delenv("MENTORBOT_LOCALE")
    assert cli_language(None) is None  # the C locale: English


def test_survey_templates_are_listed_in_french_with_their_translation_notes(run) -> None:
    french = run("--locale", "fr", "survey", "templates")
    assert "wellbeing-monthly: Sondage éclair mensuel sur le bien-être" in french.output
    assert "Dion et Tessier" in french.output and "Traduction française non validée" in french.output
    english = run("survey", "templates")
    assert "wellbeing-monthly: Monthly wellbeing pulse" in english.output and "non validée" not in english.output
    assert current_language() == "en" and _("Never") == "Never"  # the French ended with its command


def test_the_report_command_writes_a_french_report_for_a_french_terminal(run, database_url: str,
                                                                           tmp_path: Path) -> None:
    with transaction(session_factory(make_engine(database_url))) as session:
        seed_program(session)
    result = run("report", "--from", "2026-09-01", "--to", "2026-11-30", "--format", "csv", "--out", "r.csv",
                 LANG="fr_CA.UTF-8")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].startswith("1er septembre 2026 – 30 novembre 2026\u00a0: couverture")
    assert "Fichier écrit\u00a0: r.csv" in result.output
    assert (tmp_path / "r.csv").read_text(encoding="utf-8").startswith("section,indicateur,groupe,valeur")
    html = run("--locale", "fr", "report", "--from", "2026-09-01", "--to", "2026-11-30", "--out", "r.html")
    assert html.exit_code == 0
    assert "Évaluation du programme de mentorat" in (tmp_path / "r.html").read_text(encoding="utf-8")
    english = run("report", "--from", "2026-09-01", "--to", "2026-11-30", "--format", "csv", "--out", "e.csv")
    assert "Wrote e.csv" in english.output


def test_a_french_coordinator_reads_help_in_french(monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("sys.argv", ["mentorbot", "--locale", "fr", "report", "--help"])
    with pytest.raises(SystemExit):
        main()
    assert "Dernier jour, AAAA-MM-JJ" in capsys.readouterr().out
    assert current_language() == "en"


def every_command_summary() -> dict[str, str]:
    """Each command's summary as `mentorbot --help` (or a group's) lists it, in the language of the moment."""
    import typer.main

    def walk(command, path: str) -> dict[str, str]:
        found = {path: str(command.help or "")} if path else {}
        for name, child in getattr(command, "commands", {}).items():
            found.update(walk(child, f"{path} {name}".strip()))
        return found

    return walk(typer.main.get_command(cli), "")


def test_every_command_summary_follows_the_locale() -> None:
    from bot.i18n import speaking

    with speaking("en"):
        english = every_command_summary()
    with speaking("fr"):
        french = every_command_summary()
    assert english["survey list"] == "Every survey with its status, audience, schedule and latest round."
    assert french["survey list"] == "Chaque sondage avec son état, son public, son calendrier et sa dernière vague."
    untranslated = sorted(path for path, text in english.items() if not text or french[path] == text)
    assert untranslated == [], f"command summaries still in English only: {untranslated}"


def test_the_command_list_is_in_french(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("sys.argv", ["mentorbot", "--locale", "fr", "--help"])
    with pytest.raises(SystemExit):
        main()
    listed = " ".join(capsys.readouterr().out.split())
    assert "Jouer un cycle complet du programme" in listed and "Play a whole program cycle" not in listed
