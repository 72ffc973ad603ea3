"""How a number is written in the report, the Slack summary and the CSV file, so all three read the same: in the
language being rendered (Babel's CLDR: "42%" / "42 %", "1,234.5" / "1 234,5")."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from babel import Locale
from babel import numbers as babel_numbers

from bot.i18n import _, format_percent, ngettext
from bot.i18n.formats import babel_locale

if TYPE_CHECKING:  # for annotations only: Home and Slack summaries format figures without loading the indicators
    from bot.report.indicators import Indicator

NO_VALUE = "–"


def decimal(value: float, pattern: str) -> str:
    return babel_numbers.format_decimal(value, format=pattern, locale=babel_locale())


def plural_n(value: float) -> int:
    """An n for ngettext that picks the form CLDR gives the number as written with one decimal ("1.0 days" and
    "1.5 days" in English, "1,5 jour" in French)."""
    return 1 if Locale.parse(babel_locale()).plural_form(Decimal(f"{value:.1f}")) == "one" else 2


def shown(value: float | None, unit: str) -> str:
    if value is None:
        return NO_VALUE
    if unit == "percent":
        return format_percent(value)
    if unit == "days":
        return ngettext("{n} day", "{n} days", plural_n(value)).format(n=decimal(value, "#,##0.0"))
    if unit == "hours":
        return ngettext("{n} h", "{n} h", plural_n(value)).format(n=decimal(value, "#,##0.0"))
    if unit == "ratio":
        return decimal(value, "#,##0.00")
    return decimal(value, "#,##0") if float(value).is_integer() else decimal(value, "#,##0.0")


def kind_label(kind: str) -> str:
    """A kind of mentoring's name in the language being rendered, whether bot.vocabulary's table holds English
    (translated here, from the merged catalogs) or text already translated."""
    from bot.vocabulary import KINDS

    return _(str(KINDS.get(kind, kind)))


def shown_indicator(indicator: Indicator) -> str:
    if indicator.key == "mentees_per_mentor" and indicator.value is not None:
        return f"1:{decimal(indicator.value, '0.0')}"
    return shown(indicator.value, indicator.unit)
