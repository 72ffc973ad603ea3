"""What a pair's agreement says, for one of its two people: the program's template as it was when the match
started, the terms (cadence, duration) as agreed or as proposed, and who has acknowledged them."""

from __future__ import annotations

import calendar
from datetime import date, datetime

from sqlmodel import Session

from bot.i18n import _
from bot.access import Refused
from bot.agreements.views import AgreementView, ProposedChange
from bot.matching.service import PersonRef, ref
from bot.timing import zone
from storage.tables import Agreement, AgreementStatus, Match, Person

ROLES = ("mentee", "mentor")
CADENCE_CHOICES = (7, 14, 21, 30, 45, 60)
DURATION_CHOICES = (3, 6, 9, 12, 18, 24)


class AgreementError(ValueError):
    """The agreement cannot be changed this way; the message says why, kindly."""


class AlreadyHandled(AgreementError):
    """Another click (or the other person) got there first; the message says what now stands."""


class NotYourAgreement(Refused, AgreementError):
    """Someone outside the pair clicked a pair's agreement (audited)."""


def add_months(instant: datetime, months: int) -> datetime:
    """The same day `months` later (the month's last day when it is shorter)."""
    month0 = instant.month - 1 + months
    year, month = instant.year + month0 // 12, month0 % 12 + 1
    return instant.replace(year=year, month=month, day=min(instant.day, calendar.monthrange(year, month)[1]))


def pair_of(session: Session, agreement: Agreement) -> tuple[Match, Person, Person]:
    match = session.get(Match, agreement.match_id)
    assert match is not None
    mentee, mentor = session.get(Person, match.mentee_id), session.get(Person, match.mentor_id)
    assert mentee is not None and mentor is not None
    return match, mentee, mentor


def role_of(session: Session, agreement: Agreement, slack_id: str, *, action: str) -> str:
    """mentee or mentor; anyone else is refused (and audited)."""
    _match, mentee, mentor = pair_of(session, agreement)
    if slack_id == mentee.slack_user_id:
        return "mentee"
    if slack_id == mentor.slack_user_id:
        return "mentor"
    raise NotYourAgreement(_("That agreement belongs to another pair."), actor=slack_id, action=action,
                           target=str(agreement.id))


def other(role: str) -> str:
    return "mentor" if role == "mentee" else "mentee"


def acked(agreement: Agreement, role: str) -> bool:
    return getattr(agreement, f"{role}_acked_at") is not None


def view_of(session: Session, agreement: Agreement, role: str, *, reminder: bool = False) -> AgreementView:
    match, mentee, mentor = pair_of(session, agreement)
    me, partner = (mentee, mentor) if role == "mentee" else (mentor, mentee)
    change = None
    if agreement.change_by is not None:
        proposer = mentee if agreement.change_by == "mentee" else mentor
        change = ProposedChange(ref(proposer), agreement.change_cadence_days or agreement.cadence_days,
                                agreement.change_duration_months or agreement.duration_months)
    sections = agreement.sections
    return AgreementView(
        agreement.id or 0, match.id or 0, agreement.version, agreement.status, role, ref(me), ref(partner), match.kind,
        agreement.cadence_days, agreement.duration_months, agreement.ends_at.astimezone(zone(me.timezone)).date(),
        agreement.term, sections.get("confidentiality", ""), sections.get("contact", ""), sections.get("no_fault", ""),
        tuple(sections.get("first_goals", ())), acked(agreement, role), acked(agreement, other(role)), change,
        agreement.change_by == role, reminder, bool(sections.get("offered_late")))
