"""An alert's detail in the reader's language.

bot/alerts.py and bot/agreements/pulse.py word an alert's detail in English when it is raised and store it (the
digest shows the state of the moment it was raised); this reads those few fixed shapes back and says them again in
the language being rendered, as handlers/blocks/reasons.py does for a match's reasons. A detail of another shape
(or a day that does not read back) is shown as stored.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime

from bot.i18n import _, format_month_day


def _day(words: str) -> str:
    """'March 2' (English month, as bot/alerts.py wrote it) -> the reader's '2 mars'; ValueError when it is not one."""
    return format_month_day(datetime.strptime(f"2000 {words}", "%Y %B %d").date())  # 2000: February 29 reads


def _with_note(said: str, found: re.Match[str]) -> str:
    """The person's own note (kept as typed) after the words, when there is one."""
    return _("{said}: “{note}”").format(said=said, note=found["note"]) if found["note"] is not None else said


READINGS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    (re.compile(r"^no meeting logged since they were matched$"),
     lambda m: _("no meeting logged since they were matched")),
    (re.compile(r"^no meeting logged since (?P<day>[A-Z][a-z]+ \d{1,2})$"),
     lambda m: _("no meeting logged since {day}").format(day=_day(m["day"]))),
    (re.compile(r"^goal “(?P<title>.*)” is at risk$", re.S),
     lambda m: _("goal “{title}” is at risk").format(title=m["title"])),
    (re.compile(r"^goal “(?P<title>.*)” is past its target date \((?P<day>[A-Z][a-z]+ \d{1,2})\)$", re.S),
     lambda m: _("goal “{title}” is past its target date ({day})").format(title=m["title"], day=_day(m["day"]))),
    (re.compile(r"^the mentee answered “not working” to the early pulse(?:: “(?P<note>.*?)”?)?$", re.S),
     lambda m: _with_note(_("the mentee answered “not working” to the early pulse"), m)),
    (re.compile(r"^the mentor answered “not working” to the early pulse(?:: “(?P<note>.*?)”?)?$", re.S),
     lambda m: _with_note(_("the mentor answered “not working” to the early pulse"), m)),
)


def detail_words(detail: str) -> str:
    for pattern, say in READINGS:
        found = pattern.match(detail)
        if found:
            try:
                return say(found)
            except ValueError:  # a day that does not read back: as stored
                return detail
    return detail
