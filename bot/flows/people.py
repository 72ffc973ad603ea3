"""People and the program from Slack: profiles, Home, roles, conflicts, tags, settings, personal data, roster."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.i18n import _, later, later_plural
from bot.access import scope_of, unit_of_work
from bot.conflicts import declare_conflict
from bot.enrolment import Enrolment, enrol
from bot.home import HomeData, home_for
from bot.i18n.choice import language_of
from bot.my_data import personal_data
from bot.notify import Notifier
from bot.people import add_tags, change_coordinator
from bot.profiles import ProfileBase, ProfileCreate, SlackIdentity, checked, profile_for_edit, save_profile
from bot.programs import registry
from bot.program_settings import SETTINGS, change_setting, setting
from bot.roster import export_roster
from storage.engine import SessionFactory, transaction
from storage.queries.outbox_files import FileToSend
from storage.queries.profiles import interest_tags
from storage.tables import Person


@dataclass(frozen=True)
class ProfileForm:
    profile: ProfileBase | None  # None: never enrolled
    tags: list[str]
    programs: list[str]  # the registry's; empty: people type their program


def profile_form(*, sessions: SessionFactory, slack_user_id: str) -> ProfileForm:
    with sessions() as session:
        return ProfileForm(profile_for_edit(session=session, slack_user_id=slack_user_id),
                           interest_tags(session=session), list(registry(session).names))


def checked_profile(*, sessions: SessionFactory, form: Mapping[str, Any]) -> ProfileCreate:
    """The profile fit to save, its program the registered name; pydantic.ValidationError lists every problem."""
    with sessions() as session:
        return checked(form, registry(session))


def save_profile_of(*, sessions: SessionFactory, notifier: Notifier, who: SlackIdentity, profile: ProfileCreate,
                    now: datetime) -> Person:
    """Save the profile and, in the same transaction, queue the person's confirmation."""
    with transaction(sessions) as session:
        person = save_profile(session=session, who=who, profile=profile, now=now)
        roles: list[str] = [role for role in ("mentee", "mentor") if role in person.roles]
        notifier.within(session, now).profile_saved(who.slack_user_id, who.display_name, roles)
        return person


def enrol_from_workflow(*, sessions: SessionFactory, notifier: Notifier, who: SlackIdentity, enrolment: Enrolment,
                        now: datetime) -> Person:
    """The "Enrol in mentoring" workflow step; EnrolmentRefused rolls everything back."""
    with transaction(sessions) as session:
        return enrol(session=session, who=who, enrolment=enrolment, notifier=notifier, now=now)


def home_of(*, sessions: SessionFactory, slack_user_id: str, now: datetime) -> tuple[str, HomeData]:
    """The person's language and their Home, read in one session."""
    with sessions() as session:
        return language_of(session, slack_user_id), home_for(session=session, slack_user_id=slack_user_id, now=now)


def set_coordinator(*, sessions: SessionFactory, actor: str, slack_user_id: str, add: bool, now: datetime,
                    from_settings: Iterable[str]) -> bool:
    with transaction(sessions) as session:
        return change_coordinator(session=session, actor=actor, slack_user_id=slack_user_id, add=add, now=now,
                                  from_settings=from_settings)


def record_conflict(*, sessions: SessionFactory, actor: str, mentor_slack_id: str, mentee_slack_id: str, reason: str,
                    now: datetime) -> bool:
    with unit_of_work(sessions, now) as session:  # a coordinator's outside their programs: refused, audited
        return declare_conflict(session=session, actor=actor, mentor_slack_id=mentor_slack_id,
                                mentee_slack_id=mentee_slack_id, reason=reason, now=now)


def tags(*, sessions: SessionFactory) -> list[str]:
    with sessions() as session:
        return interest_tags(session=session)


def add_interest_tags(*, sessions: SessionFactory, actor: str, names: list[str], now: datetime) -> list[str]:
    with transaction(sessions) as session:
        return add_tags(session=session, actor=actor, names=names, now=now)


def program_settings(*, sessions: SessionFactory) -> list[tuple[str, Any, str]]:
    """(name, current value, what it does) for every program setting."""
    with sessions() as session:
        return [(key, setting(session, key), spec.help) for key, spec in SETTINGS.items()]


def change_program_setting(*, sessions: SessionFactory, key: str, text: str, actor: str,
                           now: datetime) -> tuple[Any, bool]:
    with transaction(sessions) as session:
        return change_setting(session=session, key=key, text=text, actor=actor, now=now)



def send_my_data(*, sessions: SessionFactory, notifier: Notifier, slack_user_id: str, now: datetime) -> bool:
    """Everything stored about the person, queued as a JSON file for their DM (or a notice that nothing is)."""
    with transaction(sessions) as session:
        data = personal_data(session=session, slack_user_id=slack_user_id)
        bound = notifier.within(session, now)
        if data is None:
            bound.notice(slack_user_id, later("mentorbot stores nothing about you."))
            return False
        bound.send_file(slack_user_id, FileToSend("mentorbot-my-data.json", _("Your mentorbot data"),
                                                  json.dumps(data, indent=2, ensure_ascii=False).encode()),
                        later("Here is everything mentorbot stores about you."), purpose="my_data")
    return True


def send_roster(*, sessions: SessionFactory, notifier: Notifier, actor: str, now: datetime) -> int:
    """The roster (of the coordinator's programs) queued as a CSV for their DM, audited with it; how many people."""
    with transaction(sessions) as session:
        csv_text = export_roster(session=session, actor=actor, now=now,
                                 scope=scope_of(session=session, slack_user_id=actor))
        people = csv_text.count("\n") - 1
        notifier.within(session, now).send_file(
            actor, FileToSend("roster.csv", _("Program roster"), csv_text.encode()),
            later_plural("The roster: {people} person.", "The roster: {people} people.", people, people=people),
            purpose="roster_export")
    return people

