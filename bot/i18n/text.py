"""Marking text for translation: translated at call time in the current language (bot/i18n/locale.py)."""

from __future__ import annotations

from typing import Any

from babel.support import LazyProxy

from bot.i18n.catalogs import translations
from bot.i18n.locale import current_language


def gettext(message: str) -> str:
    return translations(current_language()).gettext(message)


_ = gettext


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form for `n` by the language's own plural rule (French: 0 and 1 are singular). Fill {n} yourself:
    `ngettext("{n} alert", "{n} alerts", n).format(n=format_number(n))`, or use format_count."""
    return translations(current_language()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return str(translations(current_language()).pgettext(context, message))


def npgettext(context: str, singular: str, plural: str, n: int) -> str:
    return translations(current_language()).npgettext(context, singular, plural, n)


def gettext_extracted(context: str, message: str) -> str:
    """Text that a custom step of `python -m bot.i18n.catalog extract` puts in the catalog, not pybabel's scan of
    `_("...")`: the indicator definitions the report reads from docstrings (bot/report/definitions.py). Its argument
    is a variable by design; tests/i18n/test_literals.py accepts it only in the modules such a step extracts."""
    return pgettext(context, message)


def labelled(label: str, text: str) -> str:
    """"label: text" as the language punctuates it (French puts a non-breaking space before the colon). Both parts
    are already in the reader's language and escaped where they need to be."""
    return gettext("{label}: {text}").format(label=label, text=text)


def N_(message: str) -> str:  # noqa: N802 (the gettext convention)
    """Marks text for extraction only; translate it with `_()` where it is shown (e.g. a table of labels)."""
    return message


def lazy(message: str) -> LazyProxy:
    """Module-level text, translated each time it is used, in the language of that moment."""
    return LazyProxy(gettext, message, enable_cache=False)


class Deferred:
    """Text chosen now and translated later, in the language of whoever reads it: what a service hands the
    notifier (`notice(someone, later("..."))`) when the words are for someone other than the person clicking."""

    def __init__(self, message: str, plural: str | None = None, n: int | None = None, **fields: Any) -> None:
        self.message, self.plural, self.n, self.fields = message, plural, n, fields

    def __str__(self) -> str:
        if self.plural is not None and self.n is not None:
            text = ngettext(self.message, self.plural, self.n)
        else:
            text = gettext(self.message)
        fields = {key: str(value) if isinstance(value, Deferred) else value for key, value in self.fields.items()}
        return text.format(**fields) if fields else text

    def __eq__(self, other: object) -> bool:
        return str(self) == str(other)

    def __hash__(self) -> int:
        return hash(str(self))

    def __repr__(self) -> str:
        return f"Deferred({self.message!r})"


def later(message: str, **fields: Any) -> Deferred:
    return Deferred(message, **fields)


def later_plural(singular: str, plural: str, n: int, **fields: Any) -> Deferred:
    return Deferred(singular, plural, n, **fields)
