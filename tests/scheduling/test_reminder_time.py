"""The reminder comes at the start of the person's last working day before the meeting, on their own clock."""

from datetime import UTC, datetime

import pytest

from bot.scheduling.service import reminder_time
from bot.timing import DeliveryWindow


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


CASES = [
    ("a Monday meeting: Friday 09:00 in Toronto", utc(2026, 3, 9, 11), "America/Toronto", utc(2026, 3, 2, 14),
     utc(2026, 3, 6, 14)),
    ("the same meeting in Edmonton: Friday 09:00 MST", utc(2026, 3, 9, 11), "America/Edmonton", utc(2026, 3, 2, 14),
     utc(2026, 3, 6, 16)),
    ("after DST: Tuesday 09:00 EDT", utc(2026, 3, 11, 11), "America/Toronto", utc(2026, 3, 2, 14),
     utc(2026, 3, 10, 13)),
    ("a meeting in the early hours is the local day's: Wednesday 01:00 Toronto, reminded Tuesday",
     utc(2026, 3, 11, 5), "America/Toronto", utc(2026, 3, 2, 14), utc(2026, 3, 10, 13)),
    ("confirmed on the working day before, after 09:00: no reminder (the confirmation is one)",
     utc(2026, 3, 3, 13), "America/Toronto", utc(2026, 3, 2, 15), None),
]


@pytest.mark.parametrize("name,starts,timezone,now,expected", CASES, ids=[c[0] for c in CASES])
def test_reminder_time(name: str, starts: datetime, timezone: str, now: datetime, expected: datetime | None) -> None:
    assert reminder_time(starts, timezone, DeliveryWindow(), now) == expected
