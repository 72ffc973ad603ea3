"""The demo's world: the running app, the emulator playing everyone, the clock, and the narrator."""

from __future__ import annotations

import json
import re
import secrets
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot.clock import ManualClock
from babel import dates as babel_dates

from bot.i18n import _, format_list, speaking, translations
from bot.i18n.formats import babel_locale
from bot.demo.program import COORDINATOR, EVERYONE, ROLE_LABELS
from bot.demo.samples import sample
from bot.demo.transcript import render_surface
from bot.emulator import ActResult, SlackEmulator
from bot.jobs import run_due
from bot.server import AppServer, prepare
from bot.settings import Settings, load_settings
from bot.program_settings import change_setting
from storage.engine import make_engine, transaction
from storage.migrate import upgrade

Echo = Callable[[str], None]
PROGRAM_START = datetime(2026, 9, 1, 8, 30, tzinfo=ZoneInfo("America/Edmonton"))  # not text


class DemoRefused(RuntimeError):
    """The app sent Slack a payload Slack refuses: the demo stops where it happened."""


class DemoWorld:
    """The running app, the emulator playing everyone, and a narrator printing what each person saw."""

    def __init__(self, slack: SlackEmulator, server: AppServer, clock: ManualClock, echo: Echo,
                 language: str = "en") -> None:
        self.slack, self.server, self.clock, self.echo, self.language = slack, server, clock, echo, language
        self.deps = server.deps
        self._seen_calls = 0
        self._chapters = 0
        with speaking(language):
            self._names = {user.id: f"{user.real_name} ({_(ROLE_LABELS[user.id])})" for user in EVERYONE}

    def says(self, key: str) -> str:
        """What a pretend person types, in the demo's language (bot/demo/samples.py)."""
        return sample(self.language, key)

    def words(self, english: str) -> str:
        """How the app says `english` (a msgid) in the demo's language: to find a message by its words."""
        return translations(self.language).gettext(english)  # a lookup of the app's own msgid

    def pattern(self, english: str, **fields: str) -> str:
        """A regular expression for a translated text with {fields}, each given as a group (a number: a digits
        group)."""
        text = re.escape(self.words(english))
        for name, group in fields.items():
            text = text.replace(re.escape("{" + name + "}"), group)
        return text

    @staticmethod
    def day(value: date) -> str:
        """A day as the narration says it: Wednesday 18 November / mercredi 18 novembre."""
        # TRANSLATORS: a CLDR date pattern (the weekday, day and month)
        return babel_dates.format_date(value, _("EEEE d MMMM"), locale=babel_locale())

    def name(self, user_id: str) -> str:
        return self._names.get(user_id, user_id)

    def chapter(self, title: str) -> None:
        self._chapters += 1
        self.echo(f"\n{'=' * 100}\n{self._chapters}. {title}\n{'=' * 100}")

    def check_nothing_refused(self) -> None:
        """Stop the demo where the app sent anything the strict emulator (like Slack) refused or would not show."""
        refusals = self.slack.refusals()
        if refusals:
            raise DemoRefused("Slack would have refused: " + json.dumps(refusals, indent=2))  # not text

    def narrate(self, text: str) -> None:
        self.echo(f"\n# {text}")

    def slash(self, user_id: str, text: str) -> ActResult:
        self.echo("\n" + _("{person} types: /mentor {text}").format(person=self.name(user_id), text=text).rstrip())
        result = self.slack.slash_command(user_id, "/mentor", text)
        if result.json and (result.json.get("blocks") or result.json.get("text")):
            self.echo("  " + _("mentorbot (only visible to {person}):").format(person=self.name(user_id)))
            self.echo(self._render(result.json))
        self.settle()
        return result

    def submit(self, user_id: str, values: dict[str, Any], what: str) -> ActResult:
        self.echo("\n" + _("{person} {what} and presses the modal's button.").format(person=self.name(user_id), what=what))
        result = self.slack.submit_view(user_id, values)
        if result.json and result.json.get("errors"):
            self.echo("  " + _("The modal shows, next to the fields: {errors}").format(
                errors="; ".join(result.json["errors"].values())))
        self.settle()
        return result

    def click(self, user_id: str, action_id: str, label: str, value: str | None = None) -> None:
        self.echo("\n" + _("{person} clicks [{label}].").format(person=self.name(user_id), label=label))
        self.slack.click(user_id, action_id, value=value)
        self.settle()

    def open_home(self, user_id: str) -> None:
        self.echo("\n" + _("{person} opens mentorbot's App Home.").format(person=self.name(user_id)))
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

    @staticmethod
    def modal_heading(view: dict[str, Any]) -> str:
        return _("[modal '{title}']").format(title=view.get("title", {}).get("text", ""))

    def _render(self, payload: dict[str, Any]) -> str:
        return render_surface(payload.get("blocks"), payload.get("text", ""), names=self._names)

    def _describe(self, method: str, params: dict[str, Any]) -> str | None:
        if method == "chat.postMessage":
            return "  " + _("DM to {recipient}:").format(recipient=self._recipient(params["channel"])) + "\n" + self._render(params)
        if method == "chat.postEphemeral":
            return "  " + _("mentorbot (only visible to {person}):").format(person=self.name(params["user"])) + "\n" + self._render(params)
        if method == "chat.update":
            return "  " + _("(message in {recipient} updated):").format(recipient=self._recipient(params["channel"])) + "\n" + self._render(params)
        if method in ("views.open", "views.push", "views.update"):
            view = params.get("view", {})
            return "  " + self.modal_heading(view) + "\n" + self._render(view)
        if method == "views.publish":
            return "  " + _("[App Home of {person}]").format(person=self.name(params["user_id"])) + "\n" + self._render(params["view"])
        if method == "files.completeUploadExternal":
            return "  " + _("(file shared: {titles})").format(titles=", ".join(f.get("title", "") for f in params.get("files", [])))
        return None

    def _recipient(self, channel: str) -> str:
        for user in EVERYONE:
            if channel in (user.id, self.slack.dm_channel_id(user.id)):
                return self.name(user.id)
        for call in self.slack.calls("conversations.open"):
            if call.response.get("channel", {}).get("id") == channel:
                return _("a group DM of {people}").format(people=format_list(self.name(u) for u in call.params["users"].split(",")))
        return channel

    def fast_forward(self, to: datetime, compact: bool = True) -> None:
        """Move the program's clock and run whatever the scheduler would have run by then."""
        self.clock.set(to)
        local = to.astimezone(PROGRAM_START.tzinfo)
        # TRANSLATORS: a CLDR date pattern (the weekday, day and month, then the time of day)
        when = babel_dates.format_datetime(local, _("EEEE d MMMM, HH:mm"), locale=babel_locale())
        self.echo("\n>>> " + _("Time passes: it is now {when} in Edmonton. The scheduler ticks.").format(when=when))
        run_due(self.deps, to)
        self.settle(compact=compact)

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
                         coordinators=COORDINATOR.id, timezone="America/Edmonton")  # not text


SLACK_LOCALES = {"en": "en-US", "fr": "fr-CA"}


@contextmanager
def running_world(workdir: Path, echo: Echo, locale: str = "en") -> Iterator[DemoWorld]:
    """`locale`: everyone's Slack language and the program's (group messages), so the whole demo reads in it."""
    if locale not in SLACK_LOCALES:
        raise ValueError(f"the demo speaks {', '.join(SLACK_LOCALES)}, not {locale}")  # not text
    signing_secret = secrets.token_hex(16)
    with SlackEmulator(bot_token="xoxb-demo-token", signing_secret=signing_secret).start() as slack:
        for user in EVERYONE:
            slack.add_user(replace(user, locale=SLACK_LOCALES[locale]))
        settings = demo_settings(workdir, slack.api_url, signing_secret)
        upgrade(make_engine(settings.database_url))
        clock = ManualClock(PROGRAM_START)
        deps = prepare(settings, clock)
        with transaction(deps.sessions) as session:
            change_setting(session=session, key="language", text=locale, actor="demo", now=clock.now())
        server = AppServer(settings, deps, port=0).start_in_background()
        slack.app_url = f"{server.url}/slack/events"
        try:
            yield DemoWorld(slack, server, clock, echo, locale)
        finally:
            server.stop()
            server.deps.engine.dispose()
