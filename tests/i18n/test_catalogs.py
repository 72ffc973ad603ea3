"""The French catalogs are complete: every text marked in the code is in them, translated, not fuzzy, with the same
placeholders. A new `_("...")` without `python -m bot.i18n.catalog extract` and a translation fails here."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.catalog import Message
from babel.messages.pofile import read_po

from bot.i18n import catalog
from bot.i18n.catalogs import DOMAINS, LANGUAGES, SOURCE_LANGUAGE, po_path
from bot.report.definitions import TITLE_CONTEXT, docstring_lines

ROOT = Path(__file__).resolve().parents[2]

TRANSLATED = [(language, domain) for language in LANGUAGES if language != SOURCE_LANGUAGE for domain in DOMAINS]


@pytest.mark.parametrize(("language", "domain"), TRANSLATED)
def test_every_entry_is_translated_and_confirmed(language: str, domain: str) -> None:
    assert catalog.problems(language, domain) == []


def test_the_check_finds_an_untranslated_and_a_fuzzy_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    po = tmp_path / "fr" / "LC_MESSAGES" / "slack.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid ""\nmsgstr ""\n"Language: fr\\n"\n"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n'
                  'msgid "Save"\nmsgstr ""\n\n#, fuzzy\nmsgid "Cancel"\nmsgstr "Annuler"\n\n'
                  'msgid "Hello {name}"\nmsgstr "Bonjour {nom}"\n', encoding="utf-8")
    monkeypatch.setattr(catalog, "po_path", lambda language, domain: po)
    found = catalog.problems("fr", "slack")
    assert any("'Save' is untranslated" in line for line in found)
    assert any("'Cancel' is fuzzy" in line for line in found)
    assert any("unknown placeholder(s) ['nom']" in line for line in found)


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_marked_text_is_in_the_catalogs(domain: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Extract afresh (into a scratch template) and compare with what the catalogs hold."""
    monkeypatch.setattr(catalog, "template", lambda name: tmp_path / f"{name}.pot")
    monkeypatch.setattr(catalog, "LANGUAGES", (SOURCE_LANGUAGE,))  # extract only, update nothing
    monkeypatch.setattr(catalog, "DOMAINS", (domain,))
    catalog.extract()
    with (tmp_path / f"{domain}.pot").open("rb") as handle:
        marked = {_entry(message) for message in read_po(handle) if message.id}
    for language, translated_domain in TRANSLATED:
        if translated_domain != domain:
            continue
        with po_path(language, domain).open("rb") as handle:
            held = {_entry(message) for message in read_po(handle) if message.id}
        missing = sorted(marked - held)
        assert missing == [], f"run `python -m bot.i18n.catalog extract` and translate: {missing[:10]}"


def _entry(message: Message) -> tuple[str, str | None]:
    return (message.id if isinstance(message.id, str) else message.id[0]), message.context


@pytest.mark.parametrize("language", [language for language in LANGUAGES if language != SOURCE_LANGUAGE])
def test_every_indicator_definition_line_is_translated(language: str) -> None:
    """The report's definitions are docstring lines, extracted by a step of our own (bot/i18n/catalog.py): a changed
    docstring line has no entry until it is extracted and translated again."""
    with po_path(language, "reports").open("rb") as handle:
        held = read_po(handle, locale=language)
    untranslated = [f"{line.path}:{line.line} [{line.context}] {line.text}" for line in docstring_lines()
                    if not ((entry := held.get(line.text, context=line.context)) and entry.string and not entry.fuzzy)]
    assert untranslated == [], "run `python -m bot.i18n.catalog extract reports` and translate"


def test_the_extract_step_adds_each_definition_line_where_the_code_says_it(tmp_path: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    pot = tmp_path / "reports.pot"
    pot.write_text('msgid ""\nmsgstr ""\n\n#: bot/report/format.py:1\nmsgid "hidden"\nmsgstr ""\n', encoding="utf-8")
    catalog._add_docstring_definitions(pot)
    with pot.open("rb") as handle:
        extracted = read_po(handle)
    lines = docstring_lines()
    assert len(extracted) == 1 + len(lines) and extracted.get("hidden") is not None
    first = extracted.get(lines[0].text, context=TITLE_CONTEXT)
    assert first is not None and first.locations == [("bot/report/institution.py", lines[0].line)]
    assert "Inputs:" in (ROOT / "bot/report/institution.py").read_text(encoding="utf-8").splitlines()[lines[0].line - 1]
    leaves = extracted.get(next(line.text for line in lines if line.context == "circle_leaves"), context="circle_leaves")
    assert leaves is not None and "keep its exact meaning" in " ".join(leaves.auto_comments)
