"""Where a message to edit is: plain data, so that what services hand the notifier never needs the notifier."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class MessageRef:
    """A message to edit: where Slack put it (channel, ts), or the outbox message that carries it (outbox_id), whose
    place the sender looks up when the edit goes out."""

    channel: str | None = None
    ts: str | None = None
    outbox_id: int | None = None
    # set when channel and ts came from a view's private_metadata, which can be forged: the person the message must
    # have been sent to by mentorbot itself, else the edit is dropped (so forged metadata overwrites no other message)
    owner: str | None = field(default=None, compare=False)
