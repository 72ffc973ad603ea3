"""Load under a realistic mix (issue 17, goal 1): 50 concurrent people send signed requests to `mentorbot serve` on
loopback, on SQLite and PostgreSQL, and the same requests to a bare Bolt app that only acks, in one run.

The mix, weighted as people use the app: `/mentor help`, `/mentor find <kind>` (a shortlist), `/mentor met @mentor`,
`/mentor goals` (a modal opens), the profile modal submitted, "did you meet?" clicks in a check-in DM, App Home opened,
and one-click survey answers. The program is seeded first (people, profiles, matches, check-in DMs, a one-question
survey round delivered by the server's own outbox sender); Slack's Web API is the project's emulator, in this process.

Two modes, each against the bare app in the same run:
- saturating: each client sends its next request as soon as the last one is acknowledged, without waiting for its
  visible result, so the server is offered all it can take. Printed beside the goals: ack throughput and p99 as ratios
  of the bare app's (goal >= 0.8x, <= 1.3x), errors (goal 0) and the share of requests whose visible result (the reply
  in the ack, the modal, the edited DM, the published Home, the "profile saved" DM) reached Slack within 2 s (goal
  99%); a result is matched to its request by trigger id (modals) or in order per person and kind.
- people: each client waits for its request's visible result (at most 10 s), then a think time (1-5 s, drawn from its
  own seed) before its next action, as a person does. Printed: the offered rate, ack p99 against the bare app's at the
  same offered rate (its clients think for as long as makes the same rate), and the share of visible results within 2 s.

Usage: python benchmarks/bench_load.py [--seconds 60] [--clients 50] [--mode saturating|people|both] [--postgres URL]
       [--profile DIR]
Without --postgres, a throwaway PostgreSQL is started with .ci/postgres.sh when its binaries exist.
`--profile DIR` runs the servers under cProfile (all threads) and writes DIR/<database>.pstats: slower, for finding
where the time goes, not for the figures. BENCH_LOAD_DEBUG=FILE keeps the servers' logs in FILE and prints the Web API
calls each run caused.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import http.client
import itertools
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, select, update  # noqa: E402
from sqlmodel import col  # noqa: E402

from bot.emulator import EmulatedUser, SlackEmulator  # noqa: E402
from bot.emulator.payloads import view_submission  # noqa: E402
from bot.emulator.view_state import build_state, resolve_value_keys  # noqa: E402
from storage.engine import make_engine, session_factory, transaction  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.tenancy import DEFAULT_TENANT_ID  # noqa: E402
from storage.tables import CheckIn, Match, MenteeProfile, MentorProfile, OutboxMessage, Person  # noqa: E402

SECRET = "bench-signing-secret"
TOKEN = "xoxb-bench"
COORDINATOR = "ULOADCOORD"
MENTEES = [f"ULOADE{n:04d}" for n in range(200)]  # the first --clients of them send requests
MENTORS = [f"ULOADR{n:04d}" for n in range(60)]
VISIBLE_WITHIN = 2.0
GOALS = {"throughput": 0.8, "p99": 1.3, "visible": 0.99}
# (kind, weight): what people do most is look things up and click in their DMs
MIX = [("help", 10), ("find", 10), ("met", 10), ("goals", 10), ("profile", 5), ("checkin", 20), ("home", 25),
       ("survey", 10)]
NOW = datetime.now(UTC)
# Each run numbers its requests afresh: a Home event id or a profile's note repeated from the warm-up would be a
# duplicate delivery, skipped by the server, and its result never seen.
RUNS = itertools.count(1)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def signed(body: bytes, content_type: str) -> dict[str, str]:
    ts = str(int(time.time()))
    digest = hmac.new(SECRET.encode(), f"v0:{ts}:".encode() + body, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}", "Content-Type": content_type}


@dataclass
class World:
    """What the requests refer to: each client's person, their DMs' check-in and survey messages, a profile view."""

    slack: SlackEmulator
    checkin: dict[str, tuple[int, str, str]] = field(default_factory=dict)  # user -> (check-in id, channel, ts)
    survey: dict[str, tuple[int, str, str]] = field(default_factory=dict)  # user -> (round id, channel, ts)
    profile_view: dict[str, dict] = field(default_factory=dict)  # user -> their open profile modal
    mentor_of: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Sent:
    kind: str
    user: str
    started: float
    acked: float
    ok: bool
    trigger: str = ""


def seed(url: str, world: World, clients: int) -> None:
    """People, profiles and matches by insert; each client's check-in DM posted in the emulator, recorded on its row."""
    engine = make_engine(url)
    upgrade(engine)
    rng = random.Random(7)
    people = [{"tenant_id": DEFAULT_TENANT_ID, "slack_user_id": user, "display_name": user.lower(), "email": None, "timezone": "America/Edmonton",
               "program": rng.choice(["Internal Medicine", "Pediatrics", "Surgery"]),
               "stage": "professor" if user in MENTORS else rng.choice(["PGY-1", "PGY-2", "PGY-3"]),
               "is_mentee": user in MENTEES, "is_mentor": user in MENTORS, "is_coordinator": user == COORDINATOR,
               "active": True, "created_at": NOW, "updated_at": NOW} for user in [*MENTEES, *MENTORS, COORDINATOR]]
    interests = ["cardiology", "research methods", "teaching", "wellness", "global health", "leadership"]
    with engine.begin() as db:
        db.execute(insert(Person), people)
        ids = {row.slack_user_id: row.id for row in db.execute(select(col(Person.id), col(Person.slack_user_id)))}
        db.execute(insert(MentorProfile), [{
            "tenant_id": DEFAULT_TENANT_ID, "person_id": ids[user], "kinds_offered": ["career", "research", "clinical"],
            "expertise": rng.sample(interests, 3), "capacity_total": 6, "capacity_per_kind": {}, "updated_at": NOW}
            for user in MENTORS])
        db.execute(insert(MenteeProfile), [{
            "tenant_id": DEFAULT_TENANT_ID, "person_id": ids[user], "interests": rng.sample(interests, 2), "interests_note": "",
            "kinds_wanted": ["career", "research"], "meeting_mode": "either", "cadence_days": 30, "concordance": [],
            "updated_at": NOW} for user in MENTEES])
        db.execute(insert(Match), [{
            "tenant_id": DEFAULT_TENANT_ID, "mentee_id": ids[user], "mentor_id": ids[MENTORS[n % len(MENTORS)]], "kind": "career", "status": "active",
            "cadence_days": 30, "reasons": [], "started_at": NOW - timedelta(days=40)} for n, user in enumerate(MENTEES)])
        matches = {row.mentee_id: row.id for row in db.execute(select(col(Match.id), col(Match.mentee_id)))}
        for n, user in enumerate(MENTEES[:clients]):
            world.mentor_of[user] = MENTORS[n % len(MENTORS)]
            channel = world.slack.dm_channel_id(user)
            with world.slack._ws.lock:
                ts = world.slack._ws.post(channel, {"text": "Did you meet with your mentor?"})["ts"]
            checkin_id = db.execute(insert(CheckIn).values(
                tenant_id=DEFAULT_TENANT_ID, match_id=matches[ids[user]], role="mentee", cycle=1, due_at=NOW - timedelta(days=1), status="sent",
                sent_at=NOW - timedelta(days=1), channel=channel, ts=ts, program_note="").returning(CheckIn.__table__.c.id)  # type: ignore[attr-defined]
            ).scalar_one()
            world.checkin[user] = (checkin_id, channel, ts)
            db.execute(insert(OutboxMessage).values(  # as the scheduler's outbox sent it, so answers edit it
                tenant_id=DEFAULT_TENANT_ID, key=f"checkin:{checkin_id}", purpose="checkin", recipient=user, payload={}, status="sent",
                not_before=NOW - timedelta(days=1), created_at=NOW - timedelta(days=1), sent_at=NOW - timedelta(days=1),
                channel=channel, ts=ts))
    _open_one_click_survey(url)
    engine.dispose()


def _open_one_click_survey(url: str) -> None:
    """A named one-question survey to everyone: its DMs go out through the server's outbox once it runs."""
    from bot.surveys.rounds import open_due_round
    from bot.surveys.service import create_survey, definition_from
    from bot.surveys.templates import template_raw
    from handlers.blocks.surveys import build_survey_invitation

    sessions = session_factory(make_engine(url))
    raw = template_raw("wellbeing-monthly")
    raw = {**raw, "key": "load-pulse", "title": "Load pulse", "anonymous": False, "questions": raw["questions"][:1],
           "schedule": {"once": NOW.date().isoformat()}}
    with transaction(sessions) as session:
        definition = definition_from(session=session, raw=raw, timezone="UTC", today=NOW.date(), source="bench")
        survey_id = create_survey(session=session, definition=definition, actor="bench", now=NOW).id or 0
    with transaction(sessions) as session:
        open_due_round(session=session, survey_id=survey_id, now=NOW, render=build_survey_invitation)
        # each DM waits for its person's working hours; the benchmark's people are all at work now
        session.execute(update(OutboxMessage).values(not_before=NOW - timedelta(minutes=1)))


def find_survey_messages(world: World, clients: int) -> None:
    """Each client's survey DM as delivered, and its one-click buttons."""
    deadline = time.monotonic() + 10
    for user in MENTEES[:clients]:
        while True:
            for message in world.slack.messages_to(user):
                for block in message.get("blocks", []):
                    if block.get("block_id", "").startswith("survey_pick:"):
                        round_id = int(block["block_id"].split(":")[1])
                        world.survey[user] = (round_id, message["channel"], message["ts"])
            if user in world.survey:
                break
            if time.monotonic() > deadline:
                raise RuntimeError(f"no survey DM reached {user}")
            time.sleep(0.05)


def open_profile_modals(world: World, clients: int) -> None:
    for user in MENTEES[:clients]:
        world.slack.slash_command(user, "/mentor", "profile")
        view = world.slack.wait_for(lambda: world.slack.open_modal(user))  # noqa: B023
        world.profile_view[user] = view


def request_for(kind: str, user: str, n: int, world: World) -> tuple[bytes, str, str]:
    """(body, content type, trigger id) of one request of this kind by this person."""
    ws = world.slack._ws
    with ws.lock:
        trigger = ws.issue_trigger(user)
    channel = world.slack.dm_channel_id(user)
    if kind in ("help", "find", "met", "goals"):
        text = {"help": "help", "find": "find research", "met": f"met <@{world.mentor_of[user]}>", "goals": "goals"}[kind]
        fields = {"command": "/mentor", "text": text, "user_id": user, "user_name": user.lower(), "team_id": ws.team_id,
                  "channel_id": channel, "trigger_id": trigger, "response_url": "http://127.0.0.1:9/r",
                  "api_app_id": "A0MENTOR", "token": "x"}
        return urlencode(fields).encode(), "application/x-www-form-urlencoded", trigger
    if kind == "home":
        event = {"type": "app_home_opened", "user": user, "channel": channel, "tab": "home", "event_ts": f"{n}.0"}
        body = {"type": "event_callback", "team_id": ws.team_id, "api_app_id": "A0MENTOR", "event": event,
                "event_id": f"Ev{user}{n}", "event_time": int(time.time()), "token": "x"}
        return json.dumps(body).encode(), "application/json", trigger
    if kind == "profile":
        view = world.profile_view[user]
        with ws.lock:
            choices = resolve_value_keys(view["blocks"], {"interests_note": f"Load note {n}"})
            submitted = {**view, "state": build_state(view["blocks"], view["state"]["values"], choices)}
            payload = view_submission(ws, ws.users[user], submitted)
    else:
        thing, channel, ts = (world.checkin if kind == "checkin" else world.survey)[user]
        action = ({"action_id": "checkin_met_yes", "block_id": f"met_{thing}", "value": f"{thing}:yes"}
                  if kind == "checkin" else
                  {"action_id": "survey_pick_0", "block_id": f"survey_pick:{thing}",
                   "value": f"{thing}:{n % 5 + 1}"})  # a Likert scale's values count from 1
        payload = {"type": "block_actions", "user": {"id": user, "team_id": ws.team_id}, "team": {"id": ws.team_id},
                   "api_app_id": "A0MENTOR", "trigger_id": trigger, "token": "x",
                   "container": {"type": "message", "channel_id": channel, "message_ts": ts},
                   "channel": {"id": channel}, "message": {"ts": ts, "text": ""},
                   "actions": [{**action, "type": "button", "action_ts": f"{n}.1"}]}
    return urlencode({"payload": json.dumps(payload)}).encode(), "application/x-www-form-urlencoded", trigger


def mix_of(client_number: int) -> list[tuple[str, int]]:
    """A saved profile publishes Home too, so no one both opens Home and saves a profile (their publishes would be
    confused): even clients open Home twice as often, odd ones save profiles twice as often; the whole mix is MIX."""
    dropped = "profile" if client_number % 2 == 0 else "home"
    return [(kind, 0 if kind == dropped else weight * (1 if kind not in ("home", "profile") else 2))
            for kind, weight in MIX]


def client(port: int, until: float, user: str, world: World, sent: list[Sent], seed_: int, run: int) -> None:
    rng = random.Random(seed_)
    kinds, weights = zip(*mix_of(seed_))
    connection, n = http.client.HTTPConnection("127.0.0.1", port, timeout=10), (run * 1_000 + seed_) * 1_000_000
    while time.monotonic() < until:
        kind, n = rng.choices(kinds, weights)[0], n + 1
        body, content_type, trigger = request_for(kind, user, n, world)
        started = world.slack._ws.now()
        try:
            connection.request("POST", "/slack/events", body=body, headers=signed(body, content_type))
            response = connection.getresponse()
            answer = response.read()
            ok = response.status == 200 and (kind not in ("help", "find", "met") or bool(answer.strip()))
        except (OSError, http.client.HTTPException):
            ok = False
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        sent.append(Sent(kind, user, started, world.slack._ws.now(), ok, trigger))


def run_load(port: int, seconds: float, clients: int, world: World) -> list[Sent]:
    sent: list[Sent] = []
    until = time.monotonic() + seconds
    run = next(RUNS)
    threads = [threading.Thread(target=client, args=(port, until, MENTEES[i], world, sent, i, run))
               for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sent


THINK_SECONDS = (1.0, 5.0)
WAIT_FOR_RESULT = 10.0


class Results:
    """Visible results as they reach the emulator, per person, for clients that wait for theirs (people mode): one
    thread reads the emulator's new calls every 10 ms (not copying them), as visible_at() reads them at the end."""

    def __init__(self, world: World) -> None:
        self.world, self.seen = world, 0
        self.arrived: dict[str, list[tuple[str, str, float]]] = defaultdict(list)  # user -> (kind, trigger, at)
        self.changed = threading.Condition()
        self.user_of_channel = {world.slack.dm_channel_id(user): user for user in world.checkin}
        self.users_of_trigger: dict[str, str] = {}
        self.running = True
        self.thread = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self) -> Results:
        self.thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.running = False
        self.thread.join()

    def _watch(self) -> None:
        ws = self.world.slack._ws
        while self.running:
            with ws.lock:
                new, self.seen = ws.calls[self.seen:], len(ws.calls)
            found = [found for call in new if call.response.get("ok") and (found := self._result(call))]
            if found:
                with self.changed:
                    for user, kind, trigger, at in found:
                        self.arrived[user].append((kind, trigger, at))
                    self.changed.notify_all()
            time.sleep(0.01)

    def _result(self, call: Any) -> tuple[str, str, str, float] | None:
        params = call.params
        if call.method == "views.open":
            trigger = params.get("trigger_id", "")
            return (self.users_of_trigger.get(trigger, ""), "goals", trigger, call.at)
        if call.method == "views.publish":
            return (params.get("user_id", ""), "home", "", call.at)
        if call.method == "chat.update" and params.get("channel") in self.user_of_channel:
            user = self.user_of_channel[params["channel"]]
            return (user, "checkin" if params.get("ts") == self.world.checkin[user][2] else "survey", "", call.at)
        if call.method == "chat.postMessage" and "profile is saved" in str(params.get("text", "")):
            return (self.user_of_channel.get(params.get("channel", ""), ""), "profile", "", call.at)
        return None

    def wait(self, sent: Sent) -> float | None:
        """When this request's visible result reached Slack; None: not within WAIT_FOR_RESULT."""
        if sent.kind in ("help", "find", "met") or not sent.ok:
            return sent.acked if sent.ok else None
        deadline = time.monotonic() + WAIT_FOR_RESULT
        with self.changed:
            while True:
                for kind, trigger, at in self.arrived[sent.user]:
                    if kind == sent.kind and at >= sent.started and (kind != "goals" or trigger == sent.trigger):
                        return at
                left = deadline - time.monotonic()
                if left <= 0 or not self.changed.wait(left):
                    return None


def person(port: int, until: float, user: str, world: World, sent: list[tuple[Sent, float | None]], seed_: int,
           run: int, results: Results | None, think: tuple[float, float]) -> None:
    """One person: an action, its visible result waited for (results None: the ack is all there is), a think time."""
    rng = random.Random(seed_)
    kinds, weights = zip(*mix_of(seed_))
    connection, n = http.client.HTTPConnection("127.0.0.1", port, timeout=10), (run * 1_000 + seed_) * 1_000_000
    time.sleep(rng.uniform(*think))  # people do not all start at once
    while time.monotonic() < until:
        kind, n = rng.choices(kinds, weights)[0], n + 1
        body, content_type, trigger = request_for(kind, user, n, world)
        if results is not None:
            results.users_of_trigger[trigger] = user
        started = world.slack._ws.now()
        try:
            connection.request("POST", "/slack/events", body=body, headers=signed(body, content_type))
            response = connection.getresponse()
            answer = response.read()
            ok = response.status == 200 and (kind not in ("help", "find", "met") or bool(answer.strip()))
        except (OSError, http.client.HTTPException):
            ok = False
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        request = Sent(kind, user, started, world.slack._ws.now(), ok, trigger)
        seen = results.wait(request) if results is not None else (request.acked if ok else None)
        sent.append((request, seen))
        time.sleep(rng.uniform(*think))


def run_people(port: int, seconds: float, clients: int, world: World, *, acks_only: bool,
               think: tuple[float, float] = THINK_SECONDS) -> list[tuple[Sent, float | None]]:
    sent: list[tuple[Sent, float | None]] = []
    until, run = time.monotonic() + seconds, next(RUNS)
    with Results(world) as results:
        threads = [threading.Thread(target=person, args=(port, until, MENTEES[i], world, sent, i, run,
                                                         None if acks_only else results, think))
                   for i in range(clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    return sent


def measure_people(label: str, port: int, world: World, args: argparse.Namespace, *, acks_only: bool,
                   think: tuple[float, float] = THINK_SECONDS) -> dict[str, Any]:
    load = os.getloadavg()[0]
    pairs = run_people(port, args.seconds, args.clients, world, acks_only=acks_only, think=think)
    sent = [s for s, _ in pairs]
    result = summarize(sorted(sent, key=lambda s: s.started),
                       [at for _, at in sorted(pairs, key=lambda pair: pair[0].started)], args.seconds)
    kinds = "; ".join(f"{kind} {ms:.0f} ms, {seen:.0%} seen" + (f", {errors} errors" if errors else "")
                      for kind, (ms, seen, errors) in result["per_kind_ms"].items())
    print(f"{label:<32} {result['rps']:5.1f} req/s offered  ack median {result['median_ms']:6.1f} ms  p99 "
          f"{result['p99_ms']:7.1f} ms  errors {result['errors']}  visible within {VISIBLE_WITHIN:.0f} s "
          f"{result['visible']:.1%}  ({result['requests']} requests; load {load:.1f} -> {os.getloadavg()[0]:.1f})\n"
          f"    per kind, median ack and share seen in time: {kinds}", flush=True)
    return result


def visible_at(sent: list[Sent], world: World, since: float, acks_only: bool) -> list[float | None]:
    """When each request's visible result reached Slack (None: not by the end). Replies are in the ack; modals are
    matched by trigger id; edited DMs, Home and the profile DM in order per person and kind."""
    if acks_only:
        return [s.acked if s.ok else None for s in sorted(sent, key=lambda s: s.started)]
    user_of_channel = {world.slack.dm_channel_id(user): user for user in world.checkin}
    events: dict[tuple[str, str], list[float]] = defaultdict(list)
    opened: dict[str, float] = {}
    for call in world.slack.calls():
        if call.at < since or not call.response.get("ok"):
            continue
        params = call.params
        if call.method == "views.open":
            opened[params.get("trigger_id", "")] = call.at
        elif call.method == "views.publish":
            events[(params.get("user_id", ""), "home")].append(call.at)
        elif call.method == "chat.update" and params.get("channel") in user_of_channel:
            user = user_of_channel[params["channel"]]
            kind = "checkin" if params.get("ts") == world.checkin[user][2] else "survey"
            events[(user, kind)].append(call.at)
        elif call.method == "chat.postMessage" and "profile is saved" in str(params.get("text", "")):
            events[(user_of_channel.get(params.get("channel", ""), ""), "profile")].append(call.at)
    taken: dict[tuple[str, str], int] = defaultdict(int)
    result: list[float | None] = []
    for s in sorted(sent, key=lambda s: s.started):
        if s.kind in ("help", "find", "met"):
            result.append(s.acked if s.ok else None)
        elif s.kind == "goals":
            result.append(opened.get(s.trigger))
        else:
            key = (s.user, s.kind)
            queue = events.get(key, [])
            while taken[key] < len(queue) and queue[taken[key]] < s.started:
                taken[key] += 1
            result.append(queue[taken[key]] if taken[key] < len(queue) else None)
            taken[key] += 1
    return result


def summarize(sent: list[Sent], visible: list[float | None], seconds: float) -> dict[str, Any]:
    ordered = sorted(s.acked - s.started for s in sent)
    in_order = sorted(sent, key=lambda s: s.started)
    within = sum(1 for s, at in zip(in_order, visible) if at is not None and at - s.started <= VISIBLE_WITHIN)
    per_kind = {}
    for kind, _ in MIX:
        of_kind = [(s, at) for s, at in zip(in_order, visible) if s.kind == kind]
        if of_kind:
            seen = sum(1 for s, at in of_kind if at is not None and at - s.started <= VISIBLE_WITHIN)
            per_kind[kind] = (statistics.median(s.acked - s.started for s, _ in of_kind) * 1000,
                              seen / len(of_kind), sum(1 for s, _ in of_kind if not s.ok))
    return {"requests": len(ordered), "rps": len(ordered) / seconds, "median_ms": statistics.median(ordered) * 1000,
            "p99_ms": ordered[max(0, int(len(ordered) * 0.99) - 1)] * 1000,
            "errors": sum(1 for s in sent if not s.ok), "visible": within / len(sent), "per_kind_ms": per_kind}


def wait_listening(port: int, process: subprocess.Popen) -> None:
    for _ in range(400):
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError("server did not start")


def start(command: list[str], port: int, env: dict[str, str]) -> subprocess.Popen:
    log = open(os.environ["BENCH_LOAD_DEBUG"], "a") if os.environ.get("BENCH_LOAD_DEBUG") else subprocess.DEVNULL
    process = subprocess.Popen(command, env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=log)
    wait_listening(port, process)
    return process


def mentorbot_env(database_url: str, api_url: str) -> dict[str, str]:
    """Slack's own limits (chat.update about 50 a minute per workspace) would pace this load's edits for minutes:
    the pacer is given room, so the figures show what the app does, not what one workspace's limits allow."""
    return {"SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": api_url,
            "DATABASE_URL": database_url, "MENTORBOT_COORDINATORS": COORDINATOR,
            "MENTORBOT_SLACK_RATE_LIMITS": ", ".join(f"{method}=1000000/60" for method in (
                "chat.postMessage", "chat.update", "conversations.open", "views.publish", "users.info"))}


def warm_up(port: int, world: World, args: argparse.Namespace) -> None:
    run_load(port, 2, args.clients, world)  # connections, caches, auth.test
    time.sleep(VISIBLE_WITHIN)  # the warm-up's last results land before the measured ones start


def stop(process: subprocess.Popen, args: argparse.Namespace) -> None:
    process.send_signal(2 if args.profile else 15)
    process.wait(60)


def measure(label: str, port: int, world: World, args: argparse.Namespace, *, acks_only: bool) -> dict[str, Any]:
    load = os.getloadavg()[0]
    since = world.slack._ws.now()
    sent = run_load(port, args.seconds, args.clients, world)
    time.sleep(VISIBLE_WITHIN + 1)  # late results still count, late by their own clock
    result = summarize(sent, visible_at(sent, world, since, acks_only), args.seconds)
    if os.environ.get("BENCH_LOAD_DEBUG"):
        from collections import Counter
        print(Counter((c.method, bool(c.response.get("ok"))) for c in world.slack.calls() if c.at >= since))
        print(world.slack.refusals()[-5:])
    kinds = "; ".join(f"{kind} {ms:.0f} ms, {seen:.0%} seen" + (f", {errors} errors" if errors else "")
                      for kind, (ms, seen, errors) in result["per_kind_ms"].items())
    print(f"{label:<24} {result['rps']:6.0f} acks/s  median {result['median_ms']:6.1f} ms  p99 {result['p99_ms']:7.1f} ms"
          f"  errors {result['errors']}  visible within {VISIBLE_WITHIN:.0f} s {result['visible']:.1%}"
          f"  ({result['requests']} requests; load {load:.1f} -> {os.getloadavg()[0]:.1f})\n"
          f"    per kind, median ack and share seen in time: {kinds}", flush=True)
    return result


def postgres_url(args: argparse.Namespace) -> str | None:
    if args.postgres:
        return args.postgres
    script = f"export POSTGRES_PORT={free_port()} && source {ROOT}/.ci/postgres.sh && start_postgres >/dev/null && " \
             f"echo $POSTGRES_URL $PG_DATA $PG_BIN"
    try:
        out = subprocess.run(["bash", "-c", script], capture_output=True, text=True, check=True, timeout=120).stdout
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
        return None
    url, data, binary = out.split()
    args.pg_stop = ["runuser", "-u", "postgres", "--", f"{binary}/pg_ctl", "-D", data, "-m", "fast", "stop"]
    return url


def mentorbot_command(port: int, label: str, args: argparse.Namespace) -> list[str]:
    serve = ["-m", "bot.cli_main", "serve", "--host", "127.0.0.1", "--port", str(port), "--log-level", "WARNING"]
    if not args.profile:
        return [sys.executable, *serve]
    return [sys.executable, str(ROOT / "benchmarks/profiled.py"), str(Path(args.profile) / f"{label}.pstats"), *serve]


def settle(world: World, quiet: float = 1.5, longest: float = 120) -> None:
    """Wait until the server's work behind earlier acks is done (no Web API call for `quiet` seconds)."""
    deadline, last, since = time.monotonic() + longest, -1, time.monotonic()
    while time.monotonic() < deadline:
        with world.slack._ws.lock:
            count = len(world.slack._ws.calls)
        if count != last:
            last, since = count, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return
        time.sleep(0.1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--mode", choices=["saturating", "people", "both"], default="both")
    parser.add_argument("--postgres", default=None)
    parser.add_argument("--only", choices=["SQLite", "PostgreSQL"], default=None)
    parser.add_argument("--profile", default=None, help="directory for cProfile output of each mentorbot server")
    args = parser.parse_args()
    if args.profile:
        Path(args.profile).mkdir(parents=True, exist_ok=True)  # the profiled servers write into it at exit
    print(f"bench_load: {args.clients} clients x {args.seconds:.0f} s, mix "
          f"{', '.join(f'{k} {w}%' for k, w in MIX)}; load before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores",
          flush=True)
    saturating: dict[str, dict[str, Any]] = {}
    people: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {}  # database -> (mentorbot, bare app at its rate)
    with tempfile.TemporaryDirectory() as folder:
        databases = {"SQLite": f"sqlite:///{folder}/load.db"}
        if args.only != "SQLite" and (pg := postgres_url(args)):
            databases["PostgreSQL"] = pg
        if args.only == "PostgreSQL":
            del databases["SQLite"]
        for name, url in databases.items():
            with SlackEmulator(bot_token=TOKEN, signing_secret=SECRET).start() as slack:
                for user in [*MENTEES, *MENTORS, COORDINATOR]:
                    slack.add_user(EmulatedUser(id=user, name=user.lower(), real_name=user))
                world = World(slack)
                seed(url, world, args.clients)
                port = free_port()
                slack.app_url = f"http://127.0.0.1:{port}/slack/events"
                subprocess.run([sys.executable, "-m", "bot.cli_main", "outbox", "work", "--until-idle"], check=True,
                               env={**os.environ, **mentorbot_env(url, slack.api_url)},
                               stdout=subprocess.DEVNULL)  # the survey's DMs (bulk: the server sends only answers)
                find_survey_messages(world, args.clients)
                process = start(mentorbot_command(port, name, args), port, mentorbot_env(url, slack.api_url))
                open_profile_modals(world, args.clients)
                bare_port = free_port()  # the bare app answers the same requests, in the same run
                bare_app = start([sys.executable, str(ROOT / "benchmarks/bare_bolt_app.py"), str(bare_port), SECRET,
                                  slack.api_url], bare_port, {})
                try:
                    if args.mode != "people":
                        if "bare" not in saturating:
                            warm_up(bare_port, world, args)
                            saturating["bare"] = measure("bare Bolt (ack only)", bare_port, world, args, acks_only=True)
                        warm_up(port, world, args)
                        saturating[name] = measure(f"mentorbot on {name}", port, world, args, acks_only=False)
                    if args.mode != "saturating":
                        if args.mode == "people":
                            warm_up(port, world, args)
                        settle(world)
                        mine = measure_people(f"people: mentorbot on {name}", port, world, args, acks_only=False)
                        pause = max(0.01, args.clients / max(mine["rps"], 0.1) - 0.01)  # the same offered rate
                        bare = measure_people("people: bare Bolt, same rate", bare_port, world, args, acks_only=True,
                                              think=(pause / 2, pause * 1.5))
                        people[name] = (mine, bare)
                finally:
                    stop(process, args)
                    stop(bare_app, args)
        if getattr(args, "pg_stop", None):
            subprocess.run(args.pg_stop, capture_output=True)
    print(f"load after: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    if saturating:
        bare = saturating.pop("bare")
        print(f"saturating, against bare Bolt in the same run (goals: throughput >= {GOALS['throughput']}x, p99 <= "
              f"{GOALS['p99']}x, 0 errors, {GOALS['visible']:.0%} visible within {VISIBLE_WITHIN:.0f} s):")
        for name, r in saturating.items():
            print(f"  {name:<10} throughput {r['rps'] / bare['rps']:.2f}x, p99 {r['p99_ms'] / bare['p99_ms']:.2f}x "
                  f"({r['p99_ms']:.0f} vs {bare['p99_ms']:.0f} ms), errors {r['errors']}, visible within "
                  f"{VISIBLE_WITHIN:.0f} s {r['visible']:.1%}")
    if people:
        print(f"people (each waits for its result, then thinks {THINK_SECONDS[0]:.0f}-{THINK_SECONDS[1]:.0f} s), against "
              f"bare Bolt at the same offered rate (goals: p99 <= {GOALS['p99']}x, 0 errors, {GOALS['visible']:.0%} "
              f"visible within {VISIBLE_WITHIN:.0f} s):")
        for name, (r, bare) in people.items():
            print(f"  {name:<10} {r['rps']:.1f} req/s (bare {bare['rps']:.1f}), ack p99 "
                  f"{r['p99_ms'] / bare['p99_ms']:.2f}x ({r['p99_ms']:.0f} vs {bare['p99_ms']:.0f} ms), errors "
                  f"{r['errors']}, visible within {VISIBLE_WITHIN:.0f} s {r['visible']:.1%}")


if __name__ == "__main__":
    main()
