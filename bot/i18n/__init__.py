"""Every word a person reads, in their language: gettext with Babel's catalogs, plural rules and formats.

Mark text with `_("...")` (or `ngettext(one, many, n)` for counts, `pgettext(context, text)` where one English word
has two French ones), fill it with `.format(name=...)` after translating, never before. Module-level text that is
read later is `lazy("...")`. Dates, times, numbers and lists go through `format_date`, `format_list`... (Babel), in
the locale of the message being rendered: `speaking(language)` sets it for a block of rendering, and
`speaking_to(session, slack_user_id)` picks the language of the person the message is for (bot/i18n/choice.py).
"""

from bot.i18n.catalogs import DOMAINS, LANGUAGES, SOURCE_LANGUAGE, translations
from bot.i18n.formats import (
    format_clock,
    format_count,
    format_date,
    format_datetime,
    format_day,
    format_list,
    format_moment,
    format_month_day,
    format_number,
    format_percent,
    format_period,
    format_time,
    format_weekday,
)
from bot.i18n.locale import current_language, speaking
from bot.i18n.text import Deferred, N_, _, gettext, gettext_extracted, labelled, later, later_plural, lazy, ngettext, npgettext, pgettext

__all__ = [
    "DOMAINS", "LANGUAGES", "SOURCE_LANGUAGE", "Deferred", "N_", "_", "current_language", "format_clock", "format_count",
    "format_date", "format_datetime", "format_day", "format_list", "format_moment", "format_month_day", "format_number", "format_percent", "format_period", "format_time",
    "format_weekday", "gettext", "gettext_extracted", "labelled", "later", "later_plural", "lazy", "ngettext", "npgettext", "pgettext", "speaking",
    "translations",
]
