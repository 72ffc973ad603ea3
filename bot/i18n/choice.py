"""Whose language a message is in: the person it is for.

A person's language is their own choice (profile), else their Slack language (users.info `locale`, "fr-CA" -> fr),
else the program's (setting `language`). Group DMs and anything addressed to several people use the program's.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlmodel import Session

from bot.i18n.catalogs import LANGUAGES
from bot.i18n.locale import speaking
from storage.queries.people import get_person
from storage.tables import Person

_PROGRAM_LANGUAGE = "program_language"  # cached in session.info: a batch of messages asks once


def language_from_locale(locale: str | None) -> str | None:
    """Slack's "fr-CA" / "fr_FR" / "en-US" -> "fr" / "fr" / "en"; None for a language mentorbot does not speak."""
    code = (locale or "").replace("_", "-").split("-")[0].lower()
    return code if code in LANGUAGES else None


def program_language(session: Session) -> str:
    from bot.program_settings import setting  # program_settings imports this package for its parser

    if _PROGRAM_LANGUAGE not in session.info:
        session.info[_PROGRAM_LANGUAGE] = str(setting(session, "language"))
    return str(session.info[_PROGRAM_LANGUAGE])


def own_language(person: Person | None) -> str | None:
    """The person's own choice, else their Slack language; None when neither says (the program's applies)."""
    if person is None:
        return None
    return person.language if person.language in LANGUAGES else language_from_locale(person.slack_locale)


def person_language(person: Person | None, program: str) -> str:
    return own_language(person) or program


def language_of(session: Session, slack_user_id: str) -> str:
    """The program's setting is read only for someone whose own language is unknown."""
    return own_language(get_person(session=session, slack_user_id=slack_user_id)) or program_language(session)


@contextmanager
def speaking_to(session: Session, recipient: str | Person) -> Iterator[str]:
    """Render for `recipient`: a Person, one Slack user id, or several comma-joined (a group DM: the program's)."""
    if isinstance(recipient, Person):
        language = person_language(recipient, program_language(session))
    elif "," in recipient:
        language = program_language(session)
    else:
        language = language_of(session, recipient)
    with speaking(language) as chosen:
        yield chosen
