"""Roster import/export as a service: plain CSV text, a fake directory, a real database."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.profiles import SlackIdentity
from bot.roster import RosterFormatError, export_roster, import_roster
from storage.engine import make_engine, session_factory
from storage.queries.audit import audit_events
from storage.queries.people import get_person
from storage.queries.profiles import load_profiles

NOW = datetime(2026, 9, 1, 15, 0, tzinfo=UTC)
EXAMPLE = Path(__file__).parents[2] / "bot" / "examples" / "roster.csv"
HEADER = "slack_id,email,name,roles,program,stage,mentoring_wanted,mentoring_offered,capacity\n"


class FakeDirectory:
    def __init__(self, *known: SlackIdentity) -> None:
        self.by_id = {who.slack_user_id: who for who in known}
        self.by_email = {who.email: who for who in known if who.email}
        self.lookups = 0

    def find_by_id(self, user_id: str) -> SlackIdentity | None:
        self.lookups += 1
        return self.by_id.get(user_id)

    def find_by_email(self, email: str) -> SlackIdentity | None:
        self.lookups += 1
        return self.by_email.get(email)


def everyone_in_example() -> FakeDirectory:
    import csv

    rows = list(csv.DictReader(EXAMPLE.open()))
    return FakeDirectory(*(SlackIdentity(r["slack_id"], r["name"], r["email"], r["timezone"]) for r in rows),
                         SlackIdentity("UNEW00001", "Dr. New Person", "new.person@med.example.org", "America/Halifax"))


@pytest.fixture
def sessions(database_url: str):
    engine = make_engine(database_url)
    yield session_factory(engine)
    engine.dispose()


def run_import(sessions, text: str, directory=None, dry_run: bool = False):
    return import_roster(sessions=sessions, text=text, directory=directory or everyone_in_example(), now=NOW,
                         actor="UCOORD01", default_timezone="America/Edmonton", dry_run=dry_run)


def test_example_roster_imports_and_reimport_changes_nothing(sessions) -> None:
    first = run_import(sessions, EXAMPLE.read_text())
    assert (first.count("created"), first.errors) == (6, [])
    with sessions() as session:
        okafor = get_person(session=session, slack_user_id="UOKAFR001")
        _, mentor, _ = load_profiles(session=session, person_id=okafor.id)
        assert (okafor.stage, okafor.is_mentor, okafor.is_mentee) == ("associate_professor", True, False)
        assert mentor.capacity_total == 4 and mentor.capacity_per_kind == {"research": 2}
        assert mentor.kinds_offered == ["career", "research", "sponsorship", "identity"]
    again = run_import(sessions, EXAMPLE.read_text())
    assert again.count("unchanged") == 6 and again.count("created") == again.count("updated") == 0


def test_bad_rows_are_reported_precisely_and_good_rows_are_kept(sessions) -> None:
    text = HEADER + "\n".join([
        "UNEW00001,,,mentee,Surgery,PGY-2,career,,",                                 # line 2: good
        ",nobody@med.example.org,,mentee,Surgery,PGY-1,career,,",                    # line 3: unknown email
        "URILEY001,,,mentee,Internal Medicine,PGY-9,career,,",                       # line 4: bad stage
        "UOKAFR001,,,mentor,Internal Medicine,professor,,career,lots",               # line 5: capacity not a number
        "UNEW00001,,,mentee,Surgery,PGY-2,research,,",                               # line 6: duplicate person
        "ULEEMO001,,,mentor,Cardiac Sciences,assistant_professor,,career,25",        # line 7: capacity out of range
        "UPATEL001,,,mentor,Internal Medicine,fellow,,,2",                           # line 8: offers nothing
    ])
    report = run_import(sessions, text)
    problems = {(e.row, e.column) for e in report.errors}
    assert problems == {(3, "email"), (4, "stage"), (5, "capacity"), (6, "slack_id"), (7, "capacity"),
                        (8, "mentoring_offered")}
    assert "unknown email" in next(e.reason for e in report.errors if e.row == 3)
    assert "same as row 2" in next(e.reason for e in report.errors if e.row == 6)
    assert [o.slack_user_id for o in report.outcomes] == ["UNEW00001"]
    with sessions() as session:
        assert get_person(session=session, slack_user_id="UNEW00001").timezone == "America/Halifax"
        assert get_person(session=session, slack_user_id="URILEY001") is None


def test_a_bad_row_never_damages_what_was_already_stored(sessions) -> None:
    run_import(sessions, EXAMPLE.read_text())
    report = run_import(sessions, HEADER + "UOKAFR001,,,mentor,Internal Medicine,professor,,career,-3\n")
    assert report.errors and not report.outcomes
    with sessions() as session:
        okafor = get_person(session=session, slack_user_id="UOKAFR001")
        assert okafor.stage == "associate_professor"
        assert load_profiles(session=session, person_id=okafor.id)[1].capacity_total == 4


def test_dry_run_reports_but_stores_nothing(sessions) -> None:
    report = run_import(sessions, EXAMPLE.read_text(), dry_run=True)
    assert report.count("created") == 6 and "would be skipped" in report.summary()
    with sessions() as session:
        assert get_person(session=session, slack_user_id="URILEY001") is None
        assert audit_events(session=session, action="roster.import") == []


def test_columns_left_out_keep_their_stored_values(sessions) -> None:
    run_import(sessions, EXAMPLE.read_text())
    report = run_import(sessions, "slack_id,capacity\nUOKAFR001,5\n")
    assert [o.action for o in report.outcomes] == ["updated"]
    with sessions() as session:
        okafor = get_person(session=session, slack_user_id="UOKAFR001")
        mentor = load_profiles(session=session, person_id=okafor.id)[1]
        assert (mentor.capacity_total, mentor.expertise[0], okafor.program) == (5, "cardiology", "Internal Medicine")


def test_export_then_import_is_lossless(sessions) -> None:
    run_import(sessions, EXAMPLE.read_text())
    with sessions() as session:
        exported = export_roster(session=session, actor="test", now=NOW)
    assert exported.splitlines()[0] == EXAMPLE.read_text().splitlines()[0]
    report = run_import(sessions, exported, directory=FakeDirectory())
    assert report.count("unchanged") == 6 and not report.errors
    with sessions() as session:
        assert export_roster(session=session, actor="test", now=NOW) == exported


@pytest.mark.parametrize(("text", "complaint"), [
    ("", "empty"),
    ("slack_id,favourite_colour\nU1,red\n", "Unknown column: favourite_colour"),
    ("name,roles\nX,mentee\n", "needs a slack_id or an email column"),
])
def test_unreadable_files_are_refused_as_a_whole(sessions, text: str, complaint: str) -> None:
    with pytest.raises(RosterFormatError, match=complaint.replace("(", r"\(").replace(")", r"\)")):
        run_import(sessions, text)


def test_the_availability_column_seeds_weekly_windows_and_is_never_exported(sessions) -> None:
    from bot.scheduling.availability import stored_windows

    text = "slack_id,availability\nUOKAFR001,mon-fri 07:00-08:00;sat 10:00-12:00\nUNEW00001,whenever\n"
    run_import(sessions, EXAMPLE.read_text())
    report = run_import(sessions, text)
    assert [(e.row, e.column) for e in report.errors] == [(3, "availability")]
    assert report.count("updated") == 1
    with sessions() as session:
        okafor = get_person(session=session, slack_user_id="UOKAFR001")
        assert len(stored_windows(session=session, person_id=okafor.id)) == 6
        exported = export_roster(session=session, actor="UCOORD01", now=NOW)
    assert "availability" not in exported and "07:00" not in exported
    assert run_import(sessions, text.splitlines()[0] + "\n" + text.splitlines()[1]).count("unchanged") == 1
