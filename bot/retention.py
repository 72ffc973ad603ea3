"""Retention: personal data of people who left more than `retention_months` ago is deleted; what the
evaluation needs in aggregate (their program, stage, role, dates, match and meeting counts, scheduled meetings)
is kept under an anonymous id; their availability is deleted."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from bot.deps import Deps
from bot.program_settings import setting
from storage.queries.flash import forget_flash_topics_of
from storage.engine import transaction
from storage.queries.audit import record_audit
from bot.agreements.pulse import ALERT_KIND as PULSE_ALERT
from storage.tables import (
    Agreement,
    Alert,
    Availability,
    CoordinatorProgram,
    CheckIn,
    ConflictOfInterest,
    DevelopmentPlan,
    Goal,
    IdentityProfile,
    Match,
    MatchPrompt,
    Meeting,
    MeetingRating,
    MenteeProfile,
    MentorProfile,
    OutboxMessage,
    Person,
    Proposal,
)
from storage.queries.outbox_files import forget_files_of, purge_settled_files
from storage.queries.retention import replace_everywhere

DAYS_PER_MONTH = 30.44
MIN_NAME_TO_SWEEP = 3  # a shorter display name would match inside unrelated words
FORMER_PARTICIPANT = "a former participant"  # not text: written into stored text in place of a name
FORGOTTEN_PLACE = "forgotten"  # where a departed person's message went, once Slack's id for it is deleted


def purge_departed(*, session: Session, now: datetime, months: int) -> list[int]:
    """Anonymise everyone who left before the cut-off; returns their (kept) person ids."""
    cutoff = now - timedelta(days=months * DAYS_PER_MONTH)
    departed = session.exec(select(Person).where(col(Person.active).is_(False), col(Person.left_at) < cutoff,
                                                 ~col(Person.slack_user_id).startswith("purged-"))).all()
    for person in departed:
        _purge(session, person, now)
    return [p.id or 0 for p in departed]


def _purge(session: Session, person: Person, now: datetime) -> None:
    pid, slack_id = person.id, person.slack_user_id
    for table in (MenteeProfile, MentorProfile, IdentityProfile, Availability, CoordinatorProgram):
        session.execute(delete(table).where(col(table.person_id) == pid))
    session.execute(delete(ConflictOfInterest).where((col(ConflictOfInterest.mentor_id) == pid)
                                                     | (col(ConflictOfInterest.mentee_id) == pid)))
    session.execute(delete(Goal).where(col(Goal.mentee_id) == pid))
    session.execute(delete(DevelopmentPlan).where(col(DevelopmentPlan.mentee_id) == pid))
    forget_flash_topics_of(session=session, person_id=pid or 0)
    their_matches = select(Match.id).where((col(Match.mentee_id) == pid) | (col(Match.mentor_id) == pid))
    session.execute(update(Meeting).where(col(Meeting.match_id).in_(their_matches)).values(note=""))
    session.execute(update(CheckIn).where(col(CheckIn.match_id).in_(their_matches)).values(program_note=""))
    # the pulse's notes (theirs and their partners', about them), and the goal titles copied into agreements
    session.execute(update(MatchPrompt).where(col(MatchPrompt.match_id).in_(their_matches)).values(note=""))
    # a mentee's ratings of meetings would still say, of a named mentor, what a (now anonymous) mentee thought
    session.execute(delete(MeetingRating).where(col(MeetingRating.match_id).in_(their_matches)))
    session.execute(update(Alert).where(col(Alert.match_id).in_(their_matches), col(Alert.kind) == PULSE_ALERT)
                    .values(detail=""))
    for agreement in session.exec(select(Agreement).where(col(Agreement.match_id).in_(their_matches))):
        agreement.sections = {**agreement.sections, "first_goals": []}
        session.add(agreement)
    _forget_slack_places(session, pid or 0, slack_id)
    anonymous, name, email = f"purged-{pid}", person.display_name, person.email
    replace_everywhere(session=session, old=slack_id, new=anonymous)
    if len(name) >= MIN_NAME_TO_SWEEP:  # names live in message payloads and audit details
        replace_everywhere(session=session, old=name, new=FORMER_PARTICIPANT, text_columns=False)
    if email:
        replace_everywhere(session=session, old=email, new="")
    session.expire_all()  # the sweep rewrote rows behind the session; person reloads from the database
    person.slack_user_id, person.display_name, person.email, person.updated_at = anonymous, "", None, now
    person.slack_locale, person.language = None, None  # the language someone reads in is theirs, not an aggregate
    session.add(person)
    record_audit(session=session, now=now, actor="retention", action="person.purge", target=anonymous)


def _forget_slack_places(session: Session, pid: int, slack_id: str) -> None:
    """Slack's ids for their DMs and introductions: with Slack access, each leads back to the person."""
    their_matches = select(Match.id).where((col(Match.mentee_id) == pid) | (col(Match.mentor_id) == pid))
    # their DMs, the group DMs of their introductions (recipients comma-joined), and every edit of those, whether
    # it names its message by outbox id or by the conversation a click came from
    theirs = select(OutboxMessage.id).where(col(OutboxMessage.recipient).contains(slack_id, autoescape=True))
    forget_files_of(session=session, message_ids=theirs)
    their_channels = select(OutboxMessage.channel).where(
        col(OutboxMessage.recipient).contains(slack_id, autoescape=True), col(OutboxMessage.channel).is_not(None))
    session.execute(update(OutboxMessage).where(col(OutboxMessage.edits_id).in_(theirs)
                                                | col(OutboxMessage.recipient).in_(their_channels))
                    .values(channel=None, ts=None, payload={}))
    # an edit a click made (a circle check-in answered, say) is addressed to the DM's channel id itself
    session.execute(update(OutboxMessage).where(col(OutboxMessage.recipient).in_(their_channels))
                    .values(recipient=FORGOTTEN_PLACE))
    session.execute(update(OutboxMessage).where(col(OutboxMessage.recipient).contains(slack_id, autoescape=True))
                    .values(channel=None, ts=None, payload={}))
    session.execute(update(Match).where(col(Match.id).in_(their_matches)).values(intro_channel=None))
    session.execute(update(CheckIn).where(col(CheckIn.match_id).in_(their_matches)).values(channel=None, ts=None))
    session.execute(update(Proposal).where(col(Proposal.mentor_id) == pid)
                    .values(consent_channel=None, consent_ts=None))


def purge_step(deps: Deps, now: datetime) -> None:
    with transaction(deps.sessions) as session:
        purge_departed(session=session, now=now, months=setting(session, "retention_months"))
        purge_settled_files(session=session, now=now)  # the sender deletes a file once settled; this catches any left
