"""The program's own settings, changed by coordinators mid-year without code; every change is dated."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from typing import Any

from sqlmodel import Session

from bot.numbers import NotANumber, parse_count
from bot.timing import DeliveryWindow
from storage.queries.audit import record_audit
from storage.queries.settings import get_setting, set_setting


def _(text: str) -> str:
    """gettext, imported at first use: settings stay free of Babel at import (the CLI's `settings` reads them)."""
    from bot.i18n import _ as translated

    return translated(text)


@dataclass(frozen=True)
class SettingSpec:
    default: Any
    help_text: str  # English, marked N_; `help` says it in the reader's language (`/mentor settings`, the CLI)
    parse: Any  # str -> value, raising ValueError with a clear message

    @property
    def help(self) -> str:
        return _(self.help_text)


@dataclass(frozen=True)
class _WholeNumber:
    """A whole number in a range; refused in a whole sentence that names the setting."""

    low: int
    high: int

    def __call__(self, text: str, what: str = "") -> int:
        return parse_count(text, what=what or _("The value"), low=self.low, high=self.high)


def _int_between(low: int, high: int) -> _WholeNumber:
    return _WholeNumber(low, high)


def _hours(text: str) -> str:
    start, _dash, end = text.partition("-")
    try:
        if time.fromisoformat(start.strip()) >= time.fromisoformat(end.strip()):
            raise ValueError
    except ValueError:
        raise ValueError(_("must look like 09:00-17:00 (start before end)")) from None
    return f"{start.strip()}-{end.strip()}"


DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _days(text: str) -> str:
    """'mon-fri' or 'mon,wed,fri' (or 'mon-sun' for programs that message on weekends)."""
    try:
        _weekdays(text)
    except ValueError:
        raise ValueError(_("must name days like mon-fri or mon,wed,fri")) from None
    return text.strip().lower()


def _weekdays(text: str) -> frozenset[int]:
    days: set[int] = set()
    for part in text.strip().lower().split(","):
        first, _dash, last = part.strip().partition("-")
        start, end = DAY_NAMES.index(first), DAY_NAMES.index(last or first)
        if end < start:
            raise ValueError(part)
        days.update(range(start, end + 1))
    return frozenset(days)


def _labels(text: str) -> list[str]:
    """Names as written (case kept), separated by commas: 2 to 12 of them."""
    names = [name.strip() for name in text.split(",") if name.strip()]
    if not 2 <= len(names) <= 12 or any(len(name) > 60 for name in names):
        raise ValueError(_("must name 2 to 12 competencies (each up to 60 characters), separated by commas"))
    return names


def _on_off(text: str) -> str:
    if text.strip().lower() not in ("on", "off"):
        raise ValueError(_("must be on or off"))
    return text.strip().lower()


def _language(text: str) -> str:
    from bot.i18n import LANGUAGES  # a leaf module; imported here to keep settings free of Babel at import

    if text.strip().lower() not in LANGUAGES:
        raise ValueError(_("must be one of {choices}").format(choices=", ".join(LANGUAGES)))
    return text.strip().lower()


def _month_day(text: str) -> str:
    try:
        datetime.strptime(f"2024-{text.strip()}", "%Y-%m-%d")
    except ValueError:
        raise ValueError(_("must be a month-day such as 07-01")) from None
    return text.strip()


def _names(text: str) -> list[str]:
    names = [name.strip().lower() for name in text.split(",") if name.strip()]
    if not names:
        raise ValueError(_("must name at least one, separated by commas"))
    return names


def _text(limit: int):
    def parse(text: str) -> str:
        if not text.strip():
            raise ValueError(_("must not be empty"))
        if len(text.strip()) > limit:
            raise ValueError(_("can be at most {limit} characters (this is {length})").format(limit=limit,
                                                                                                length=len(text.strip())))
        return text.strip()
    return parse


def N_(text: str) -> str:
    """Marks default wording for the catalog (extracted by this name) without importing Babel into the settings;
    it is translated where it is shown (handlers/blocks/agreements.clause)."""
    return text


# The mentoring agreement's template: each text is copied into a pair's agreement when their match starts.
AGREEMENT_TEXTS = {
    "agreement_confidentiality": (
        N_("What you talk about stays between the two of you, unless someone's safety is at risk. Mentoring is "
           "never assessment: nothing you share reaches assessors."),
        N_("the agreement's confidentiality clause")),
    "agreement_contact": (
        N_("Reach each other by Slack direct message; answer within a few working days, and say so if you need "
           "to move a meeting."),
        N_("the agreement's \"how to reach each other\"")),
    "agreement_no_fault": (
        N_("Either of you can end this match at any time without giving a reason (`/mentor rematch`). Nobody is "
           "at fault, and the mentee is matched again."),
        N_("the agreement's no-fault clause")),
}

SETTINGS: dict[str, SettingSpec] = {
    "cadence_days": SettingSpec(30, N_("default days between check-ins for new matches"), _int_between(7, 120)),
    "reminder_after_hours": SettingSpec(72, N_("hours before one reminder for an unanswered check-in"), _int_between(4, 336)),
    "quiet_after_cadences": SettingSpec(2, N_("alert when a pair has not met for this many cadences"), _int_between(1, 6)),
    "working_hours": SettingSpec("09:00-17:00", N_("local hours when people may be messaged"), _hours),
    "working_days": SettingSpec("mon-fri", N_("days when people may be messaged, in their own timezone"), _days),
    "priorities": SettingSpec(["scholarship", "career transition", "wellbeing", "clinical skill", "leadership"],  # not text: values goals are tagged with
                              N_("program priorities that goals and indicators are tagged with"), _names),
    "transition_date": SettingSpec("07-01", N_("the day mentees re-state their stage and needs (month-day)"), _month_day),
    "retention_months": SettingSpec(24, N_("months after leaving before personal data is deleted (aggregates kept)"),
                                    _int_between(1, 120)),
    "meeting_log_days_back": SettingSpec(90, N_("how many days back `/mentor met` accepts a meeting date"),
                                         _int_between(1, 366)),
    "consent_timeout_hours": SettingSpec(72, N_("hours a mentor has to answer before the next is asked"),
                                         _int_between(12, 336)),
    "agreement_duration_months": SettingSpec(12, N_("the mentoring agreement's expected duration for new matches "
                                                    "(months)"), _int_between(1, 36)),
    "agreement_reminder_days": SettingSpec(4, N_("days before one gentle reminder of an unacknowledged agreement"),
                                           _int_between(1, 21)),
    "pulse_after_days": SettingSpec(30, N_("days after the introduction when each person is asked how the match is "
                                           "going"), _int_between(7, 120)),
    **{key: SettingSpec(default, help_text, _text(500)) for key, (default, help_text) in AGREEMENT_TEXTS.items()},
    "thank_mentors_at_completion": SettingSpec("off", N_("on: the program thanks a mentor by DM whenever a match is "
                                                         "completed, without a coordinator's click"), _on_off),
    "language": SettingSpec("en", N_("the program's language: group messages, and anyone whose Slack language is "
                                     "not one mentorbot speaks (en or fr)"), _language),
    "idp_competencies": SettingSpec(["Medical Expert", "Communicator", "Collaborator", "Leader", "Health Advocate",  # not text: values
                                     "Scholar", "Professional"],  # not text: a plan's ratings are keyed by these names
                                    N_("the competencies of mentees' development plans (CanMEDS roles by default)"), _labels),
}


class SettingError(ValueError):
    """An unknown setting or a value that does not parse; the message says what is expected."""


def setting(session: Session, key: str) -> Any:
    return get_setting(session=session, key=key, default=SETTINGS[key].default)


def change_setting(*, session: Session, key: str, text: str, actor: str, now: datetime) -> tuple[Any, bool]:
    if key not in SETTINGS:
        raise SettingError(_("Unknown setting `{key}`. Known: {known}.").format(key=key, known=", ".join(SETTINGS)))
    parse = SETTINGS[key].parse
    try:
        value = parse(text, f"`{key}`") if isinstance(parse, _WholeNumber) else parse(text)
    except NotANumber as exc:  # a whole sentence naming the setting already
        raise SettingError(str(exc)) from None
    except ValueError as exc:
        raise SettingError(_("`{key}` {problem}.").format(key=key, problem=exc)) from None
    changed = set_setting(session=session, key=key, value=value, changed_by=actor, now=now)
    session.info.pop("program_language", None)  # bot/i18n/choice.py caches it for a batch
    if changed:
        record_audit(session=session, now=now, actor=actor, action="setting.change", target=key, detail={"value": value})
    return value, changed


def delivery_window(session: Session) -> DeliveryWindow:
    start, _dash, end = str(setting(session, "working_hours")).partition("-")
    return DeliveryWindow(start=time.fromisoformat(start), end=time.fromisoformat(end),
                          weekdays=_weekdays(setting(session, "working_days")))
