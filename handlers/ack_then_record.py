"""An ack that answers Slack first and records the delivery after: a click's ack waits for no database write (nor
for a listener thread: the middleware answers at once, `answer_now`).

Slack retries a delivery only when its ack is late or fails, so recording it just after the ack still lets a retry
(or the same click on another replica) find the record: the recording runs in the listener's thread, before the
listener's own work, and a delivery already recorded (or one the database could not record) stops the listener
there (DuplicateDelivery, which handlers/errors.py swallows).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, BoltResponse

from handlers.middleware import DuplicateDelivery


class AckThenRecord(Ack):
    def __init__(self, first_time: Callable[[], bool]) -> None:
        super().__init__()
        self._first_time = first_time
        self._recorded = False

    def answer_now(self) -> None:
        """Answer Slack with the empty ack every click listener gives, before the listener runs; the listener's own
        ack() then records the delivery."""
        super().__call__()

    def __call__(self, *args: Any, **kwargs: Any) -> BoltResponse:
        response = super().__call__(*args, **kwargs)  # Bolt sends this as soon as it is set
        if not self._recorded:
            self._recorded = True
            if not self._first_time():
                raise DuplicateDelivery()
        return response
