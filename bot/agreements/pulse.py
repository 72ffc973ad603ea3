"""The early pulse: "How is this match going?" answered with one click (and an optional note). Coordinators see
every answer; "not working" raises an early warning in their digest, and the person is offered a no-fault
rematch. The answer can be changed while the match lasts; the latest stands.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from bot.i18n import _
from bot.access import Refused
from bot.agreements.prompts import PromptView, prompt_view
from bot.timing import zone
from bot.text_limits import length_error
from storage.queries.care import open_alert_for, resolve_alert
from storage.tables import Alert, Match, MatchPrompt, MatchStatus, Person, PromptKind, PromptStatus, PulseAnswer

ALERT_KIND = "early_pulse"


class PulseError(ValueError):
    """The answer cannot be recorded; the message says why."""


class NotYourPulse(Refused, PulseError):
    """Someone answered another person's pulse (audited)."""


def _own_pulse(session: Session, prompt_id: int, actor: str) -> tuple[MatchPrompt, Match, Person]:
    prompt = session.get(MatchPrompt, prompt_id)
    if prompt is None or prompt.kind != PromptKind.PULSE:
        raise PulseError(_("That question no longer exists."))
    match = session.get(Match, prompt.match_id)
    assert match is not None
    person = session.get(Person, match.mentee_id if prompt.role == "mentee" else match.mentor_id)
    if person is None or person.slack_user_id != actor:
        raise NotYourPulse(_("That question was meant for someone else."), actor=actor, action="pulse.answer",
                           target=str(prompt_id))
    if match.status != MatchStatus.ACTIVE or prompt.status == PromptStatus.SKIPPED:
        raise PulseError(_("This match has ended, so there's nothing more to answer. Thank you!"))
    return prompt, match, person


def answer_pulse(*, session: Session, prompt_id: int, actor: str, answer: str, now: datetime) -> PromptView:
    if answer not in set(PulseAnswer):
        raise PulseError(_("That isn't one of the answers."))
    prompt, match, person = _own_pulse(session, prompt_id, actor)
    prompt.answer, prompt.answered_at, prompt.status = answer, now, PromptStatus.ANSWERED
    session.add(prompt)
    if answer == PulseAnswer.NOT_WORKING:
        _raise_warning(session, prompt, match, person, now)
    else:
        resolve_alert(session=session, kind=ALERT_KIND, subject_id=prompt.id or 0, now=now)
    return prompt_view(session, prompt)


def add_pulse_note(*, session: Session, prompt_id: int, actor: str, note: str, now: datetime) -> PromptView:
    """The optional note beside the answer; coordinators see it (escaped) with a "not working" warning."""
    note = note.strip()
    if problem := length_error(MatchPrompt, "note", note, what=_("The note")):
        raise PulseError(problem)
    prompt, match, person = _own_pulse(session, prompt_id, actor)
    prompt.note = note
    session.add(prompt)
    alert = open_alert_for(session=session, kind=ALERT_KIND, subject_id=prompt.id or 0)
    if alert is not None:
        alert.detail = _detail(prompt)
        session.add(alert)
    return prompt_view(session, prompt)


def _raise_warning(session: Session, prompt: MatchPrompt, match: Match, person: Person, now: datetime) -> None:
    if open_alert_for(session=session, kind=ALERT_KIND, subject_id=prompt.id or 0) is not None:
        return
    today = now.astimezone(zone(person.timezone)).date()
    earlier = session.exec(select(Alert).where(Alert.kind == ALERT_KIND, Alert.subject_id == prompt.id,
                                               Alert.raised_on == today)).first()
    if earlier is not None:  # answered "not working" again the same day: the same warning is open again
        earlier.resolved_at, earlier.detail = None, _detail(prompt)
        session.add(earlier)
        return
    session.add(Alert(kind=ALERT_KIND, subject_id=prompt.id or 0, match_id=match.id or 0, raised_on=today,
                      detail=_detail(prompt)))


def _detail(prompt: MatchPrompt) -> str:
    """What the digest says; the note is kept as typed here and escaped where it is shown."""
    said = f"the {prompt.role} answered “not working” to the early pulse"  # not text: stored, shown as is
    return (f"{said}: “{prompt.note}”" if prompt.note else said)[:500]


def own_pulse(*, session: Session, prompt_id: int, actor: str) -> PromptView:
    """The pulse as its own person sees it (before they add a note)."""
    prompt, _match, _person = _own_pulse(session, prompt_id, actor)
    return prompt_view(session, prompt)
