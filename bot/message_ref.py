"""Where a message to edit is: plain data, so that what services hand the notifier never needs the notifier."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MessageRef:
    """A message to edit: where Slack put it (channel, ts), or the outbox message that carries it (outbox_id), whose
    place the sender looks up when the edit goes out."""

    channel: str | None = None
    ts: str | None = None
    outbox_id: int | None = None
