"""No words a person reads are left outside gettext in a translated module: an AST scan of every string literal.

A literal counts as words when it has two words side by side or starts with a capitalised word ("Cancel"); Block
Kit's own vocabulary ("plain_text", "primary"), ids and docstrings are not words. A literal that must stay English
(a log line, a Slack API value that looks like words) is passed to a logger or marked `# not text` on its line.

TRANSLATED grows module by module until it is everything under handlers/ and bot/ that people read.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GETTEXT = {"_", "gettext", "ngettext", "pgettext", "npgettext", "N_", "lazy", "later", "later_plural", "format_count"}
NOT_TEXT_KEYS = {"type", "action_id", "block_id", "callback_id", "style", "url", "value", "response_action",
                 "response_type", "purpose", "kind", "image_url", "alt_text_key"}
# `gettext_extracted(context, text)` translates text a custom step of bot/i18n/catalog.py put in the catalog, so its
# argument is a variable; only the modules such a step reads may call it (elsewhere the text would never be extracted).
CUSTOM_EXTRACTED = {"bot/report/definitions.py"}
WORDS = re.compile(r"[A-Za-zÀ-ÿ]{2,}[^\w\n`]*\s+[`*_(]*[A-Za-zÀ-ÿ]{2,}|^[*_`]*[A-Z][a-z]{2,}")

# Slack surfaces (fr1's) and reports / CLI / surveys (fr2's): a module joins when all its text is marked.
TRANSLATED = [
    # fr1: the Slack surfaces
    "bot/vocabulary.py",
    "bot/meeting_ratings.py",
    "bot/profiles.py",
    "handlers/blocks/roster.py",
    "handlers/blocks/agreements.py",
    "handlers/blocks/availability.py",
    "handlers/blocks/circles.py",
    "handlers/blocks/events.py",
    "handlers/blocks/development.py",
    "handlers/blocks/flash.py",
    "handlers/blocks/goals.py",
    "handlers/blocks/meeting_ratings.py",
    "handlers/blocks/program_notes.py",
    "handlers/blocks/checkins.py",
    "handlers/blocks/common.py",
    "handlers/blocks/enrolment.py",
    "handlers/blocks/help.py",
    "handlers/blocks/home.py",
    "handlers/blocks/home_formats.py",
    "handlers/blocks/leave.py",
    "handlers/blocks/matching.py",
    "handlers/blocks/profile.py",
    "handlers/blocks/reasons.py",
    "handlers/blocks/resources.py",
    "handlers/commands/flash.py",
    "handlers/commands/help.py",
    "handlers/commands/matching.py",
    "handlers/errors.py",
    "handlers/views/profile.py",
    "handlers/blocks/scheduling.py",
    "handlers/blocks/surveys.py",
    "handlers/middleware.py",
    "handlers/notifier.py",
    # fr2: reports, CLI, surveys, recognition, doctor
    "bot/report/__init__.py",
    "bot/report/agreements.py",
    "bot/report/changes.py",
    "bot/report/charts.py",
    "bot/report/circles.py",
    "bot/report/competency.py",
    "bot/report/definitions.py",
    "bot/report/export.py",
    "bot/report/files.py",
    "bot/report/format.py",
    "bot/report/formats.py",
    "bot/report/indicators.py",
    "bot/report/institution.py",
    "bot/report/meeting_ratings.py",
    "bot/report/mentees.py",
    "bot/report/mentors.py",
    "bot/report/network.py",
    "bot/report/period.py",
    "bot/report/perspectives.py",
    "bot/report/pulse.py",
    "bot/report/render_html.py",
    "bot/report/scheduling.py",
    "bot/report/scoped.py",
    "bot/report/service.py",
    "bot/report/snapshot.py",
    "bot/report/warnings.py",
    "bot/cli/__init__.py",
    "bot/cli/announcements.py",
    "bot/cli/coordinators.py",
    "bot/cli/database.py",
    "bot/cli/jobs.py",
    "bot/cli/matching.py",
    "bot/cli/outbox.py",
    "bot/cli/program_settings.py",
    "bot/cli/programs.py",
    "bot/cli/report.py",
    "bot/cli/resources.py",
    "bot/cli/roster.py",
    "bot/cli/serving.py",
    "bot/cli/support.py",
    "bot/cli/surveys.py",
    "bot/cli/tokens.py",
    "bot/cli_main.py",
    "bot/surveys/__init__.py",
    "bot/surveys/answers.py",
    "bot/surveys/audience.py",
    "bot/surveys/charts.py",
    "bot/surveys/definitions.py",
    "bot/surveys/definition_model.py",
    "bot/surveys/errors.py",
    "bot/surveys/exports.py",
    "bot/surveys/invitations.py",
    "bot/surveys/mca.py",
    "bot/surveys/personal.py",
    "bot/surveys/questions.py",
    "bot/surveys/recurrence.py",
    "bot/surveys/results.py",
    "bot/surveys/rounds.py",
    "bot/surveys/scope.py",
    "bot/surveys/service.py",
    "bot/surveys/settings.py",
    "bot/surveys/templates.py",
    "bot/surveys/translations.py",
    "bot/recognition/thanks.py",
    "bot/doctor.py",
    # fr4: coordinators' surfaces
    "bot/broadcasts/__init__.py",
    "bot/broadcasts/compose.py",
    "bot/broadcasts/draft.py",
    "bot/broadcasts/model.py",
    "bot/broadcasts/progress.py",
    "handlers/blocks/broadcasts.py",
    "handlers/blocks/survey_admin.py",
    "handlers/blocks/survey_results.py",
    "handlers/blocks/report.py",
    "bot/flows/recognition.py",
    "bot/recognition/annual.py",
    "bot/recognition/record.py",
    "bot/recognition/render.py",
    "handlers/blocks/programs.py",
    "bot/logs.py",  # log lines only, each marked
    "bot/flows/surveys.py",
    # fr3: /mentor answers and the services' refusals
    "bot/commands.py",
    "bot/access.py",
    "bot/numbers.py",
    "bot/goals.py",
    "bot/checkins.py",
    "bot/meetings.py",
    "bot/development_plan.py",
    "bot/conflicts.py",
    "bot/people.py",
    "bot/coordinators.py",
    "bot/matching/__init__.py",
    "bot/matching/batch.py",
    "bot/matching/bound.py",
    "bot/matching/config.py",
    "bot/matching/consent.py",
    "bot/matching/delivery.py",
    "bot/matching/endings.py",
    "bot/matching/errors.py",
    "bot/matching/expiry.py",
    "bot/matching/fit.py",
    "bot/matching/info.py",
    "bot/matching/optimizer.py",
    "bot/matching/pair_fit.py",
    "bot/matching/pool.py",
    "bot/matching/proposals.py",
    "bot/matching/pruned.py",
    "bot/matching/requests.py",
    "bot/matching/review.py",
    "bot/matching/self_service.py",
    "bot/matching/service.py",
    "bot/matching/types.py",
    "handlers/commands/__init__.py",
    "handlers/commands/broadcasts.py",
    "handlers/commands/circles.py",
    "handlers/commands/coordination.py",
    "handlers/commands/events.py",
    "handlers/commands/goals.py",
    "handlers/commands/my_data.py",
    "handlers/commands/profile.py",
    "handlers/commands/programs.py",
    "handlers/commands/recognition.py",
    "handlers/commands/report.py",
    "handlers/commands/resources.py",
    "handlers/commands/roster.py",
    "handlers/commands/scheduling.py",
    "bot/scheduling/__init__.py",
    "bot/scheduling/cancellation.py",
    "bot/scheduling/connector_setup.py",
    "bot/scheduling/connectors.py",
    "bot/scheduling/google_calendar.py",
    "bot/scheduling/home.py",
    "bot/scheduling/messages.py",
    "bot/scheduling/slots.py",
    "bot/agreements/__init__.py",
    "bot/agreements/backfill.py",
    "bot/agreements/prompts.py",
    "bot/agreements/reminders.py",
    "bot/roster/__init__.py",
    "bot/roster/exporting.py",
    "handlers/commands/surveys.py",
    "bot/program_settings.py",
    "bot/settings.py",
    "bot/programs.py",
    "bot/resources.py",
    "bot/alerts.py",
    "bot/flash.py",
    "bot/events/service.py",
    "bot/circles/service.py",
    "bot/agreements/pulse.py",
    "bot/agreements/reviews.py",
    "bot/agreements/service.py",
    "bot/agreements/terms.py",
    "bot/app.py",
    "bot/enrolment.py",
    "bot/events/schedule.py",
    "bot/flows/people.py",
    "bot/installations.py",
    "bot/my_data.py",
    "bot/outbox.py",
    "bot/privacy.py",
    "bot/retention.py",
    "bot/roster/csv_format.py",
    "bot/roster/importing.py",
    "bot/roster/rows.py",
    "bot/scheduling/availability.py",
    "bot/scheduling/availability_text.py",
    "bot/scheduling/ics_import.py",
    "bot/scheduling/invitation_files.py",
    "bot/scheduling/invitations.py",
    "bot/scheduling/service.py",
    "bot/tenants.py",
    "bot/timing.py",
    "handlers/actions/recognition.py",
    "handlers/events/directory.py",
    "handlers/functions/steps.py",
    "handlers/modal_errors.py",
    "handlers/blocks/alert_details.py",
    "bot/text_limits.py",
    # fr5: the demo's narration (what its people type is per language in bot/demo/samples.py, not gettext;
    # bot/demo/program.py holds their names and roster)
    "bot/demo/__init__.py",
    "bot/demo/agreements.py",
    "bot/demo/announcements.py",
    "bot/demo/beyond_pairs.py",
    "bot/demo/circles.py",
    "bot/demo/faculty.py",
    "bot/demo/recognition.py",
    "bot/demo/scheduling.py",
    "bot/demo/transcript.py",
    "bot/demo/world.py",
]


def words_outside_gettext(path: Path) -> list[str]:
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    lines = source.splitlines()
    allowed: set[int] = set()

    def allow(node: ast.AST) -> None:
        allowed.update(id(child) for child in ast.walk(node))

    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                allow(first)
        elif isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            receiver = node.func.value if isinstance(node.func, ast.Attribute) else None
            is_log = isinstance(receiver, ast.Name) and receiver.id in ("logger", "logging", "log")
            is_pattern = isinstance(receiver, ast.Name) and receiver.id == "re"  # a regular expression reads text
            if name in GETTEXT or is_log or is_pattern:
                allow(node)
        elif isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values):
                if key is not None:
                    allow(key)
                if isinstance(key, ast.Constant) and key.value in NOT_TEXT_KEYS:
                    allow(value)
        elif isinstance(node, ast.keyword) and node.arg in NOT_TEXT_KEYS:
            allow(node.value)
        elif isinstance(node, ast.Subscript):
            allow(node.slice)
        elif isinstance(node, ast.Compare):
            allow(node)  # comparing with a literal is reading, not saying
        elif isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
            allow(node)  # a package's exported names
            allow(node)  # a module's exported names
    found = []
    for node in ast.walk(tree):
        line = getattr(node, "lineno", 0)
        if id(node) in allowed or (0 < line <= len(lines) and "# not text" in lines[line - 1]):
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and WORDS.search(node.value):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value[:60]!r}")
        elif isinstance(node, ast.JoinedStr):
            text = "".join(part.value for part in node.values if isinstance(part, ast.Constant))
            if WORDS.search(text) or WORDS.search(text.replace("  ", " ")):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: f{text[:60]!r}")
            allow(node)
            allowed.update(id(child) for child in ast.walk(node))
    return found


def gettext_of_non_literals(path: Path) -> list[str]:
    """`_(f"...")` or `_(name)` cannot be extracted: the catalog would never hold the text. `gettext_extracted` of
    anything is accepted only in CUSTOM_EXTRACTED, whose text bot/i18n/catalog.py extracts itself."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and _called(node) == "gettext_extracted":
            if str(path.relative_to(ROOT)) not in CUSTOM_EXTRACTED:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: gettext_extracted() outside a custom-extracted module")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in GETTEXT - {"_"}:
            first = node.args[0] if node.args else None
            if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.func.id}() of a non-literal")
    return found


def _called(call: ast.Call) -> str:
    return call.func.id if isinstance(call.func, ast.Name) else getattr(call.func, "attr", "")


def test_extracted_text_is_translated_only_where_a_custom_step_extracts_it() -> None:
    """Everywhere, not only in TRANSLATED: bot/i18n defines the function, CUSTOM_EXTRACTED may call it."""
    modules = [path for folder in ("bot", "handlers") for path in sorted((ROOT / folder).rglob("*.py"))
               if not path.is_relative_to(ROOT / "bot" / "i18n")]
    assert [problem for path in modules for problem in gettext_of_non_literals(path)
            if "gettext_extracted" in problem] == []


@pytest.mark.parametrize("module", TRANSLATED)
def test_no_words_outside_gettext(module: str) -> None:
    assert words_outside_gettext(ROOT / module) == []


@pytest.mark.parametrize("module", TRANSLATED)
def test_only_literals_are_marked(module: str) -> None:
    assert gettext_of_non_literals(ROOT / module) == []


@pytest.mark.parametrize("module", TRANSLATED)
def test_gettext_is_not_shadowed(module: str) -> None:
    """A listener's `**_` or a `_, x = ...` would turn `_("...")` into a call of something else, at run time only."""
    tree = ast.parse((ROOT / module).read_text(encoding="utf-8"))
    imports_it = any(isinstance(node, ast.ImportFrom) and any(alias.name == "_" for alias in node.names)
                     for node in ast.walk(tree))
    bound = [] if not imports_it else [node.lineno for node in ast.walk(tree)
             if isinstance(node, ast.Name) and node.id == "_" and isinstance(node.ctx, ast.Store)
             or isinstance(node, ast.arg) and node.arg == "_"]
    assert bound == [], f"{module} binds `_` at lines {bound}: use another name (or `gettext`)"


def test_the_scan_finds_words_and_spares_vocabulary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Path, "relative_to", lambda self, other: self.name)
    module = tmp_path / "sample.py"
    module.write_text('"""Docstring words are fine."""\n'
                      'import logging\nlogger = logging.getLogger(__name__)\n'
                      'def f(name):\n'
                      '    """So are these."""\n'
                      '    logger.info("a log line stays English")\n'
                      '    block = {"type": "plain_text", "action_id": "do it", "text": _("Save changes")}\n'
                      '    ok = "Cancel"\n'
                      '    sentence = f"Hello {name}, welcome"\n'
                      '    api = "not shown to anyone"  # not text\n'
                      '    __all__ = ["BroadcastError", "Audience"]\n'
                      '    return block, ok, sentence, api, "mrkdwn", _(name)\n', encoding="utf-8")
    found = words_outside_gettext(module)
    assert [line.split(": ", 1)[1] for line in found] == ["'Cancel'", "f'Hello , welcome'"]
    assert gettext_of_non_literals(module) == []  # `_` of a variable is allowed: translating a marked N_ table
    module.write_text("from bot.i18n import gettext_extracted\n"
                      "def f(key, text):\n    return gettext_extracted(key, text)\n", encoding="utf-8")
    assert gettext_of_non_literals(module) == ["sample.py:3: gettext_extracted() outside a custom-extracted module"]
