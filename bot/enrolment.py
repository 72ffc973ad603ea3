"""Enrolment from a Workflow Builder step ("Enrol in mentoring"): a role, program, stage and kinds of mentoring,
merged into whatever the person already told mentorbot (nothing they wrote in `/mentor profile` is lost), checked
by the same rules as the join form. Someone who left the program is not re-enrolled by a workflow; they rejoin
themselves with `/mentor join` (as a roster import needs `rejoin=yes`)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from bot.i18n import _
from bot.notify import Notifier
from bot.profiles import ProfileBase, profile_for_edit, save_profile, validate_profile
from bot.profiles import SlackIdentity
from bot.enrolment_views import EnrolledNotice
from bot.vocabulary import KINDS, normalize_kind, normalize_stage
from storage.queries.outbox import enqueue_message
from storage.queries.people import get_person
from storage.tables import Person
from bot.i18n.choice import speaking_to

ROLES = ("mentee", "mentor", "both")


class EnrolmentRefused(Exception):
    """The step's inputs cannot enrol this person; the message says why, for the workflow's owner."""


@dataclass(frozen=True)
class Enrolment:
    role: str
    program: str
    stage: str
    kinds: tuple[str, ...]

    @property
    def as_mentee(self) -> bool:
        return self.role in ("mentee", "both")

    @property
    def as_mentor(self) -> bool:
        return self.role in ("mentor", "both")


def read_enrolment(*, role: str, program: str, stage: str, kinds: str) -> Enrolment:
    """The step's text inputs, each checked against mentorbot's vocabulary."""
    role = role.strip().lower()
    if role not in ROLES:
        raise EnrolmentRefused(_("The role must be one of {roles}.").format(roles=", ".join(ROLES)))
    known_stage = normalize_stage(stage)
    if known_stage is None:
        raise EnrolmentRefused(_("Unknown stage or rank {stage}.").format(stage=repr(stage.strip()[:40])))
    names = [name for name in kinds.replace(";", ",").split(",") if name.strip()]
    normalized = [normalize_kind(name) for name in names]
    if not names or None in normalized:
        raise EnrolmentRefused(_("Kinds of mentoring are a comma-separated list of: {kinds}.").format(kinds=", ".join(KINDS)))
    return Enrolment(role, program.strip(), known_stage, tuple(kind for kind in normalized if kind))


def enrol(*, session: Session, who: SlackIdentity, enrolment: Enrolment, notifier: Notifier, now: datetime) -> Person:
    """Enrol (or add a role) and, in the same transaction, queue the DM telling the person what was stored."""
    person = get_person(session=session, slack_user_id=who.slack_user_id)
    if person is not None and person.left_at is not None:
        raise EnrolmentRefused(_("This person left the program; they can rejoin themselves with `/mentor join`."))
    profile = _merged(profile_for_edit(session=session, slack_user_id=who.slack_user_id) or ProfileBase(), enrolment)
    errors = validate_profile(profile)
    if errors:
        raise EnrolmentRefused(" ".join(errors.values()))
    person = save_profile(session=session, who=who, profile=profile, now=now)
    notice = EnrolledNotice(tuple(person.roles), profile.program, profile.stage,
                            tuple(profile.kinds_wanted) if profile.as_mentee else (),
                            tuple(profile.kinds_offered) if profile.as_mentor else ())
    with speaking_to(session, who.slack_user_id):
        payload = notifier.render_enrolled_by_workflow(notice)
    enqueue_message(session=session, key=_notice_key(who.slack_user_id, notice, now), purpose="enrolment",
                    recipient=who.slack_user_id, payload=payload, not_before=now, now=now)
    return person


def _notice_key(slack_user_id: str, notice: EnrolledNotice, now: datetime) -> str:
    """One DM per enrolment: the same step retried at the same instant is told once."""
    digest = hashlib.sha256(repr(notice).encode()).hexdigest()[:16]
    return f"enrolled:{slack_user_id}:{now:%Y%m%dT%H%M%S}:{digest}"


def _merged(profile: ProfileBase, enrolment: Enrolment) -> ProfileBase:
    kinds = list(enrolment.kinds)
    return profile.model_copy(update=dict(
        as_mentee=profile.as_mentee or enrolment.as_mentee,
        as_mentor=profile.as_mentor or enrolment.as_mentor,
        program=enrolment.program or profile.program,
        stage=enrolment.stage,
        kinds_wanted=sorted(set(profile.kinds_wanted) | set(kinds)) if enrolment.as_mentee else profile.kinds_wanted,
        kinds_offered=sorted(set(profile.kinds_offered) | set(kinds)) if enrolment.as_mentor else profile.kinds_offered,
    ))
