"""A program's report counts only its own people's flash conversations and event seats, never the faculty's."""

from __future__ import annotations

from types import SimpleNamespace

from bot.report.formats import formats
from bot.report.scoped import for_programs
from bot.report.snapshot import ProgramState, PulseData, Snapshot
from storage.queries.events import EventRows
from storage.queries.flash import FlashRow
from storage.tables import FlashStatus

SURGERY_MENTEE, SURGERY_MENTOR, MEDICINE_MENTEE, MEDICINE_MENTOR = 1, 2, 3, 4


def faculty_snapshot() -> Snapshot:
    people = {SURGERY_MENTEE: SimpleNamespace(program="Surgery"), SURGERY_MENTOR: SimpleNamespace(program="Surgery"),
              MEDICINE_MENTEE: SimpleNamespace(program="Internal Medicine"),
              MEDICINE_MENTOR: SimpleNamespace(program="Internal Medicine")}
    state = ProgramState(people=people, kinds_wanted={}, mentors={}, identities={}, matches=[], requests=[],  # type: ignore[arg-type]
                         goals=[])
    return Snapshot(
        period=None, as_of=None, state=state, meetings=[], last_meetings={}, checkins=[], reminders=0,  # type: ignore[arg-type]
        nudges=[], broadcasts=[], pulse=PulseData(rounds=[], asked_responded={}, questions={}, answers=[]),  # type: ignore[arg-type]
        minimum_group=5, priorities=[], quiet_after_cadences=2,
        flash=[FlashRow(SURGERY_MENTEE, SURGERY_MENTOR, FlashStatus.ACCEPTED, True),
               FlashRow(MEDICINE_MENTEE, MEDICINE_MENTOR, FlashStatus.ACCEPTED, False),
               FlashRow(MEDICINE_MENTEE, MEDICINE_MENTOR, FlashStatus.ACCEPTED, False)],
        events=EventRows(events=[10, 11], seats=[(10, SURGERY_MENTEE, SURGERY_MENTOR), (11, MEDICINE_MENTEE, MEDICINE_MENTOR),
                                                 (11, MEDICINE_MENTEE, SURGERY_MENTOR)],
                         mutual_picks=[(11, MEDICINE_MENTEE, MEDICINE_MENTOR)]))


def test_the_faculty_counts_everyone() -> None:
    everyone = formats(faculty_snapshot())

    assert (everyone.flash_conversations.value, everyone.speed_events.value, everyone.event_conversations.value,
            everyone.event_mutual_picks.value) == (3, 2, 3, 1)


def test_a_program_counts_its_own_peoples_flash_conversations_and_events() -> None:
    surgery = formats(for_programs(faculty_snapshot(), frozenset({"Surgery"})))

    assert surgery.flash_conversations.value == 1
    # Event 11 seated a medicine mentee with a surgery mentor: that conversation is Surgery's too.
    assert (surgery.speed_events.value, surgery.event_conversations.value, surgery.event_mutual_picks.value) == (2, 2, 0)
