"""`/mentor my-record` (a mentor's dossier statement) and `/mentor recognition [YEAR]` (the coordinators' list):
files, so they are uploaded to the person's DM here (the outbox carries messages, not files)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.commands import ParsedCommand
from bot.deps import Deps
from bot.flows.recognition import my_record_html, recognition_list
from bot.recognition.annual import recognition_year
from handlers.blocks.help import build_notice
from handlers.shared import usage


def handle_my_record(*, ack: Ack, command: dict[str, Any], deps: Deps, client: Any, **_: Any) -> None:
    ack(**build_notice("Gathering your mentoring record; it will arrive in our DM as a printable page."))
    user_id = command["user_id"]
    html = my_record_html(sessions=deps.sessions, slack_user_id=user_id, now=deps.clock.now())
    if html is None:
        deps.notifier.notice(user_id, "You have had no mentees in the program yet, so there is no record to give.")
        return
    _upload(client, user_id, filename="mentoring-record.html", title="Your mentoring record", content=html,
            comment="Your mentoring record for a promotion or teaching dossier: open it and print or save as PDF.")


def handle_recognition(*, ack: Ack, command: dict[str, Any], parsed: ParsedCommand, deps: Deps, client: Any,
                       **_: Any) -> None:
    now = deps.clock.now()
    year = recognition_year(parsed.args[0] if parsed.args else None, now) if len(parsed.args) <= 1 else None
    if year is None:
        return usage(ack, "recognition", f"A year such as {now.year}; without it, this year.")
    listed = recognition_list(sessions=deps.sessions, actor=command["user_id"], year=year, now=now,
                              timezone=deps.settings.timezone)
    ack(**build_notice(f"The {year} recognition list ({listed.mentors} mentors) is on its way to our DM."))
    channel = client.conversations_open(users=command["user_id"])["channel"]["id"]
    client.files_upload_v2(channel=channel, file_uploads=[
        {"content": listed.html, "filename": f"mentor-recognition-{year}.html", "title": f"Mentor recognition {year}"},
        {"content": listed.csv, "filename": f"mentor-recognition-{year}.csv", "title": f"Mentor recognition {year} (CSV)"}],
        initial_comment=f"Mentors active in {year}, with their mentees, meetings, hours and completions that year: "
                        "a page to print or save as PDF, and the same list as a CSV.")


def _upload(client: Any, user_id: str, *, filename: str, title: str, content: str, comment: str) -> None:
    channel = client.conversations_open(users=user_id)["channel"]["id"]
    client.files_upload_v2(channel=channel, filename=filename, title=title, content=content, initial_comment=comment)
