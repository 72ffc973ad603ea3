"""What every handler and job needs, handed over explicitly (Bolt context, job arguments), never as globals."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from slack_sdk import WebClient
from sqlalchemy.engine import Engine

from bot.clock import Clock
from bot.notify import Notifier
from bot.pacing import SlackPacer
from bot.scheduling.connectors import FreeBusySource
from bot.sender_memory import SenderMemory
from bot.settings import Settings
from storage.engine import SessionFactory


@dataclass(frozen=True)
class Deps:
    settings: Settings
    engine: Engine
    sessions: SessionFactory
    clock: Clock
    notifier: Notifier
    slack: WebClient  # for jobs that pace themselves (the outbox); no blocking 429 retries
    pacer: SlackPacer = field(default_factory=SlackPacer)  # this process's per-method Web API pacing (tenant 1's)
    # what this process's outbox sender keeps between runs: other tenants' pacers, held messages already logged
    sender_memory: SenderMemory = field(default_factory=SenderMemory)
    # set after a transaction that queued an interactive message commits; the process's sender thread waits on it
    outbox_wake: threading.Event = field(default_factory=threading.Event)
    # one sender at a time within this process (the outbox lease keeps it one across processes)
    sender_lock: threading.Lock = field(default_factory=threading.Lock)
    free_busy: FreeBusySource | None = None  # an optional calendar connector for "Find a time"
