"""An announcement as a coordinator composes it, checked as one input model: the Slack form shows every problem on
its own field at once, and compose() (the form's, the CLI's and an edit's one way in) checks the same rules."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError, ValidationInfo, field_validator

from bot.broadcasts.model import (
    AUDIENCES,
    SCHEDULES,
    Announcement,
    Audience,
    BroadcastError,
    LinkButton,
    Schedule,
    parse_buttons,
)
from bot.i18n import _
from bot.input_errors import refusal
from bot.vocabulary import STAGES

MAX_MESSAGE_CHARS = 3000  # one section of Slack text


def _buttons(value: Any) -> Any:
    """Lines "Label | https://link" read into buttons; buttons already read pass through."""
    if not isinstance(value, str):
        return value
    try:
        return parse_buttons(value)
    except BroadcastError as exc:
        raise refusal(str(exc)) from None


class AnnouncementDraft(BaseModel):
    """What, to whom and when, as the compose form's fields (block ids in handlers/ids.py ANNOUNCE_FIELDS)."""

    model_config = ConfigDict(validate_default=True)  # a field left out is checked like one left empty

    message: str = ""
    links: Annotated[tuple[LinkButton, ...], BeforeValidator(_buttons)] = ()
    audience: str = ""
    program: str | None = None
    stage: str | None = None
    people: tuple[str, ...] = ()
    when: str = "now"
    date: dt.date | None = None
    time: dt.time | None = None

    @field_validator("message")
    @classmethod
    def _written(cls, message: str) -> str:
        if not message.strip():
            raise refusal(_("Write the message."))
        if len(message) > MAX_MESSAGE_CHARS:
            raise refusal(_("Keep the message under {n} characters.").format(n=MAX_MESSAGE_CHARS))
        return message

    @field_validator("audience")
    @classmethod
    def _known_audience(cls, audience: str) -> str:
        if audience not in AUDIENCES:
            raise refusal(_("Choose who the announcement is for."))
        return audience

    @field_validator("program")
    @classmethod
    def _program_named(cls, program: str | None, info: ValidationInfo) -> str | None:
        if info.data.get("audience") == "program" and not program:
            raise refusal(_("Choose the program (or another audience)."))
        return program

    @field_validator("stage")
    @classmethod
    def _known_stage(cls, stage: str | None, info: ValidationInfo) -> str | None:
        if info.data.get("audience") == "stage" and stage not in STAGES:
            raise refusal(_("Choose the career stage (or another audience)."))
        return stage

    @field_validator("people")
    @classmethod
    def _someone(cls, people: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        if info.data.get("audience") == "people" and not people:
            raise refusal(_("Pick at least one person (or another audience)."))
        return people

    @field_validator("when")
    @classmethod
    def _known_schedule(cls, when: str) -> str:
        if when not in SCHEDULES:
            raise refusal(_("Choose when to send it."))
        return when

    @field_validator("date")
    @classmethod
    def _day_when_set(cls, day: dt.date | None, info: ValidationInfo) -> dt.date | None:
        if info.data.get("when", "now") != "now" and day is None:
            raise refusal(_("Choose the day to send it."))
        return day

    @field_validator("time")
    @classmethod
    def _time_when_set(cls, at: dt.time | None, info: ValidationInfo) -> dt.time | None:
        if info.data.get("when", "now") != "now" and at is None:
            raise refusal(_("Choose the time to send it."))
        return at

    def audience_of(self) -> Audience:
        detail = self.program if self.audience == "program" else self.stage if self.audience == "stage" else None
        return Audience(self.audience, detail, self.people if self.audience == "people" else ())

    def announcement(self, author: str) -> Announcement:
        return Announcement(self.message, self.links, author)

    def schedule(self) -> Schedule:
        if self.when == "now" or self.date is None or self.time is None:
            return Schedule(self.when)
        return Schedule(self.when, dt.datetime.combine(self.date, self.time))

    @classmethod
    def of(cls, audience: Audience, announcement: Announcement, schedule: Schedule) -> AnnouncementDraft:
        """The parts compose() is given, checked by the same rules; BroadcastError names the first problem's field."""
        local = schedule.local
        try:
            return cls.model_validate(dict(
                message=announcement.text, links=announcement.buttons, audience=audience.kind,
                program=audience.value if audience.kind == "program" else None,
                stage=audience.value if audience.kind == "stage" else None, people=audience.people,
                when=schedule.kind, date=local.date() if local else None, time=local.time() if local else None))
        except ValidationError as exc:
            first = exc.errors()[0]
            raise BroadcastError(str(first["msg"]), str(first["loc"][0]) if first["loc"] else None) from None
