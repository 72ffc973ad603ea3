"""What each person's App Home shows: their network, what is missing, and program counts for coordinators."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from sqlmodel import Session

from bot.agreements.service import agreements_of, unacknowledged_count
from bot.agreements.terms import AgreementView
from bot.alerts import ProgramNote, latest_program_notes
from bot.home_formats import FormatsHome, formats_home
from bot.development_plan import SharedPlan, academic_year, has_plan, plan_count, plans_shared_with
from bot.broadcasts import BroadcastInfo, history
from bot.vocabulary import KINDS
from bot.matching.service import arranging_kinds, matches_of
from bot.pauses import is_paused
from bot.resources import ResourceInfo, resources_for
from bot.scheduling.home import PairMeeting, pair_meetings
from storage.queries.people import get_person
from storage.queries.profiles import load_profiles
from storage.queries.program import ProgramCounts, program_counts

if TYPE_CHECKING:  # the report's indicators load on a coordinator's first Home, not in every process that notifies
    from bot.report.service import Headline


HOME_NOTES = 5  # the newest mentors' notes on a coordinator's Home; the weekly digest carries the rest
HOME_RESOURCES = 8  # the first ones coordinators added; `/mentor resources` lists them all


@dataclass(frozen=True)
class NetworkSlot:
    kind: str
    mentor_name: str | None  # None: asked for, no mentor yet
    arranging: str | None = None  # no mentor yet, but a proposal awaits "review" or the mentor's "consent"


@dataclass
class HomeData:
    slack_user_id: str
    enrolled: bool
    display_name: str = ""
    roles: tuple[str, ...] = ()
    paused: bool = False
    network: list[NetworkSlot] = field(default_factory=list)
    mentees: list[tuple[str, str]] = field(default_factory=list)  # (name, kind)
    mentor_capacity: tuple[int, int] | None = None  # (active, total)
    counts: ProgramCounts | None = None  # coordinators only
    scope_label: str = ""  # coordinators only: the programs they coordinate ("": faculty-wide)
    report_headline: Headline | None = None  # coordinators only: the evaluation headline (bot/report)
    broadcasts: list[BroadcastInfo] = field(default_factory=list)  # coordinators only: recent announcements
    program_notes: list[ProgramNote] = field(default_factory=list)  # coordinators only: mentors' newest notes
    resources: list[ResourceInfo] = field(default_factory=list)  # the library's links for their kinds and stage
    meetings: list[PairMeeting] = field(default_factory=list)  # each pair's next meeting, for "Find a time"
    timezone: str = ""  # theirs, for meeting times
    agreements: list[AgreementView] = field(default_factory=list)  # one per active match, as this person reads it
    unacknowledged_agreements: int = 0  # coordinators only: matches whose agreement someone has not acknowledged
    own_plan_year: int | None = None  # mentees: the year of their development plan this year (None: none yet)
    shared_plans: list[SharedPlan] = field(default_factory=list)  # mentors: plans their mentees shared with them
    development_plans: int | None = None  # coordinators only: how many mentees have a plan this year (a count)
    formats: FormatsHome = field(default_factory=FormatsHome)  # flash, events and circles (bot/home_formats.py)

    @property
    def missing_kinds(self) -> list[str]:
        return [slot.kind for slot in self.network if slot.mentor_name is None and slot.arranging is None]


def home_for(*, session: Session, slack_user_id: str, now: datetime) -> HomeData:
    person = get_person(session=session, slack_user_id=slack_user_id)
    if person is None or person.id is None or not person.active:
        return HomeData(slack_user_id=slack_user_id, enrolled=False)
    mentee, mentor, _ = load_profiles(session=session, person_id=person.id)
    data = HomeData(slack_user_id=slack_user_id, enrolled=True, display_name=person.display_name,
                    roles=person.roles, paused=is_paused(person, now), timezone=person.timezone)
    matches = matches_of(session=session, slack_id=slack_user_id)
    data.meetings = pair_meetings(session=session, slack_user_id=slack_user_id, matches=matches)
    mentors = {m.kind: m.mentor.name for m in matches if m.mentee.slack_id == slack_user_id}
    if person.is_mentee and mentee:
        wanted = [kind for kind in KINDS if kind in mentee.kinds_wanted or kind in mentors]
        arranging = arranging_kinds(session=session, mentee_id=person.id)
        data.network = [NetworkSlot(kind, mentors.get(kind), None if kind in mentors else arranging.get(kind))
                        for kind in wanted]
    data.mentees = [(m.mentee.name, m.kind) for m in matches if m.mentor.slack_id == slack_user_id]
    if person.is_mentor and mentor:
        data.mentor_capacity = (len(data.mentees), mentor.capacity_total)
    year = academic_year(session, now, person.timezone or "")  # on the person's own calendar
    if person.is_mentee and has_plan(session=session, mentee_id=person.id, year=year):
        data.own_plan_year = year
    if person.is_mentor:
        data.shared_plans = plans_shared_with(session=session, mentor_id=person.id)
    data.agreements = agreements_of(session=session, person_id=person.id, slack_id=slack_user_id)
    data.formats = formats_home(session=session, person_id=person.id, now=now)
    data.resources = resources_for(session=session, person=person, mentee=mentee, mentor=mentor)[:HOME_RESOURCES]
    if person.is_coordinator:
        from bot.access import scope_of
        from bot.report.scoped import counts_for
        from bot.report.service import headline
        from bot.report.snapshot import load_state

        scope = scope_of(session=session, slack_user_id=slack_user_id)
        # faculty-wide: left empty, so the renderer says it in the reader's language (this may run in another's)
        data.scope_label = "" if scope.faculty_wide else scope.label()
        data.counts = (program_counts(session=session) if scope.programs is None
                       else counts_for(load_state(session=session, until=None), scope.programs))
        data.unacknowledged_agreements = unacknowledged_count(session=session, programs=scope.programs)
        data.development_plans = plan_count(session=session, year=year, programs=scope.programs)
        data.report_headline = headline(session=session, programs=scope.programs)
        data.broadcasts = history(session=session, scope=scope)
        data.program_notes = [note for note in latest_program_notes(  # a program coordinator: their pairs' only
            session=session, limit=HOME_NOTES if scope.faculty_wide else HOME_NOTES * 20)
            if scope.covers_any(note.programs)][:HOME_NOTES]
    return data
