"""Precision mentoring over time: on the program's transition date (e.g. 1 July, a new residency year),
every active mentee is asked to confirm their stage and the kinds of mentoring they want now.
Changed needs open new match requests when they save their profile.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import select

from bot.deps import Deps
from bot.program_settings import setting
from bot.timing import zone
from storage.engine import transaction
from storage.queries.outbox import enqueue_message
from storage.tables import Person
from bot.i18n.choice import speaking_to


def prompt_transitions(deps: Deps, now: datetime) -> None:
    local = now.astimezone(zone(deps.settings.timezone))
    with transaction(deps.sessions) as session:
        if local.strftime("%m-%d") != setting(session, "transition_date") or local.hour < 9:
            return
        for person in session.exec(select(Person).where(Person.active, Person.is_mentee)):
            with speaking_to(session, person):
                payload = deps.notifier.render_transition_prompt()
            enqueue_message(session=session, key=f"transition:{local.year}:{person.slack_user_id}",
                            purpose="transition", recipient=person.slack_user_id, payload=payload,
                            not_before=now, now=now)
