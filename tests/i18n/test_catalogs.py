"""The French catalogs are complete: every text marked in the code is in them, translated, not fuzzy, with the same
placeholders. A new `_("...")` without `python -m bot.i18n.catalog extract` and a translation fails here."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from bot.i18n import catalog
from bot.i18n.catalogs import DOMAINS, LANGUAGES, SOURCE_LANGUAGE, po_path

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
        marked = {message.id if isinstance(message.id, str) else message.id[0] for message in read_po(handle)
                  if message.id}
    for language, translated_domain in TRANSLATED:
        if translated_domain != domain:
            continue
        with po_path(language, domain).open("rb") as handle:
            held = {message.id if isinstance(message.id, str) else message.id[0] for message in read_po(handle)
                    if message.id}
        missing = sorted(marked - held)
        assert missing == [], f"run `python -m bot.i18n.catalog extract` and translate: {missing[:10]}"
