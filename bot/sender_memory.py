"""What a process's outbox sender remembers from one run to the next, per tenant (bot/outbox_tenants.py).

The rounds themselves are run by a call that ends (a tick, the interactive thread's wake-up, `outbox work`), so what
must outlive a run lives here, in the process's Deps, and not at module level: two Deps in one process (tests, a
demo next to a server) never share a pacer or a log."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from bot.pacing import SlackPacer


@dataclass
class SenderMemory:
    # every tenant's pacer but tenant 1's (deps.pacer): Slack's limits are per workspace
    pacers: dict[int, SlackPacer] = field(default_factory=dict)
    # tenant -> the waiting count last logged as held (one log line per change, not one per run)
    held_logged: dict[int, int] = field(default_factory=dict)
    # guards both: the interactive sender thread and a tick may meet in one process
    lock: threading.Lock = field(default_factory=threading.Lock)
