"""Load: 50 concurrent clients send signed slash commands and button clicks to `mentorbot serve` on
loopback, on SQLite and PostgreSQL, and the same load to a bare Bolt app that only acks (the ratio is
the figure to watch). Slack's Web API is the project's emulator, in this process.

Usage: python benchmarks/bench_load.py [--seconds 60] [--clients 50] [--postgres URL]
Without --postgres, a throwaway PostgreSQL is started with .ci/postgres.sh when its binaries exist.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.emulator import EmulatedUser, SlackEmulator  # noqa: E402
from storage.engine import make_engine  # noqa: E402
from storage.migrate import upgrade  # noqa: E402

SECRET = "bench-signing-secret"
TOKEN = "xoxb-bench"
USERS = [f"ULOAD{n:05d}" for n in range(200)]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def signed(body: bytes) -> dict[str, str]:
    ts = str(int(time.time()))
    digest = hmac.new(SECRET.encode(), f"v0:{ts}:".encode() + body, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}",
            "Content-Type": "application/x-www-form-urlencoded"}


def request_body(n: int) -> bytes:
    user, trigger = USERS[n % len(USERS)], f"{n}.{uuid.uuid4().hex}"
    if n % 2 == 0:
        return urlencode({"command": "/mentor", "text": "help", "user_id": user, "team_id": "T0MENTOR",
                          "channel_id": "D0LOAD", "trigger_id": trigger, "response_url": "http://127.0.0.1:9/r"}).encode()
    payload = {"type": "block_actions", "user": {"id": user}, "team": {"id": "T0MENTOR"}, "trigger_id": trigger,
               "container": {"type": "message", "channel_id": "D0LOAD", "message_ts": "1.1"},
               "actions": [{"action_id": "checkin_met_yes", "block_id": "b", "value": "999999:yes", "type": "button",
                            "action_ts": "1.2"}]}
    return urlencode({"payload": json.dumps(payload)}).encode()


def client(port: int, until: float, latencies: list[float], errors: list[int], seed: int) -> None:
    connection, n = http.client.HTTPConnection("127.0.0.1", port, timeout=10), seed * 1_000_000
    while time.monotonic() < until:
        body, n = request_body(n), n + 1
        started = time.perf_counter()
        try:
            connection.request("POST", "/slack/events", body=body, headers=signed(body))
            response = connection.getresponse()
            response.read()
            ok = response.status == 200
        except (OSError, http.client.HTTPException):
            ok = False
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        latencies.append(time.perf_counter() - started)
        if not ok:
            errors.append(1)


def run_load(port: int, seconds: float, clients: int) -> dict[str, float]:
    latencies: list[float] = []
    errors: list[int] = []
    until = time.monotonic() + seconds
    threads = [threading.Thread(target=client, args=(port, until, latencies, errors, i)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ordered = sorted(latencies)
    return {"requests": len(ordered), "rps": len(ordered) / seconds, "median_ms": statistics.median(ordered) * 1000,
            "p99_ms": ordered[int(len(ordered) * 0.99) - 1] * 1000, "errors": len(errors)}


def wait_listening(port: int, process: subprocess.Popen) -> None:
    for _ in range(200):
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError("server did not start")


def start(command: list[str], port: int, env: dict[str, str]) -> subprocess.Popen:
    process = subprocess.Popen(command, env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_listening(port, process)
    return process


def mentorbot_env(database_url: str, api_url: str) -> dict[str, str]:
    return {"SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": api_url,
            "DATABASE_URL": database_url, "MENTORBOT_COORDINATORS": USERS[0]}


def measure(label: str, command: list[str], port: int, env: dict[str, str], args: argparse.Namespace) -> dict:
    process = start(command, port, env)
    try:
        run_load(port, 2, args.clients)  # warm-up: connections, caches, auth.test
        result = run_load(port, args.seconds, args.clients)
    finally:
        process.terminate()
        process.wait(10)
    print(f"{label:<24} {result['rps']:8.0f} req/s  median {result['median_ms']:6.1f} ms  "
          f"p99 {result['p99_ms']:7.1f} ms  errors {result['errors']}  ({result['requests']} requests)")
    return result


def postgres_url(args: argparse.Namespace) -> tuple[str | None, subprocess.Popen | None]:
    if args.postgres:
        return args.postgres, None
    script = f"source {ROOT}/.ci/postgres.sh && POSTGRES_PORT={free_port()} start_postgres >/dev/null && " \
             f"echo $POSTGRES_URL $PG_DATA $PG_BIN"
    try:
        out = subprocess.run(["bash", "-c", script], capture_output=True, text=True, check=True, timeout=120).stdout
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
        return None, None
    url, data, binary = out.split()
    args.pg_stop = ["runuser", "-u", "postgres", "--", f"{binary}/pg_ctl", "-D", data, "-m", "fast", "stop"]
    return url, None


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--postgres", default=None)
    args = parser.parse_args()
    mentorbot = [sys.executable, "-m", "bot.cli_main", "serve", "--host", "127.0.0.1"]
    results = {}
    with SlackEmulator(bot_token=TOKEN, signing_secret=SECRET).start() as slack, tempfile.TemporaryDirectory() as folder:
        for user in USERS:
            slack.add_user(EmulatedUser(id=user, name=user.lower(), real_name=user))
        port = free_port()
        results["bare"] = measure("bare Bolt (ack only)", [sys.executable, str(ROOT / "benchmarks/bare_bolt_app.py"),
                                                          str(port), SECRET, slack.api_url], port, {}, args)
        databases = {"SQLite": f"sqlite:///{folder}/load.db"}
        pg, _ = postgres_url(args)
        if pg:
            databases["PostgreSQL"] = pg
        for name, url in databases.items():
            upgrade(make_engine(url))
            port = free_port()
            results[name] = measure(f"mentorbot on {name}", [*mentorbot, "--port", str(port)], port,
                                    mentorbot_env(url, slack.api_url), args)
        if getattr(args, "pg_stop", None):
            subprocess.run(args.pg_stop, capture_output=True)
    bare = results["bare"]["p99_ms"]
    summary = "; ".join(f"{name} p99 {r['p99_ms']:.0f} ms (x{r['p99_ms'] / bare:.1f} bare), {r['rps']:.0f} req/s, "
                        f"{r['errors']} errors" for name, r in results.items() if name != "bare")
    print(f"bench_load: {args.clients} clients x {args.seconds:.0f} s: bare Bolt p99 {bare:.0f} ms "
          f"{results['bare']['rps']:.0f} req/s; {summary}")


if __name__ == "__main__":
    main()
