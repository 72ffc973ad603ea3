"""What each modal carries in its private_metadata: one pydantic model per view, written and read only here.

Slack hands private_metadata back as it came with the submission. A modal opened before a deploy changed its shape,
or a submission someone altered on the way, must not raise inside a listener (the person would see "something went
wrong"): `read_metadata` gives None, logs at WARNING what was wrong (the view and the kind of problem, never the
value, which may name a message or a person), and the listener tells the person to open the form again
(handlers/shared.py:view_metadata). Each model keeps the compact text its view has always carried, so a modal
already open when this shipped still reads."""

from __future__ import annotations

import json
import logging
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, NonNegativeInt, PositiveInt, ValidationError

logger = logging.getLogger(__name__)


class ViewMetadata(BaseModel):
    """JSON by default; a model whose view carries a shorter text says how to read and write it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    @classmethod
    def fields_of(cls, text: str) -> Any:
        return json.loads(text)

    def text(self) -> str:
        return self.model_dump_json()


class GoalRef(ViewMetadata):
    """The goal form: the goal being edited, or none for a new goal ("" or its id)."""

    goal: PositiveInt | None = None

    @classmethod
    def fields_of(cls, text: str) -> Any:
        return {"goal": text or None}

    def text(self) -> str:
        return str(self.goal or "")


class GoalNoteRef(ViewMetadata):
    """A note on a goal, from a check-in."""

    checkin: PositiveInt
    goal: PositiveInt


class CheckInRef(ViewMetadata):
    """A coordinator's note on a check-in (its id)."""

    checkin: PositiveInt

    @classmethod
    def fields_of(cls, text: str) -> Any:
        return {"checkin": text}

    def text(self) -> str:
        return str(self.checkin)


class AgreementRef(ViewMetadata):
    """A proposed change to an agreement, at the version it was read ("id:version")."""

    agreement: PositiveInt
    version: NonNegativeInt

    @classmethod
    def fields_of(cls, text: str) -> Any:
        agreement, separator, version = text.partition(":")
        return {"agreement": agreement, "version": version} if separator else {"agreement": text}

    def text(self) -> str:
        return f"{self.agreement}:{self.version}"


class PulseRef(ViewMetadata):
    """The early pulse's note, and the message to show it in ("prompt|channel|ts")."""

    prompt: PositiveInt
    channel: str = ""
    ts: str = ""

    @classmethod
    def fields_of(cls, text: str) -> Any:
        prompt, channel, ts = (text.split("|") + ["", ""])[:3]
        return {"prompt": prompt, "channel": channel, "ts": ts}

    def text(self) -> str:
        return f"{self.prompt}|{self.channel}|{self.ts}"


class SurveyAnswerRef(ViewMetadata):
    """A survey's answer modal: the round, whom the answers are about, and the invitation to mark as answered."""

    round: PositiveInt
    subject: int
    channel: str | None = None
    ts: str | None = None


class SwapRef(ViewMetadata):
    """Swapping a proposal's mentor, from the coordinator's review message."""

    proposal: PositiveInt
    batch: str
    channel: str | None = None
    ts: str | None = None


class AnnouncementEditRef(ViewMetadata):
    """The announcement form: the draft being edited, or none for a new one ("" or JSON)."""

    edit_of: PositiveInt | None = None

    @classmethod
    def fields_of(cls, text: str) -> Any:
        return json.loads(text) if text else {}

    def text(self) -> str:
        return self.model_dump_json() if self.edit_of is not None else ""


class BroadcastRef(ViewMetadata):
    """The announcement's confirmation: the draft to send (its id)."""

    broadcast: PositiveInt

    @classmethod
    def fields_of(cls, text: str) -> Any:
        return {"broadcast": text}

    def text(self) -> str:
        return str(self.broadcast)


Metadata = TypeVar("Metadata", bound=ViewMetadata)


def _problem(model: type[ViewMetadata], error: Any) -> str:
    """The kind of problem, and where only when that is one of the model's own fields: for a key the model does not
    declare (`extra_forbidden`) the location is the key itself, text anyone could have typed (newlines included)."""
    loc = error["loc"]
    field = str(loc[0]) if loc and loc[0] in model.model_fields else "value"
    return f"{field}: {error['type']}"


def read_metadata(view: dict[str, Any], model: type[Metadata]) -> Metadata | None:
    """The view's private_metadata as `model`, or None when it does not read as one (logged at WARNING)."""
    text = view.get("private_metadata") or ""
    try:
        return model.model_validate(model.fields_of(text))
    except ValidationError as error:
        problems = ", ".join(_problem(model, e) for e in error.errors(include_url=False))
    except (ValueError, RecursionError):  # not JSON, or nested deeper than the parser goes
        problems = "not JSON"
    logger.warning("modal %s: its private_metadata does not read as %s (%s); the person is asked to open it again",
                   view.get("callback_id"), model.__name__, problems)
    return None
