"""`mentorbot demo`: a whole program cycle against the built-in Slack emulator, printed as a transcript."""

from __future__ import annotations

import json
import secrets
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot.clock import ManualClock
from bot.demo.program import (
    COORDINATOR,
    DEMO_ROSTER,
    EVERYONE,
    FACULTY,
    JORDAN,
    LEE,
    PATEL,
    OKAFOR,
    RILEY,
    RILEY_FORM,
    ROLE_LABELS,
    SAMIR,
)
from bot.demo.transcript import render_surface
from bot.demo.announcements import chapter_announcements
from bot.emulator import ActResult, SlackEmulator
from bot.jobs import run_due
from bot.report.files import write_report_file
from bot.server import AppServer, prepare
from bot.settings import Settings, load_settings
from storage.engine import make_engine
from storage.migrate import upgrade

Echo = Callable[[str], None]
PROGRAM_START = datetime(2026, 9, 1, 8, 30, tzinfo=ZoneInfo("America/Edmonton"))


class DemoRefused(RuntimeError):
    """The app sent Slack a payload Slack refuses: the demo stops where it happened."""


class DemoWorld:
    """The running app, the emulator playing everyone, and a narrator printing what each person saw."""

    def __init__(self, slack: SlackEmulator, server: AppServer, clock: ManualClock, echo: Echo) -> None:
        self.slack, self.server, self.clock, self.echo = slack, server, clock, echo
        self.deps = server.deps
        self._seen_calls = 0
        self._chapters = 0
        self._names = {user.id: f"{user.real_name} ({ROLE_LABELS[user.id]})" for user in EVERYONE}

    def name(self, user_id: str) -> str:
        return self._names.get(user_id, user_id)

    def chapter(self, title: str) -> None:
        self._chapters += 1
        self.echo(f"\n{'=' * 100}\n{self._chapters}. {title}\n{'=' * 100}")

    def check_nothing_refused(self) -> None:
        """Stop the demo where the app sent anything the strict emulator (like Slack) refused or would not show."""
        refusals = self.slack.refusals()
        if refusals:
            raise DemoRefused("Slack would have refused: " + json.dumps(refusals, indent=2))

    def narrate(self, text: str) -> None:
        self.echo(f"\n# {text}")

    def slash(self, user_id: str, text: str) -> ActResult:
        self.echo(f"\n{self.name(user_id)} types: /mentor {text}".rstrip())
        result = self.slack.slash_command(user_id, "/mentor", text)
        if result.json and (result.json.get("blocks") or result.json.get("text")):
            self.echo(f"  mentorbot (only visible to {self.name(user_id)}):")
            self.echo(self._render(result.json))
        self.settle()
        return result

    def submit(self, user_id: str, values: dict[str, Any], what: str) -> ActResult:
        self.echo(f"\n{self.name(user_id)} {what} and presses the modal's button.")
        result = self.slack.submit_view(user_id, values)
        if result.json and result.json.get("errors"):
            self.echo("  The modal shows, next to the fields: " + "; ".join(result.json["errors"].values()))
        self.settle()
        return result

    def click(self, user_id: str, action_id: str, label: str, value: str | None = None) -> None:
        self.echo(f"\n{self.name(user_id)} clicks [{label}].")
        self.slack.click(user_id, action_id, value=value)
        self.settle()

    def open_home(self, user_id: str) -> None:
        self.echo(f"\n{self.name(user_id)} opens mentorbot's App Home.")
        self.slack.open_home(user_id)
        self.settle()

    def settle(self, compact: bool = False) -> None:
        """Wait until the app has stopped calling Slack (its work continues after the ack), then show it."""
        self.slack.wait_for(self._quiet, timeout=10)
        self.show_slack_activity(compact)

    def _quiet(self) -> bool:
        before = len(self.slack.calls())
        time.sleep(0.3)
        return len(self.slack.calls()) == before

    def show_slack_activity(self, compact: bool = False) -> None:
        """Print every Web API call the app made since the last look, as the recipient saw it.

        Compact mode (for scheduler ticks) shows each message's first lines only, plus any digest in full.
        """
        calls = self.slack.calls()
        for call in calls[self._seen_calls:]:
            line = self._describe(call.method, call.params) if call.response.get("ok") else None
            if line and compact and "digest" not in line:
                line = "\n".join(line.splitlines()[:3])
            if line:
                self.echo(line)
        self._seen_calls = len(calls)

    def _render(self, payload: dict[str, Any]) -> str:
        return render_surface(payload.get("blocks"), payload.get("text", ""), names=self._names)

    def _describe(self, method: str, params: dict[str, Any]) -> str | None:
        if method == "chat.postMessage":
            return f"  DM to {self._recipient(params['channel'])}:\n" + self._render(params)
        if method == "chat.postEphemeral":
            return f"  mentorbot (only visible to {self.name(params['user'])}):\n" + self._render(params)
        if method == "chat.update":
            return f"  (message in {self._recipient(params['channel'])} updated):\n" + self._render(params)
        if method in ("views.open", "views.push", "views.update"):
            view = params.get("view", {})
            return f"  [modal '{view.get('title', {}).get('text', '')}']\n" + self._render(view)
        if method == "views.publish":
            return f"  [App Home of {self.name(params['user_id'])}]\n" + self._render(params["view"])
        if method == "files.completeUploadExternal":
            return f"  (file shared: {', '.join(f.get('title', '') for f in params.get('files', []))})"
        return None

    def _recipient(self, channel: str) -> str:
        for user in EVERYONE:
            if channel in (user.id, self.slack.dm_channel_id(user.id)):
                return self.name(user.id)
        for call in self.slack.calls("conversations.open"):
            if call.response.get("channel", {}).get("id") == channel:
                return "a group DM of " + " and ".join(self.name(u) for u in call.params["users"].split(","))
        return channel

    def fast_forward(self, to: datetime) -> None:
        """Move the program's clock and run whatever the scheduler would have run by then."""
        self.clock.set(to)
        local = to.astimezone(PROGRAM_START.tzinfo)
        self.echo(f"\n>>> Time passes: it is now {local:%A %-d %B, %H:%M} in Edmonton. The scheduler ticks.")
        run_due(self.deps, to)
        self.settle(compact=True)

    def buttons_for(self, user_id: str, action_id: str, near: str = "") -> list[str]:
        """Values of the buttons with this action_id in someone's DMs (in a block mentioning `near`, if given)."""
        values = []
        for message in self.slack.messages_to(user_id):
            for block in message.get("blocks", []):
                elements = block.get("elements", []) + ([block["accessory"]] if "accessory" in block else [])
                if near and near not in json.dumps(block):
                    continue
                values += [e.get("value", "") for e in elements if e.get("action_id") == action_id]
        return values


def demo_settings(workdir: Path, api_url: str, signing_secret: str) -> Settings:
    return load_settings(Settings, slack_bot_token="xoxb-demo-token", slack_signing_secret=signing_secret,
                         slack_api_url=api_url, database_url=f"sqlite:///{workdir / 'mentorbot.db'}",
                         coordinators=COORDINATOR.id, timezone="America/Edmonton")


@contextmanager
def running_world(workdir: Path, echo: Echo) -> Iterator[DemoWorld]:
    signing_secret = secrets.token_hex(16)
    with SlackEmulator(bot_token="xoxb-demo-token", signing_secret=signing_secret).start() as slack:
        for user in EVERYONE:
            slack.add_user(user)
        settings = demo_settings(workdir, slack.api_url, signing_secret)
        upgrade(make_engine(settings.database_url))
        clock = ManualClock(PROGRAM_START)
        server = AppServer(settings, prepare(settings, clock), port=0).start_in_background()
        slack.app_url = f"{server.url}/slack/events"
        try:
            yield DemoWorld(slack, server, clock, echo)
        finally:
            server.stop()
            server.deps.engine.dispose()


def chapter_getting_started(world: DemoWorld) -> None:
    world.chapter("Getting started: everyone can ask mentorbot what it does")
    world.slash(COORDINATOR.id, "help")
    world.slash(RILEY.id, "")
    world.slash(RILEY.id, "matchme")


def chapter_enrolment(world: DemoWorld) -> None:
    world.chapter("Enrolment: a resident joins from Slack; the coordinator imports the rest from a roster")
    world.slash(RILEY.id, "join")
    world.submit(RILEY.id, {**RILEY_FORM, "kinds_wanted": []}, "fills in the form but forgets to tick a kind of mentoring")
    world.submit(RILEY.id, RILEY_FORM, "ticks career, research and wellness")
    world.slash(COORDINATOR.id, "roster")
    world.submit(COORDINATOR.id, {"csv": DEMO_ROSTER}, "pastes the roster CSV (one row has a typo)")
    world.slash(COORDINATOR.id, "roster")
    fixed = DEMO_ROSTER.splitlines()[0] + "\n" + DEMO_ROSTER.splitlines()[-1].replace(",two", ",2")
    world.submit(COORDINATOR.id, {"csv": fixed}, "fixes that row and pastes it again")
    world.open_home(OKAFOR.id)
    world.open_home(COORDINATOR.id)


def chapter_matching(world: DemoWorld) -> None:
    world.chapter("Matching: a self-service pick, a reviewed batch, mentor consent, introductions, a no-fault rematch")
    world.slash(RILEY.id, "find research")
    world.click(RILEY.id, "shortlist_pick", "Ask Dr. Ada Okafor", value=f"research:{OKAFOR.id}")
    world.click(OKAFOR.id, "consent_accept", "Accept")
    world.slash(COORDINATOR.id, "match")
    world.click(COORDINATOR.id, "match_approve_all", "Approve all")
    world.narrate("Dr. Lee is too busy this term and declines; mentorbot quietly asks the next best mentor.")
    for value in world.buttons_for(LEE.id, "consent_decline")[:1]:
        world.click(LEE.id, "consent_decline", "Decline", value=value)
    for _ in range(6):  # everyone else asked says yes (each acceptance may free the next request)
        asked = [(m.id, v) for m in FACULTY + (JORDAN,) if m.id != LEE.id for v in world.buttons_for(m.id, "consent_accept")]
        if not asked:
            break
        mentor, value = asked[0]
        world.click(mentor, "consent_accept", "Accept", value=value)
    world.narrate("A month later, Riley feels the wellness match isn't working. No reasons needed.")
    world.slash(RILEY.id, "rematch")
    matches = [b for b in world.slack.ephemerals_to(RILEY.id)[-1]["blocks"] if "Wellness" in json.dumps(b)]
    world.click(RILEY.id, "rematch_end", "End this match", value=matches[0]["accessory"]["value"] if matches else None)


def chapter_keeping_matches_alive(world: DemoWorld) -> None:
    world.chapter("Keeping matches alive: goals, a month of check-ins, a reminder, a meeting, a quiet-pair alert")
    world.slash(RILEY.id, "goals")
    world.click(RILEY.id, "goals_add", "Add a goal")
    world.submit(RILEY.id, {"title": "Submit my first research abstract", "why": "Matching in cardiology needs it",
                            "measure": "Abstract submitted to the department research day", "target_date": "2027-02-15",
                            "category": "scholarship", "status": "on_track"}, "writes a SMART goal")
    world.fast_forward(datetime(2026, 10, 1, 10, 0, tzinfo=PROGRAM_START.tzinfo))
    world.click(RILEY.id, "checkin_met_yes", "Yes, we met", value=world.buttons_for(RILEY.id, "checkin_met_yes")[0])
    world.narrate("Dr. Okafor is on service and misses her check-ins; three days later she gets one reminder.")
    world.fast_forward(datetime(2026, 10, 5, 10, 0, tzinfo=PROGRAM_START.tzinfo))
    world.slash(SAMIR.id, "met <@UOKAFR001|okafor> 2026-10-02 40")
    world.narrate("Samir and Dr. Patel never log a meeting. Two cadences on, Monday's digest flags them.")
    world.fast_forward(datetime(2026, 11, 2, 9, 30, tzinfo=PROGRAM_START.tzinfo))
    nudges = world.buttons_for(COORDINATOR.id, "alert_nudge", near="Samir")
    world.click(COORDINATOR.id, "alert_nudge", "Nudge", value=nudges[-1])


def chapter_evaluation(world: DemoWorld) -> None:
    world.chapter("Evaluation: the coordinator's report, in Slack and as a file")
    world.narrate("Mid-term, the coordinator shortens the default cadence: a dated program change, marked on the "
                  "report's trend charts so its effect can be seen.")
    world.slash(COORDINATOR.id, "settings cadence_days 21")
    shared = len(world.slack.calls("files.completeUploadExternal"))
    world.slash(COORDINATOR.id, "report")
    world.slack.wait_for(lambda: len(world.slack.calls("files.completeUploadExternal")) > shared, timeout=60)  # charts
    world.settle()
    world.open_home(COORDINATOR.id)
    path = write_report_file(world.deps, world.clock.now())
    world.echo(f"\nThe full evaluation report (HTML, charts embedded, prints cleanly) was written to {path}")


WELLBEING_ANSWERS = {  # burnout, depersonalization (MBI frequency 1-7), supported (1-5), an idea
    RILEY.id: ("5", "2", "4", "Protected time to prepare for teaching rounds"),
    SAMIR.id: ("6", "3", "2", "Fewer night-float blocks in a row"),
    JORDAN.id: ("4", "2", "4", "A quiet room to debrief after codes"),
    OKAFOR.id: ("3", "1", "5", ""),
    LEE.id: ("2", "1", "4", ""),
    PATEL.id: ("5", "4", "3", "Clearer expectations for fellows who mentor"),
}


def chapter_pulse_survey(world: DemoWorld) -> None:
    world.chapter("A pulse survey: an anonymous wellbeing round, answers, and results with small groups hidden")
    world.slash(COORDINATOR.id, "survey support Talk to someone you trust, the PGME wellness office "
                "(wellness@med.example.org) or the Physician and Family Support Program. In a crisis, call or text 988.")
    world.slash(COORDINATOR.id, "survey new")
    world.submit(COORDINATOR.id, {"template": "wellbeing-monthly"}, "picks the monthly wellbeing template")
    world.narrate("The first Tuesday of November: the round opens at midnight and reaches each person at 9:00 their time.")
    world.fast_forward(datetime(2026, 11, 3, 0, 1, tzinfo=PROGRAM_START.tzinfo))
    world.fast_forward(datetime(2026, 11, 3, 10, 0, tzinfo=PROGRAM_START.tzinfo))
    burnout, depersonalization, supported, idea = WELLBEING_ANSWERS[RILEY.id]
    world.click(RILEY.id, "survey_open", "Answer")
    world.submit(RILEY.id, {"q_burnout": burnout, "q_depersonalization": depersonalization, "q_supported": supported,
                            "q_support_idea": idea}, "answers the four questions")
    world.narrate("The other five answer too (their DMs change the same way). The coordinator peeks too early:")
    for person, (burnout, depersonalization, supported, idea) in WELLBEING_ANSWERS.items():
        if person != RILEY.id:
            world.slack.click(person, "survey_open")
            world.slack.wait_for(partial(world.slack.open_modal, person))
            world.slack.submit_view(person, {"q_burnout": burnout, "q_depersonalization": depersonalization,
                                             "q_supported": supported, **({"q_support_idea": idea} if idea else {})})
    world.settle(compact=True)
    world.slash(COORDINATOR.id, "survey results 1")
    world.narrate("A week later the round closes. Dr. Lee is the only respondent from Cardiac Sciences, so his program "
                  "is not kept with his answers, nor Internal Medicine's (5), or his would be the rest; roles and "
                  "stages are as rare. Only four people wrote an idea, so those stay hidden too.")
    world.fast_forward(datetime(2026, 11, 10, 10, 0, tzinfo=PROGRAM_START.tzinfo))
    world.slash(COORDINATOR.id, "survey results 1")


CHAPTERS: tuple[Callable[[DemoWorld], None], ...] = (
    chapter_getting_started, chapter_enrolment, chapter_matching, chapter_keeping_matches_alive,
    chapter_pulse_survey,
    chapter_announcements,
    chapter_evaluation,  # last: the report evaluates everything the chapters before it did
)


def run_demo(echo: Echo = print, keep: bool = False) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="mentorbot-demo-"))
    echo(f"mentorbot demo: SQLite in {workdir}, Slack played by the local emulator. No workspace needed.")
    try:
        with running_world(workdir, echo) as world:
            for chapter in CHAPTERS:
                chapter(world)
                world.check_nothing_refused()
        echo("\nDemo finished: Slack (the strict emulator) accepted every message, view and reply.")
    finally:
        if keep:
            echo(f"Kept {workdir} for inspection.")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
