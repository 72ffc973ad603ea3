"""Enrolment and mentoring profiles: validation rules and saving, independent of Slack."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError, ValidationInfo, field_validator
from sqlmodel import Session

from bot.i18n import LANGUAGES, N_, _
from bot.input_errors import by_field, problems_at, refusal
from bot.matching.service import sync_requests
from bot.numbers import ASCII_WHOLE_NUMBER, NotANumber, parse_count
from bot.programs import ProgramError, Registry
from bot.vocabulary import CADENCES, IDENTITY_FIELDS, KINDS, MEETING_MODES, STAGES
from bot.text_limits import fits_column
from storage.queries.audit import record_audit
from storage.queries.people import get_person
from storage.queries.profiles import load_profiles, save_person, save_profiles
from storage.tables import IdentityProfile, InterestTag, MenteeProfile, MentorProfile, Person

MAX_CAPACITY = 20


def _whole_number(what: str, low: int | None = None, high: int | None = None) -> BeforeValidator:
    """Typed text read by the one number parser (ASCII digits only, the refusal repeats what was typed)."""
    def read(value: Any) -> Any:
        if not isinstance(value, str):
            return value
        try:
            return parse_count(value, what=_(what), low=low, high=high)
        except NotANumber as exc:
            raise refusal(str(exc)) from None
    return BeforeValidator(read)


def _limits_per_kind(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    limits = parse_capacity_per_kind(value)
    if limits is None:
        raise refusal(_("Write limits like `research:1, career:2`."))
    return limits


Tag = Annotated[str, fits_column(InterestTag, "name", what=N_("Each interest"))]


class ProfileBase(BaseModel):
    """Everything the join/profile form (or a roster row, or the workflow step) says about one person; typed, not
    yet checked against the program's rules (a half-filled form pre-fills the modal)."""

    as_mentee: bool = False
    as_mentor: bool = False
    program: str = ""
    stage: str = ""
    interests: list[str] = []
    interests_note: str = ""
    kinds_wanted: list[str] = []
    meeting_mode: str = "either"
    cadence_days: Annotated[int, _whole_number(N_("How often to meet"))] = 30
    concordance: list[str] = []
    named_in_dossiers: bool = False
    kinds_offered: list[str] = []
    expertise: list[str] = []
    capacity_total: Annotated[int, _whole_number(N_("Capacity"), 0, MAX_CAPACITY)] = 2
    capacity_per_kind: Annotated[dict[str, int], BeforeValidator(_limits_per_kind)] = {}
    language: str = ""  # the person's own choice (bot/i18n LANGUAGES); "": follow Slack's language
    accepting_from: date | None = None
    identity: dict[str, str] = {}


class ProfileCreate(ProfileBase):
    """A profile fit to save: every rule, each problem on its form field (PROFILE_FORM_FIELDS renames the model
    fields the form shows elsewhere). With `context={"programs": Registry}` the program is the registered name."""

    model_config = ConfigDict(validate_default=True)  # a field left out is checked like one left empty

    program: Annotated[str, fits_column(Person, "program", what=N_("The program name"))] = ""
    interests: list[Tag] = []
    interests_note: Annotated[str, fits_column(MenteeProfile, "interests_note", what=N_("What you'd like help with"))] = ""
    expertise: list[Tag] = []

    @field_validator("as_mentor")
    @classmethod
    def _some_role(cls, as_mentor: bool, info: ValidationInfo) -> bool:
        if not (as_mentor or info.data.get("as_mentee")):
            raise refusal(_("Choose at least one: mentee, mentor, or both."))
        return as_mentor

    @field_validator("program")
    @classmethod
    def _known_program(cls, program: str, info: ValidationInfo) -> str:
        if not program:
            raise refusal(_("Say which program or department you are in."))
        programs = (info.context or {}).get("programs")
        try:
            return programs.registered_name(program) if programs is not None else program
        except ProgramError as exc:
            raise refusal(str(exc)) from None

    @field_validator("language")
    @classmethod
    def _known_language(cls, language: str) -> str:
        if language and language not in LANGUAGES:
            raise refusal(_("Choose a language from the list."))
        return language

    @field_validator("stage")
    @classmethod
    def _known_stage(cls, stage: str) -> str:
        if stage not in STAGES:
            raise refusal(_("Choose your stage or rank."))
        return stage

    @field_validator("kinds_wanted", "kinds_offered")
    @classmethod
    def _kinds(cls, kinds: list[str], info: ValidationInfo) -> list[str]:
        wanted = info.field_name == "kinds_wanted"
        if not info.data.get("as_mentee" if wanted else "as_mentor"):
            return kinds
        if not kinds:
            raise refusal(_("Pick at least one kind of mentoring you would like now.") if wanted
                          else _("Pick at least one kind of mentoring you can offer."))
        if unknown := set(kinds) - set(KINDS):
            raise refusal(_("Unknown kind of mentoring: {kinds}.").format(kinds=", ".join(sorted(unknown))))
        return kinds

    @field_validator("meeting_mode")
    @classmethod
    def _meeting_mode(cls, mode: str, info: ValidationInfo) -> str:
        if info.data.get("as_mentee") and mode not in MEETING_MODES:
            raise refusal(_("Choose in person, virtual or either."))
        return mode

    @field_validator("cadence_days")
    @classmethod
    def _cadence(cls, days: int, info: ValidationInfo) -> int:
        if info.data.get("as_mentee") and days not in CADENCES:
            raise refusal(_("Choose how often you would like to meet."))
        return days

    @field_validator("concordance")
    @classmethod
    def _concordance(cls, wishes: list[str], info: ValidationInfo) -> list[str]:
        if info.data.get("as_mentee") and (unknown := set(wishes) - set(IDENTITY_FIELDS)):
            raise refusal(_("Unknown preference: {names}.").format(names=", ".join(sorted(unknown))))
        return wishes

    @field_validator("capacity_total")
    @classmethod
    def _capacity(cls, capacity: int, info: ValidationInfo) -> int:
        if info.data.get("as_mentor") and not 0 <= capacity <= MAX_CAPACITY:
            raise refusal(_("Capacity must be a whole number from 0 to {n}.").format(n=MAX_CAPACITY))
        return capacity

    @field_validator("capacity_per_kind")
    @classmethod
    def _limits(cls, limits: dict[str, int], info: ValidationInfo) -> dict[str, int]:
        if not info.data.get("as_mentor"):
            return limits
        offered, total = info.data.get("kinds_offered") or [], info.data.get("capacity_total", MAX_CAPACITY)
        if set(limits) - set(offered) or any(not 0 <= n <= total for n in limits.values()):
            raise refusal(_("Per-kind limits must name kinds you offer and be between 0 and your total capacity."))
        return limits

    @field_validator("identity")
    @classmethod
    def _identity(cls, answers: dict[str, str]) -> dict[str, str]:
        wrong = {name: _("Choose one of the listed answers, or leave it empty.") for name, answer in answers.items()
                 if name not in IDENTITY_FIELDS or answer not in IDENTITY_FIELDS[name][1]}
        if wrong:
            raise problems_at(wrong, answers, title="identity")
        return answers


# model field -> form field (block id), where the form shows it elsewhere; identity.gender is identity_gender
PROFILE_FORM_FIELDS = {"as_mentor": "roles", "cadence_days": "cadence", "capacity_total": "capacity",
                       "interests": "interests_other", "expertise": "expertise_other"}


def canonical(profile: ProfileBase) -> ProfileBase:
    """The same profile with lists in a fixed order, so equal profiles compare equal."""
    return profile.model_copy(update=dict(
        interests=sorted(set(profile.interests)), kinds_wanted=[k for k in KINDS if k in profile.kinds_wanted],
        concordance=sorted(set(profile.concordance)), kinds_offered=[k for k in KINDS if k in profile.kinds_offered],
        expertise=sorted(set(profile.expertise)), capacity_per_kind=dict(sorted(profile.capacity_per_kind.items())),
        interests_note=profile.interests_note.strip(), program=profile.program.strip(),
    ))


@dataclass(frozen=True)
class SlackIdentity:
    """What Slack says about the person (users.info)."""

    slack_user_id: str
    display_name: str
    email: str | None
    timezone: str
    locale: str | None = None  # Slack's language for the person ("fr-CA"); None when Slack did not say


def checked(profile: ProfileBase | Mapping[str, Any], programs: Registry | None = None) -> ProfileCreate:
    """The profile fit to save, or pydantic.ValidationError with every problem (by model field)."""
    raw = profile.model_dump() if isinstance(profile, ProfileBase) else dict(profile)
    return ProfileCreate.model_validate(raw, context={"programs": programs})


def validate_profile(profile: ProfileBase) -> dict[str, str]:
    """Form field -> what is wrong, in words a resident would understand; empty when valid."""
    try:
        checked(profile)
    except ValidationError as exc:
        return by_field(exc, renamed=PROFILE_FORM_FIELDS)
    return {}


def parse_capacity_per_kind(text: str) -> dict[str, int] | None:
    """'research:1, career:2' -> {'research': 1, 'career': 2}; None when it cannot be read."""
    limits: dict[str, int] = {}
    for part in filter(None, (piece.strip() for piece in text.replace(";", ",").split(","))):
        kind, _colon, number = part.partition(":")
        if kind.strip().lower() not in KINDS or not ASCII_WHOLE_NUMBER.fullmatch(number.strip()):
            return None
        limits[kind.strip().lower()] = int(number)
    return limits


def save_profile(*, session: Session, who: SlackIdentity, profile: ProfileBase, now: datetime) -> Person:
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


def _mentee_row(profile: ProfileBase, person_id: int, now: datetime) -> MenteeProfile:
    return MenteeProfile(
        person_id=person_id,
        interests=sorted(set(profile.interests)), interests_note=profile.interests_note.strip(),
        kinds_wanted=[kind for kind in KINDS if kind in profile.kinds_wanted], meeting_mode=profile.meeting_mode,
        cadence_days=profile.cadence_days, concordance=sorted(set(profile.concordance)),
        named_in_dossiers=profile.named_in_dossiers, updated_at=now,
    )


def _mentor_row(profile: ProfileBase, person_id: int, now: datetime) -> MentorProfile:
    return MentorProfile(
        person_id=person_id,
        kinds_offered=[kind for kind in KINDS if kind in profile.kinds_offered], expertise=sorted(set(profile.expertise)),
        capacity_total=profile.capacity_total, capacity_per_kind=dict(sorted(profile.capacity_per_kind.items())),
        accepting_from=profile.accepting_from, updated_at=now,
    )


def profile_for_edit(*, session: Session, slack_user_id: str) -> ProfileBase | None:
    """The stored profile as form input, to pre-fill `/mentor profile`; None if never enrolled."""
    person = get_person(session=session, slack_user_id=slack_user_id)
    if person is None or person.id is None:
        return None
    mentee, mentor, identity = load_profiles(session=session, person_id=person.id)
    profile = ProfileBase(as_mentee=person.is_mentee, as_mentor=person.is_mentor,
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
