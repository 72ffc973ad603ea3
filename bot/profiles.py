"""Enrolment and mentoring profiles: validation rules and saving, independent of Slack."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime

from sqlmodel import Session

from bot.i18n import LANGUAGES, _
from bot.matching.service import sync_requests
from bot.numbers import ASCII_WHOLE_NUMBER
from bot.vocabulary import CADENCES, IDENTITY_FIELDS, KINDS, MEETING_MODES, STAGES
from storage.queries.audit import record_audit
from storage.queries.people import get_person
from storage.queries.profiles import load_profiles, save_person, save_profiles
from storage.limits import length_error
from storage.tables import IdentityProfile, InterestTag, MenteeProfile, MentorProfile, Person

MAX_CAPACITY = 20


@dataclass
class ProfileInput:
    """Everything the join/profile form (or a roster row) says about one person."""

    as_mentee: bool = False
    as_mentor: bool = False
    program: str = ""
    stage: str = ""
    interests: list[str] = field(default_factory=list)
    interests_note: str = ""
    kinds_wanted: list[str] = field(default_factory=list)
    meeting_mode: str = "either"
    cadence_days: int = 30
    concordance: list[str] = field(default_factory=list)
    named_in_dossiers: bool = False
    kinds_offered: list[str] = field(default_factory=list)
    expertise: list[str] = field(default_factory=list)
    capacity_total: int = 2
    capacity_per_kind: dict[str, int] = field(default_factory=dict)
    language: str = ""  # the person's own choice (bot/i18n LANGUAGES); "": follow Slack's language
    accepting_from: date | None = None
    identity: dict[str, str] = field(default_factory=dict)


def canonical(profile: ProfileInput) -> ProfileInput:
    """The same profile with lists in a fixed order, so equal profiles compare equal."""
    return replace(
        profile,
        interests=sorted(set(profile.interests)), kinds_wanted=[k for k in KINDS if k in profile.kinds_wanted],
        concordance=sorted(set(profile.concordance)), kinds_offered=[k for k in KINDS if k in profile.kinds_offered],
        expertise=sorted(set(profile.expertise)), capacity_per_kind=dict(sorted(profile.capacity_per_kind.items())),
        interests_note=profile.interests_note.strip(), program=profile.program.strip(),
    )


@dataclass(frozen=True)
class SlackIdentity:
    """What Slack says about the person (users.info)."""

    slack_user_id: str
    display_name: str
    email: str | None
    timezone: str
    locale: str | None = None  # Slack's language for the person ("fr-CA"); None when Slack did not say


def validate_profile(profile: ProfileInput) -> dict[str, str]:
    """Field name -> what is wrong, in words a resident would understand; empty when valid."""
    errors: dict[str, str] = {}
    if not (profile.as_mentee or profile.as_mentor):
        errors["roles"] = _("Choose at least one: mentee, mentor, or both.")
    if not profile.program.strip():
        errors["program"] = _("Say which program or department you are in.")
    if profile.stage not in STAGES:
        errors["stage"] = _("Choose your stage or rank.")
    errors.update(_mentee_errors(profile) if profile.as_mentee else {})
    errors.update(_mentor_errors(profile) if profile.as_mentor else {})
    for name, answer in profile.identity.items():
        if name not in IDENTITY_FIELDS or answer not in IDENTITY_FIELDS[name][1]:
            errors[f"identity_{name}"] = _("Choose one of the listed answers, or leave it empty.")
    return {**length_errors(profile), **errors}


def length_errors(profile: ProfileInput) -> dict[str, str]:
    """Free text longer than its column, by form field (the roster names the same fields by its columns)."""
    checks = {
        # storage/limits words these in English: the field names stay English with them
        "program": length_error(Person, "program", profile.program.strip(), what="The program name"),  # not text
        "interests_note": length_error(MenteeProfile, "interests_note", profile.interests_note.strip(),
                                       what="What you'd like help with"),  # not text
        "interests_other": _tag_error(profile.interests),
        "expertise_other": _tag_error(profile.expertise),
    }
    return {field: error for field, error in checks.items() if error}


def _tag_error(tags: list[str]) -> str | None:
    return next((error for tag in tags if (error := length_error(InterestTag, "name", tag, what="Each interest"))),  # not text
                None)


def _mentee_errors(profile: ProfileInput) -> dict[str, str]:
    errors = {}
    if not profile.kinds_wanted:
        errors["kinds_wanted"] = _("Pick at least one kind of mentoring you would like now.")
    elif unknown := set(profile.kinds_wanted) - set(KINDS):
        errors["kinds_wanted"] = _("Unknown kind of mentoring: {kinds}.").format(kinds=", ".join(sorted(unknown)))
    if profile.meeting_mode not in MEETING_MODES:
        errors["meeting_mode"] = _("Choose in person, virtual or either.")
    if profile.cadence_days not in CADENCES:
        errors["cadence"] = _("Choose how often you would like to meet.")
    if unknown := set(profile.concordance) - set(IDENTITY_FIELDS):
        errors["concordance"] = _("Unknown preference: {names}.").format(names=", ".join(sorted(unknown)))
    return errors


def _mentor_errors(profile: ProfileInput) -> dict[str, str]:
    errors = {}
    if not profile.kinds_offered:
        errors["kinds_offered"] = _("Pick at least one kind of mentoring you can offer.")
    elif unknown := set(profile.kinds_offered) - set(KINDS):
        errors["kinds_offered"] = _("Unknown kind of mentoring: {kinds}.").format(kinds=", ".join(sorted(unknown)))
    if not 0 <= profile.capacity_total <= MAX_CAPACITY:
        errors["capacity"] = _("Capacity must be a whole number from 0 to {n}.").format(n=MAX_CAPACITY)
    bad_kinds = set(profile.capacity_per_kind) - set(profile.kinds_offered)
    bad_values = [n for n in profile.capacity_per_kind.values() if not 0 <= n <= profile.capacity_total]
    if bad_kinds or bad_values:
        errors["capacity_per_kind"] = _(
            "Per-kind limits must name kinds you offer and be between 0 and your total capacity.")
    return errors


def parse_capacity_per_kind(text: str) -> dict[str, int] | None:
    """'research:1, career:2' -> {'research': 1, 'career': 2}; None when it cannot be read."""
    limits: dict[str, int] = {}
    for part in filter(None, (piece.strip() for piece in text.replace(";", ",").split(","))):
        kind, _colon, number = part.partition(":")
        if kind.strip().lower() not in KINDS or not ASCII_WHOLE_NUMBER.fullmatch(number.strip()):
            return None
        limits[kind.strip().lower()] = int(number)
    return limits


def save_profile(*, session: Session, who: SlackIdentity, profile: ProfileInput, now: datetime) -> Person:
    """Create or update the person and their profiles; roles dropped in the form are dropped here too."""
    person = get_person(session=session, slack_user_id=who.slack_user_id) or Person(
        slack_user_id=who.slack_user_id, created_at=now, updated_at=now
    )
    person.display_name, person.timezone = who.display_name, who.timezone
    person.slack_locale = who.locale or person.slack_locale
    person.language = profile.language if profile.language in LANGUAGES else None
    person.email = who.email.lower() if who.email else None
    person.program, person.stage = profile.program.strip(), profile.stage
    person.is_mentee, person.is_mentor = profile.as_mentee, profile.as_mentor
    person.active, person.left_at, person.updated_at = True, None, now
    person_id = save_person(session=session, person=person)
    save_profiles(
        session=session,
        person_id=person_id,
        mentee=_mentee_row(profile, person_id, now) if profile.as_mentee else None,
        mentor=_mentor_row(profile, person_id, now) if profile.as_mentor else None,
        identity=(IdentityProfile(person_id=person_id, answers=dict(profile.identity), updated_at=now)
                  if profile.identity else None),
    )
    sync_requests(session=session, person=person, kinds_wanted=profile.kinds_wanted if profile.as_mentee else [], now=now)
    record_audit(session=session, now=now, actor=who.slack_user_id, action="profile.save",
                 target=who.slack_user_id, detail={"roles": list(person.roles)})
    return person


def _mentee_row(profile: ProfileInput, person_id: int, now: datetime) -> MenteeProfile:
    return MenteeProfile(
        person_id=person_id,
        interests=sorted(set(profile.interests)), interests_note=profile.interests_note.strip(),
        kinds_wanted=[kind for kind in KINDS if kind in profile.kinds_wanted], meeting_mode=profile.meeting_mode,
        cadence_days=profile.cadence_days, concordance=sorted(set(profile.concordance)),
        named_in_dossiers=profile.named_in_dossiers, updated_at=now,
    )


def _mentor_row(profile: ProfileInput, person_id: int, now: datetime) -> MentorProfile:
    return MentorProfile(
        person_id=person_id,
        kinds_offered=[kind for kind in KINDS if kind in profile.kinds_offered], expertise=sorted(set(profile.expertise)),
        capacity_total=profile.capacity_total, capacity_per_kind=dict(sorted(profile.capacity_per_kind.items())),
        accepting_from=profile.accepting_from, updated_at=now,
    )


def profile_for_edit(*, session: Session, slack_user_id: str) -> ProfileInput | None:
    """The stored profile as form input, to pre-fill `/mentor profile`; None if never enrolled."""
    person = get_person(session=session, slack_user_id=slack_user_id)
    if person is None or person.id is None:
        return None
    mentee, mentor, identity = load_profiles(session=session, person_id=person.id)
    profile = ProfileInput(as_mentee=person.is_mentee, as_mentor=person.is_mentor,
                           program=person.program or "", stage=person.stage or "",
                           identity=dict(identity.answers) if identity else {}, language=person.language or "")
    if mentee:
        profile.interests, profile.interests_note = list(mentee.interests), mentee.interests_note
        profile.kinds_wanted, profile.meeting_mode = list(mentee.kinds_wanted), mentee.meeting_mode
        profile.cadence_days, profile.concordance = mentee.cadence_days, list(mentee.concordance)
        profile.named_in_dossiers = mentee.named_in_dossiers
    if mentor:
        profile.kinds_offered, profile.expertise = list(mentor.kinds_offered), list(mentor.expertise)
        profile.capacity_total, profile.capacity_per_kind = mentor.capacity_total, dict(mentor.capacity_per_kind)
        profile.accepting_from = mentor.accepting_from
    return profile
