"""French writes the first of the month as an ordinal ("jeudi 1er octobre"), which Babel's CLDR data does not:
every date formatter of bot/i18n/formats.py adds it in one place; English and the other days are unchanged."""

from __future__ import annotations

from datetime import date, datetime

from bot.i18n.formats import format_date, format_day, format_moment, format_month_day
from bot.i18n.locale import speaking

FIRST, SECOND = date(2026, 10, 1), date(2026, 10, 2)


def test_french_says_the_first_of_the_month_as_1er_in_every_date_format() -> None:
    with speaking("fr"):
        assert format_day(FIRST) == "jeudi 1er octobre"
        assert format_month_day(FIRST) == "1er octobre"
        assert format_date(FIRST, "d MMMM y") == "1er octobre 2026"
        assert format_date(FIRST, "long") == "1er octobre 2026"
        assert format_date(FIRST) == "1er oct. 2026"
        assert format_date(FIRST, "short") == "2026-10-01"  # digits keep their two places
        assert format_moment(datetime(2026, 10, 1, 14, 0)) == "jeu. 1er oct., 14 h 00"


def test_other_days_and_english_are_unchanged() -> None:
    with speaking("fr"):
        assert format_day(SECOND) == "vendredi 2 octobre"
        assert format_date(date(2026, 10, 11), "d MMMM y") == "11 octobre 2026"
        assert format_date(date(2026, 10, 21), "d MMMM y") == "21 octobre 2026"
    with speaking("en"):
        assert format_day(FIRST) == "Thursday, October 1"
        assert format_date(FIRST, "d MMMM y") == "1 October 2026"
        assert format_moment(datetime(2026, 10, 1, 14, 0)) == "Thu 1 Oct, 14:00"
