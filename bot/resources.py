"""The resource library: links coordinators recommend (a guide, a course, a wellness service), each for some kinds
of mentoring, some stages and one program or all. Each person sees the ones for their kinds, stage and program;
an introduction links the ones for its kind. Only coordinators add or remove them; every change is audited."""

from __future__ import annotations

import re
from datetime import datetime

from pydantic import BaseModel, ValidationError, field_validator
from sqlmodel import Session

from bot.i18n import _, format_number, later
from bot.mrkdwn import escape_mrkdwn
from bot.notify import Notifier
from bot.programs import ProgramError, registry
from bot.resource_views import ResourceInfo
from bot.vocabulary import KINDS, STAGES
from storage.engine import SessionFactory, transaction
from storage.limits import max_chars
from storage.queries.audit import record_audit
from storage.queries import resources as rows
from storage.queries.people import get_person
from storage.queries.profiles import load_profiles
from storage.tables import MenteeProfile, MentorProfile, Person, Resource

WEB_LINK = re.compile(r"https?://[^\s<>|]+\.[^\s<>|]+", re.IGNORECASE)  # Slack's <url|text> syntax forbids <, > and |
SHOWN_IN_INTRODUCTION = 3


class ResourceDraft(BaseModel):
    """What a coordinator typed; each field's limit is its column's (storage/limits.py)."""

    title: str
    url: str
    kinds: list[str] = []
    stages: list[str] = []
    program: str | None = None

    @field_validator("title")
    @classmethod
    def _title(cls, title: str) -> str:
        title = " ".join(title.split())
        if not title:
            raise ValueError(_("Give the resource a title."))
        return _within(title, "title", _("A title"))

    @field_validator("url")
    @classmethod
    def _url(cls, url: str) -> str:
        url = url.strip()
        if not WEB_LINK.fullmatch(url):
            raise ValueError(_("A link must be a web address starting with https:// (or http://), without spaces."))
        return _within(url, "url", _("A link"))

    @field_validator("kinds")
    @classmethod
    def _kinds(cls, kinds: list[str]) -> list[str]:
        return _known(kinds, list(KINDS), _("Unknown kind of mentoring"))

    @field_validator("stages")
    @classmethod
    def _stages(cls, stages: list[str]) -> list[str]:
        return _known(stages, list(STAGES), _("Unknown stage"))

    @field_validator("program")
    @classmethod
    def _program(cls, program: str | None) -> str | None:
        program = " ".join((program or "").split())
        return _within(program, "program", _("A program name")) if program else None


def _known(chosen: list[str], vocabulary: list[str], complaint: str) -> list[str]:
    """The chosen codes in the vocabulary's order, or a ValueError naming those it does not know."""
    if unknown := sorted(set(chosen) - set(vocabulary)):
        raise ValueError(_("{complaint}: {codes}.").format(complaint=complaint, codes=", ".join(unknown)))
    return [code for code in vocabulary if code in chosen]


def _within(text: str, column: str, what: str) -> str:
    limit = max_chars(Resource, column)
    if len(text) > limit:
        raise ValueError(_("{what} can be at most {limit} characters (this is {length}).").format(
            what=what, limit=format_number(limit), length=format_number(len(text))))
    return text


class DraftProblems(ValueError):
    """The draft's problems by field, to show beside each field of the modal."""

    def __init__(self, by_field: dict[str, str]) -> None:
        super().__init__("; ".join(by_field.values()))
        self.by_field = by_field


def checked_draft(**fields: object) -> ResourceDraft:
    """The draft, or DraftProblems naming each field that is wrong and why."""
    try:
        return ResourceDraft.model_validate(fields)
    except ValidationError as exc:
        problems: dict[str, str] = {}
        for error in exc.errors():
            field = str(error["loc"][0]) if error["loc"] else "title"
            problems.setdefault(field, str(error["msg"]).removeprefix("Value error, "))  # not text: pydantic's prefix
        raise DraftProblems(problems) from None


def _info(resource: Resource) -> ResourceInfo:
    return ResourceInfo(resource.id or 0, resource.title, resource.url, tuple(resource.kinds), tuple(resource.stages),
                        resource.program)


def submit(*, sessions: SessionFactory, notifier: Notifier, actor: str, fields: dict[str, object],
           now: datetime) -> ResourceInfo:
    """A coordinator's form, checked field by field (DraftProblems), then stored and confirmed to them."""
    return add(sessions=sessions, actor=actor, draft=checked_draft(**fields), now=now, notifier=notifier)


def add(*, sessions: SessionFactory, actor: str, draft: ResourceDraft, now: datetime,
        notifier: Notifier | None = None) -> ResourceInfo:
    """Store a resource (and, with `notifier`, queue the actor's confirmation with it). Who may: coordinators in
    Slack (handlers.authorization.coordinators_only), and the command line, whose user holds the database itself."""
    with transaction(sessions) as session:
        try:
            program = registry(session).registered_name(draft.program) if draft.program else None
        except ProgramError as exc:
            raise DraftProblems({"program": str(exc)}) from None
        resource = rows.add_resource(session=session, resource=Resource(**{**draft.model_dump(), "program": program},
                                                                        added_by=actor, created_at=now))
        record_audit(session=session, now=now, actor=actor, action="resource.add", target=str(resource.id),
                     detail={"title": resource.title, "url": resource.url})
        if notifier is not None:
            notifier.within(session, now).notice(actor, later(
                "Added to the resource library: {title}. The people it is for see it in App Home.",
                title=escape_mrkdwn(resource.title)))
        return _info(resource)


def remove(*, sessions: SessionFactory, actor: str, resource_id: int, now: datetime) -> bool:
    """Whether this click removed it; False when it was already gone (a double click, another coordinator)."""
    with transaction(sessions) as session:
        removed = rows.remove_resource(session=session, resource_id=resource_id, now=now)
        if removed:
            record_audit(session=session, now=now, actor=actor, action="resource.remove", target=str(resource_id))
        return removed


def library_for(*, sessions: SessionFactory, slack_user_id: str, coordinator: bool) -> list[ResourceInfo]:
    """The whole library for a coordinator; for anyone else, the resources meant for them."""
    with sessions() as session:
        if coordinator:
            return [_info(resource) for resource in rows.current_resources(session=session)]
        return resources_for_person(session=session, slack_user_id=slack_user_id)


def is_for(resource: ResourceInfo, *, kinds: set[str], stage: str | None, program: str | None) -> bool:
    """An empty list of kinds or stages, or no program, means everyone; program names compare as typed, any case."""
    return ((not resource.kinds or bool(kinds & set(resource.kinds)))
            and (not resource.stages or stage in resource.stages)
            and (resource.program is None or (program or "").casefold() == resource.program.casefold()))


def resources_for_person(*, session: Session, slack_user_id: str) -> list[ResourceInfo]:
    """What `/mentor resources` shows someone who is not a coordinator (App Home, which has the person and
    profiles loaded already, calls resources_for)."""
    person = get_person(session=session, slack_user_id=slack_user_id)
    if person is None or person.id is None:
        return []
    mentee, mentor, _identity = load_profiles(session=session, person_id=person.id)
    return resources_for(session=session, person=person, mentee=mentee, mentor=mentor)


def resources_for(*, session: Session, person: Person, mentee: MenteeProfile | None,
                  mentor: MentorProfile | None) -> list[ResourceInfo]:
    """Resources for any kind the person wants or offers, at their stage and in their program."""
    kinds = set(mentee.kinds_wanted if mentee else []) | set(mentor.kinds_offered if mentor else [])
    return [info for info in map(_info, rows.current_resources(session=session))
            if is_for(info, kinds=kinds, stage=person.stage, program=person.program)]


def resources_for_match(*, session: Session, kind: str, mentee_stage: str | None,
                        mentee_program: str | None) -> list[ResourceInfo]:
    """What an introduction links: resources for the match's kind (or every kind) at the mentee's stage."""
    chosen = [info for info in map(_info, rows.current_resources(session=session))
              if is_for(info, kinds={kind}, stage=mentee_stage, program=mentee_program)]
    return sorted(chosen, key=lambda info: not info.kinds)[:SHOWN_IN_INTRODUCTION]  # kind-specific ones first
