"""Identity of this process for leases and outbox claims."""

from __future__ import annotations

import os
import socket


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"
