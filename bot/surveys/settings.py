"""The program's survey settings, kept as dated program settings: the support resources and the minimum group size."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from bot.i18n import N_, _
from bot.privacy import DEFAULT_MINIMUM_GROUP, minimum_group
from bot.surveys.errors import SurveyError
from storage.queries.audit import record_audit
from storage.queries.settings import get_setting, set_setting

SUPPORT_TEXT_KEY = "survey_support_text"
MINIMUM_GROUP_KEY = "survey_minimum_group"
MAXIMUM_GROUP = 50
SUPPORT_TEXT_LIMIT = 1500
DEFAULT_SUPPORT_TEXT = N_(
    "If work feels heavy, you are not alone, and support is confidential. Talk to someone you trust, your "
    "program's wellness lead, or your physician or resident support program. In a crisis, call or text 988 "
    "(Suicide Crisis Helpline, Canada and US) or go to the nearest emergency department."
)


def support_text(session: Session) -> str:
    return str(get_setting(session=session, key=SUPPORT_TEXT_KEY, default=DEFAULT_SUPPORT_TEXT))


def shown_support_text(text: str) -> str:
    """The default support resources in the reader's language; a program's own text as its coordinators wrote it."""
    return _(DEFAULT_SUPPORT_TEXT) if text == DEFAULT_SUPPORT_TEXT else text


def minimum_group_size(session: Session) -> int:
    return minimum_group(int(get_setting(session=session, key=MINIMUM_GROUP_KEY, default=DEFAULT_MINIMUM_GROUP)))


def change_support_text(*, session: Session, text: str, actor: str, now: datetime) -> bool:
    cleaned = text.strip()
    if not cleaned or len(cleaned) > SUPPORT_TEXT_LIMIT:
        raise SurveyError(_("Write the support resources in 1 to {limit} characters "
                            "(who to contact, how, and when it's urgent).").format(limit=SUPPORT_TEXT_LIMIT))
    return _change(session, SUPPORT_TEXT_KEY, cleaned, actor, now)


def change_minimum_group_size(*, session: Session, size: int, actor: str, now: datetime) -> bool:
    """Results are hidden for groups smaller than this; it can be raised above the default, never lowered below it."""
    if not DEFAULT_MINIMUM_GROUP <= size <= MAXIMUM_GROUP:
        raise SurveyError(_("The minimum group size must be a whole number from {lowest} "
                            "(the lowest that keeps people unidentifiable) to {highest}.").format(
            lowest=DEFAULT_MINIMUM_GROUP, highest=MAXIMUM_GROUP))
    return _change(session, MINIMUM_GROUP_KEY, size, actor, now)


def _change(session: Session, key: str, value: object, actor: str, now: datetime) -> bool:
    changed = set_setting(session=session, key=key, value=value, changed_by=actor, now=now)
    if changed:
        record_audit(session=session, now=now, actor=actor, action="setting.change", target=key, detail={"value": value})
    return changed
