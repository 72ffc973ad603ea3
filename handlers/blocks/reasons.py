"""A match's reasons in the reader's language.

bot/matching/fit.py words its reasons in English and they are stored with each proposal and match (so a review
shows the reasons of the moment it was made); this reads those few fixed shapes back and says them again in the
language being rendered. A reason of another shape is shown as stored.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.i18n import _, ngettext
from bot.vocabulary import STAGES

_STAGES_BY_WORDS = {stage.label.lower(): stage.label for stage in STAGES.values()}


def _stage(words: str) -> str:
    label = _STAGES_BY_WORDS.get(words.lower())
    return _(label).lower() if label else words


def _years(count: str) -> int:
    return int(count)


READINGS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    (re.compile(r"^both interested in (?P<topics>.+)$"),
     lambda m: _("both interested in {topics}").format(topics=m["topics"])),
    (re.compile(r"^a flash conversation on (?P<topic>.+)$"),
     lambda m: _("a flash conversation on {topic}").format(topic=m["topic"])),
    (re.compile(r"^you both picked each other at a speed-mentoring event$"),
     lambda m: _("you both picked each other at a speed-mentoring event")),
    (re.compile(r"^same program \((?P<program>.+)\)$"),
     lambda m: _("same program ({program})").format(program=m["program"])),
    (re.compile(r"^senior faculty \((?P<stage>.+)\)$"),
     lambda m: _("senior faculty ({stage})").format(stage=_stage(m["stage"]))),
    (re.compile(r"^near-peer, (?P<n>\d+) years? ahead$"),
     lambda m: ngettext("near-peer, {n} year ahead", "near-peer, {n} years ahead", _years(m["n"])).format(n=m["n"])),
    (re.compile(r"^(?P<n>\d+) years? ahead$"),
     lambda m: ngettext("{n} year ahead", "{n} years ahead", _years(m["n"])).format(n=m["n"])),
    (re.compile(r"^(?P<article>an?) (?P<stage>.+), well ahead in their career$"),
     # TRANSLATORS: {a_stage} is "an associate professor"; {stage} the rank alone
     lambda m: _("{a_stage}, well ahead in their career").format(
         a_stage=f"{m['article']} {_stage(m['stage'])}", stage=_stage(m["stage"]))),
)


def reason_words(reason: str) -> str:
    for pattern, say in READINGS:
        found = pattern.match(reason)
        if found:
            return say(found)
    return reason
