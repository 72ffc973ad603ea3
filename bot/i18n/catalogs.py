"""The French (and any further) catalogs, read from the .po files shipped in the package at first use.

Reading the .po with Babel (instead of compiling .mo files at build time) means a fresh `pip install -e .` and a
wheel work alike, with no build step to forget. Fuzzy entries are left out, as gettext does: a fuzzy French entry
shows the English text until a translator confirms it (and tests/unit/test_i18n_catalogs.py fails meanwhile).

Two domains, one file each per language, so two translators never edit the same file:
- `slack`: everything said in Slack (handlers/, the notifier's messages, App Home, modals, help, errors);
- `reports`: reports, CLI output, survey templates and instruments, recognition letters, doctor.
At run time both are merged into one Translations per language: code never names its domain.
"""

from __future__ import annotations

from functools import cache
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

SOURCE_LANGUAGE = "en"
LANGUAGES = ("en", "fr")  # add a language here, then `python -m bot.i18n.catalog init <code>`
DOMAINS = ("slack", "reports")
LOCALES_DIR = Path(__file__).parent / "locales"


def po_path(language: str, domain: str) -> Path:
    return LOCALES_DIR / language / "LC_MESSAGES" / f"{domain}.po"


@cache  # the shipped .po files do not change while the process runs: read each language once
def translations(language: str) -> NullTranslations:
    """The merged catalogs of one language (English: the source text itself)."""
    return _read(language)


def _read(language: str) -> NullTranslations:
    if language == SOURCE_LANGUAGE:
        return NullTranslations()
    merged: Translations | None = None
    for domain in DOMAINS:
        path = po_path(language, domain)
        if not path.exists():
            continue
        with path.open("rb") as po:
            catalog = read_po(po, locale=language, domain=domain)
        compiled = BytesIO()
        write_mo(compiled, catalog, use_fuzzy=False)
        compiled.seek(0)
        one = Translations(compiled, domain=domain)
        merged = one if merged is None else merged.merge(one)
    return merged or NullTranslations()
