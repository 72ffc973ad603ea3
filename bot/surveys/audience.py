"""Who a survey round goes to: enrolled people filtered by role, program, stage and match status.

People who left or are on a pause are never asked. For "about mentors" surveys each mentee is asked once per
current match, so the subject of each answer is the match.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from bot.pauses import is_paused
from bot.surveys.definitions import SurveyAudience
from storage.queries.matching import active_matches
from storage.queries.people import enrolled_people
from storage.tables import Person

NO_SUBJECT = 0


def on_pause(person: Person, now: datetime) -> bool:
    return not person.active or is_paused(person, now)


def _in_role(person: Person, who: str) -> bool:
    return {"everyone": True, "mentees": person.is_mentee, "mentors": person.is_mentor}[who]


def audience_members(*, session: Session, audience: SurveyAudience, about: str | None,
                     now: datetime) -> list[tuple[Person, int]]:
    """(person, subject) pairs to ask: subject is a match id for surveys about mentors, else NO_SUBJECT."""
    matches = active_matches(session=session)
    matched_ids = {m.mentee_id for m in matches if audience.who != "mentors"} | {
        m.mentor_id for m in matches if audience.who != "mentees"}
    chosen = [person for person in enrolled_people(session=session)
              if _in_role(person, audience.who) and not on_pause(person, now)
              and (audience.program is None or (person.program or "").casefold() == audience.program.casefold())
              and (audience.within is None or person.program in audience.within)
              and (not audience.stages or person.stage in audience.stages)
              and (audience.matched is None or (person.id in matched_ids) == audience.matched)]
    if about != "mentors":
        return [(person, NO_SUBJECT) for person in chosen]
    by_id = {person.id: person for person in chosen}
    return [(by_id[m.mentee_id], m.id or 0) for m in sorted(matches, key=lambda m: m.id or 0) if m.mentee_id in by_id]


def role_label(person: Person, who: str) -> str:
    """The capacity someone answers in: the audience's role, or both when asked as everyone."""
    if who == "mentees" or (person.is_mentee and not person.is_mentor):
        return "mentee"
    if who == "mentors" or not person.is_mentee:
        return "mentor"
    return "both"
