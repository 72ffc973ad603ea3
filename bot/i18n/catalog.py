"""Extract, update and check the catalogs: `python -m bot.i18n.catalog extract` (then translate the .po files,
then `check`). Wraps pybabel with the project's keywords and each domain's source paths.

    python -m bot.i18n.catalog extract [slack|reports]  # refresh bot/i18n/<domain>.pot, merge into every .po
    python -m bot.i18n.catalog init de        # start a new language (then add it to catalogs.LANGUAGES)
    python -m bot.i18n.catalog check          # untranslated or fuzzy entries, per file
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from babel.messages.catalog import Message
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from bot.i18n.catalogs import DOMAINS, LANGUAGES, SOURCE_LANGUAGE, po_path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).parent

# Which source belongs to which domain: the Slack surfaces, and reports / CLI / surveys. A path in both is read
# by the first that names it most precisely (REPORTS paths are left out of SLACK's walk by `--ignore-dirs`).
REPORTS = ("bot/report", "bot/cli", "bot/cli_main.py", "bot/surveys", "bot/recognition", "bot/doctor.py")
SLACK = ("handlers", "bot")
KEYWORDS = ("_", "gettext", "ngettext:1,2", "pgettext:1c,2", "npgettext:1c,2,3", "N_", "lazy", "later",
            "later_plural:1,2", "format_count:1,2")
HEADER = "mentorbot's words, in every language it speaks. See docs in README (Languages) and the glossary below."


def _pybabel(*args: str) -> None:
    """Run from the repository's root, so the catalogs name source files by their path in the repository."""
    here = Path.cwd()
    os.chdir(ROOT)
    try:
        CommandLineInterface().run(["pybabel", "-q", *args])
    finally:
        os.chdir(here)


def template(domain: str) -> Path:
    return HERE / f"{domain}.pot"


def extract(domains: tuple[str, ...] = DOMAINS) -> None:
    """Refresh the templates of `domains` (each translator extracts their own: the other's files stay untouched)."""
    keywords = [arg for word in KEYWORDS for arg in ("-k", word)]
    report_dirs = [path for path in REPORTS if not path.endswith(".py")]
    sources = {"slack": SLACK, "reports": REPORTS}
    for domain in domains:
        ignore = ["--ignore-dirs", " ".join(Path(p).name for p in report_dirs)] if domain == "slack" else []
        _pybabel("extract", "-F", "babel.cfg", "--no-wrap", "--sort-by-file", "--project", "mentorbot",
                 "--no-default-keywords", "--add-comments", "TRANSLATORS:", *keywords, *ignore, "-o", str(template(domain)),
                 *sources[domain])
        if domain == "slack":
            _drop_files_of(template(domain), [p for p in REPORTS if p.endswith(".py")])
        else:
            _add_docstring_definitions(template(domain))
        for language in LANGUAGES:
            if language != SOURCE_LANGUAGE and po_path(language, domain).exists():
                _pybabel("update", "--no-wrap", "--no-fuzzy-matching", "-D", domain, "-i", str(template(domain)),
                         "-d", str(HERE / "locales"), "-l", language)


def _drop_files_of(pot: Path, files: list[str]) -> None:
    """Single report modules that live beside Slack ones in bot/ belong to the reports domain only."""
    from babel.messages.pofile import write_po

    with pot.open("rb") as handle:
        catalog = read_po(handle)
    for message in list(catalog):
        if message.id and message.locations and all(
                any(location.endswith(name) for name in files) for location, _ in message.locations):
            catalog.delete(message.id, message.context)
    with pot.open("wb") as handle:
        write_po(handle, catalog, width=0, sort_by_file=True)


def _add_docstring_definitions(pot: Path) -> None:
    """The report's indicator definitions are docstring lines, not `_("...")` calls (bot/report/definitions.py):
    each goes in as its own entry, with its indicator key as context, where the code says it."""
    from babel.messages.pofile import write_po

    from bot.report.definitions import TITLE_CONTEXT, docstring_lines

    with pot.open("rb") as handle:
        catalog = read_po(handle)
    for line in docstring_lines():
        what = "the title of a group of indicators" if line.context == TITLE_CONTEXT else f"indicator `{line.context}`"
        note = f"TRANSLATORS: the report's definition of {what} (a docstring line); keep its exact meaning"
        catalog.add(line.text, locations=[(line.path, line.line)], context=line.context, auto_comments=[note])
    with pot.open("wb") as handle:
        write_po(handle, catalog, width=0)  # pybabel's order and --no-wrap; the definitions last


# gettext's classic rules, two forms (CLDR's third French form, for round millions, is not worth a third string)
PLURAL_FORMS = {"fr": "nplurals=2; plural=(n > 1);"}


def init(language: str) -> None:
    from babel.messages.pofile import write_po

    for domain in DOMAINS:
        _pybabel("init", "--no-wrap", "-D", domain, "-i", str(template(domain)), "-d", str(HERE / "locales"),
                 "-l", language)
        if language in PLURAL_FORMS:
            path = po_path(language, domain)
            text = path.read_text(encoding="utf-8")
            start = text.index('"Plural-Forms: ')
            end = text.index("\\n", start)
            path.write_text(text[:start] + f'"Plural-Forms: {PLURAL_FORMS[language]}' + text[end:], encoding="utf-8")


def problems(language: str, domain: str) -> list[str]:
    """Each entry that is not ready: untranslated, fuzzy, or whose placeholders differ from the English."""
    path = po_path(language, domain)
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language, domain=domain)
    found = []
    for message in catalog:
        if not message.id:
            continue
        where = f"{path.name}: {message.id if isinstance(message.id, str) else message.id[0]!r}"
        strings = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
        if message.fuzzy:
            found.append(f"{where} is fuzzy")
        elif not all(strings):
            found.append(f"{where} is untranslated")
        else:
            found.extend(f"{where}: {error}" for error in _placeholder_errors(message))
    return found


def _placeholder_errors(message: Message) -> list[str]:
    import string

    def names(text: str | None) -> set[str]:
        return {field for _, field, _, _ in string.Formatter().parse(text or "") if field is not None}

    ids = message.id if isinstance(message.id, (list, tuple)) else (message.id,)
    strings = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
    # a translator's note may offer more fields: "TRANSLATORS: {kind} is the kind without an article"
    wanted = set().union(*(names(text) for text in (*ids, *message.auto_comments)))
    errors = []
    for text in strings:
        extra = names(text) - wanted
        if extra:
            errors.append(f"unknown placeholder(s) {sorted(extra)} in {text!r}")
    return errors


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    if command == "extract":
        extract(tuple(argv[1:]) or DOMAINS)
    elif command == "init":
        init(argv[1])
    elif command == "check":
        found = [problem for language in LANGUAGES if language != SOURCE_LANGUAGE for domain in DOMAINS
                 if po_path(language, domain).exists() for problem in problems(language, domain)]
        print("\n".join(found) or "every catalog is complete")
        return 1 if found else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
