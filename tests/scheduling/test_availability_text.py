"""Weekly windows typed in English or French (day names, abbreviations, accents and periods, "7 h 30"), and the
examples and windows written back in the reader's language."""

from __future__ import annotations

from datetime import time

import pytest

from bot.i18n.locale import speaking
from bot.scheduling.availability_text import AvailabilityError, format_windows, parse_windows, window_examples
from bot.scheduling.slots import Window

WEEKDAYS_MORNING = [Window(day, time(7, 30), time(9, 0)) for day in range(5)]


@pytest.mark.parametrize("typed", [
    "mon-fri 07:30-09:00",
    "lun-ven 07:30-09:00",
    "lundi-vendredi 7 h 30-9 h",
    "Lun.-Ven. 7h30-9h00",
    "lun,mar,mer,jeu,ven 07:30-09:00",
    "lundi, mardi, mercredi, jeudi, vendredi 07:30-09:00",
    "lun, mar, mér., jeu, ven 07:30-09:00",
])
def test_english_and_french_day_names_read_as_the_same_windows(typed: str) -> None:
    assert parse_windows(typed) == WEEKDAYS_MORNING


def test_each_french_day_is_its_weekday() -> None:
    french = ["lun", "mar", "mer", "jeu", "ven", "sam", "dim"]
    assert [parse_windows(f"{day} 10:00-11:00")[0].weekday for day in french] == list(range(7))
    assert [parse_windows(f"{day} 10:00-11:00")[0].weekday
            for day in ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")] == list(range(7))
    assert [w.weekday for w in parse_windows("sam-dim 10:00-12:00")] == [5, 6]
    assert [w.weekday for w in parse_windows("ven-lun 22:00-01:00")] == [0, 4, 5, 6]  # across the week's end


def test_a_word_that_is_no_day_is_refused_with_an_example_in_the_readers_language() -> None:
    with speaking("fr"), pytest.raises(AvailabilityError, match="`lun-ven 07:00-08:30`"):
        parse_windows("lux-ven 07:30-09:00")
    with speaking("en"), pytest.raises(AvailabilityError, match="`mon-fri 07:00-08:30`"):
        parse_windows("someday 07:30-09:00")


def test_windows_and_examples_are_written_in_the_readers_language_and_read_back() -> None:
    windows = [Window(0, time(7, 0), time(8, 0)), Window(5, time(10, 0), time(12, 0))]
    with speaking("fr"):
        french, example = format_windows(windows), window_examples()
    with speaking("en"):
        english, english_example = format_windows(windows), window_examples()
    assert french == "lun 07:00-08:00\nsam 10:00-12:00" and english == "mon 07:00-08:00\nsat 10:00-12:00"
    assert example == "lun-ven 07:00-08:00\nsam 10:00-12:00" and english_example == "mon-fri 07:00-08:00\nsat 10:00-12:00"
    assert parse_windows(french) == parse_windows(english) == windows
