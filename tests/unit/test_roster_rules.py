"""Each roster rule on its own: how a cell is read, which cells are refused and why, what the summary says.

tests/unit/test_roster.py covers whole files (the example roster, lossless export, dry runs); this file pins
every per-cell rule of bot/roster.py with a table, so a change to one rule fails exactly one row here.
"""

from datetime import UTC, datetime

import pytest

from bot.profiles import SlackIdentity
from bot.roster import (
    ImportReport,
    RowError,
    RowOutcome,
    export_roster,
    import_roster,
    parse_draft,
    read_rows,
)
from storage.engine import make_engine, session_factory
from storage.queries.audit import audit_events
from storage.queries.people import get_person
from storage.queries.profiles import load_profiles

NOW = datetime(2026, 9, 1, 15, 0, tzinfo=UTC)
RILEY = SlackIdentity("URILEY001", "Dr. Riley Chen", "riley.chen@med.example.org", "America/Toronto")
MORGAN = SlackIdentity("UMORGN001", "Dr. Morgan Lee", None, None)


class Directory:
    def __init__(self, *known: SlackIdentity) -> None:
        self.known = known

    def find_by_id(self, user_id: str) -> SlackIdentity | None:
        return next((who for who in self.known if who.slack_user_id == user_id), None)

    def find_by_email(self, email: str) -> SlackIdentity | None:
        return next((who for who in self.known if who.email == email), None)


@pytest.fixture
def sessions(database_url: str):
    engine = make_engine(database_url)
    yield session_factory(engine)
    engine.dispose()


def run(sessions, text: str, *known: SlackIdentity, dry_run: bool = False, progress=None) -> ImportReport:
    return import_roster(sessions=sessions, text=text, directory=Directory(*(known or (RILEY, MORGAN))), now=NOW,
                         actor="UCOORD01", default_timezone="America/Edmonton", dry_run=dry_run, progress=progress)


def draft_values(**cells: str) -> tuple[dict, list[tuple[str, str]]]:
    draft, errors = parse_draft(2, {"slack_id": "URILEY001", **cells})
    return draft.values, [(error.column, error.reason) for error in errors]


@pytest.mark.parametrize(("cells", "values"), [
    ({"roles": "mentee"}, {"as_mentee": True, "as_mentor": False}),
    ({"roles": "Mentor"}, {"as_mentee": False, "as_mentor": True}),
    ({"roles": "mentee;mentor"}, {"as_mentee": True, "as_mentor": True}),
    ({"roles": "BOTH"}, {"as_mentee": True, "as_mentor": True}),
    ({"program": "Surgery"}, {"program": "Surgery"}),
    ({"stage": "pgy-2"}, {"stage": "PGY-2"}),
    ({"mentoring_wanted": "Career; research"}, {"kinds_wanted": ["career", "research"]}),
    ({"mentoring_offered": "wellness"}, {"kinds_offered": ["wellness"]}),
    ({"interests": "Cardiology;cardiology; research methods ;"}, {"interests": ["cardiology", "research methods"]}),
    ({"expertise": "Echo;Airway"}, {"expertise": ["airway", "echo"]}),
    ({"meeting_mode": "In-Person"}, {"meeting_mode": "in_person"}),
    ({"meeting_mode": "in person"}, {"meeting_mode": "in_person"}),
    ({"cadence_days": "45"}, {"cadence_days": 45}),
    ({"capacity": "3"}, {"capacity_total": 3}),
    ({"capacity_per_kind": "research:1;career:2"}, {"capacity_per_kind": {"research": 1, "career": 2}}),
    ({"roles": "", "program": "", "stage": "", "capacity": ""}, {}),  # empty cells keep what is stored
])
def test_each_cell_is_read_into_its_profile_field(cells: dict, values: dict) -> None:
    read, errors = draft_values(**cells)
    assert errors == []
    assert read == values


@pytest.mark.parametrize(("cells", "column", "reason"), [
    ({"roles": "assessor"}, "roles", "roles must be mentee, mentor or mentee;mentor (got 'assessor')"),
    ({"roles": "mentee;chief"}, "roles", "roles must be mentee, mentor or mentee;mentor"),
    ({"roles": ";"}, "roles", "roles must be"),
    ({"stage": "PGY-9"}, "stage", "unknown stage 'PGY-9' (use PGY-1..PGY-7, fellow or a rank)"),
    ({"mentoring_wanted": "career;astrology;palmistry"}, "mentoring_wanted",
     "unknown kind of mentoring: astrology, palmistry"),
    ({"mentoring_offered": "tarot"}, "mentoring_offered", "unknown kind of mentoring: tarot"),
    ({"cadence_days": "monthly"}, "cadence_days", "cadence_days must be a whole number"),
    ({"capacity": "-3"}, "capacity", "capacity must be a whole number"),
    ({"capacity_per_kind": "research=1"}, "capacity_per_kind", "write limits like research:1;career:2"),
    ({"slack_id": "riley"}, "slack_id", "'riley' is not a Slack user id (like U012ABCDEF)"),
    ({"slack_id": "C0CHANNEL1"}, "slack_id", "is not a Slack user id"),
    ({"slack_id": "U1"}, "slack_id", "is not a Slack user id"),
    ({"slack_id": "U" + "A" * 32}, "slack_id", "is not a Slack user id"),
    ({"slack_id": "u012abcdef"}, "slack_id", "is not a Slack user id"),
    ({"slack_id": "", "email": "riley.chen"}, "email", "'riley.chen' is not an email address"),
    ({"slack_id": "", "email": "riley@med"}, "email", "is not an email address"),
    ({"slack_id": "", "email": ""}, "email", "each row needs a slack_id or an email"),
    ({"name": "x" * 201}, "name", "name can be at most 200 characters (this is 201)."),
    ({"slack_id": "", "email": "a@b.co" + "x" * 315}, "email", "email can be at most 320 characters (this is 321)."),
    ({"timezone": "Mars/Olympus"}, "timezone", "'Mars/Olympus' is not an IANA timezone (e.g. America/Toronto)"),
    ({"timezone": "../etc"}, "timezone", "is not an IANA timezone"),
])
def test_each_bad_cell_is_named_with_its_reason(cells: dict, column: str, reason: str) -> None:
    _, errors = draft_values(**cells)
    assert [error_column for error_column, _ in errors] == [column]
    assert reason in errors[0][1]


@pytest.mark.parametrize("slack_id", ["U012ABCDEF", "W0ENTERPRISE", "U" + "A" * 31])
def test_user_ids_of_workspaces_and_enterprise_grid_are_accepted(slack_id: str) -> None:
    draft, errors = parse_draft(2, {"slack_id": slack_id})
    assert (draft.slack_id, errors) == (slack_id, [])


def test_identity_cells_are_read_as_typed_with_the_email_lowercased() -> None:
    draft, errors = parse_draft(7, {"slack_id": "", "email": "Riley.Chen@Med.Example.org", "name": "Dr. R",
                                    "timezone": "Europe/Paris"})
    assert errors == []
    assert (draft.row, draft.slack_id, draft.email, draft.name, draft.timezone) == (
        7, None, "riley.chen@med.example.org", "Dr. R", "Europe/Paris")


def test_header_is_case_insensitive_a_bom_is_ignored_and_cells_are_trimmed() -> None:
    rows = read_rows("\ufeffSlack_ID , Name\nURILEY001 ,  Dr. Riley \n\nUMORGN001,\n")
    assert rows == [(2, {"slack_id": "URILEY001", "name": "Dr. Riley"}), (4, {"slack_id": "UMORGN001", "name": ""})]


@pytest.mark.parametrize(("cell", "read"), [
    ("'=HYPERLINK(1)", "=HYPERLINK(1)"),   # what export_roster wrote for a name typed as a formula
    ("'+1 555", "+1 555"),
    ("'-", "-"),
    ("'@home", "@home"),
    ("'%20", "%20"),
    ("'\\|cmd", "|cmd"),
    ("'=a\\|b", "=a|b"),
    ("-1", "-1"),                           # a negative number is not guarded, so nothing is undone
    ("'-1", "'-1"),
    ("'plain", "'plain"),                   # an apostrophe someone typed stays
    ("O'Brien", "O'Brien"),
    ("'", "'"),
])
def test_cells_guarded_against_formulas_on_export_read_back_as_typed(cell: str, read: str) -> None:
    assert read_rows(f"slack_id,name\nURILEY001,\"{cell}\"\n")[0][1]["name"] == read


def test_summary_counts_and_words(sessions) -> None:
    report = ImportReport(dry_run=False, outcomes=[RowOutcome(2, "U1", "created"), RowOutcome(3, "U2", "updated"),
                                                   RowOutcome(4, "U3", "updated"), RowOutcome(5, "U4", "unchanged")],
                          errors=[RowError(6, "stage", "x"), RowError(6, "roles", "y")])
    assert report.summary() == "1 created, 2 updated, 1 unchanged; 1 row was skipped with errors."
    report.errors.append(RowError(7, "email", "z"))
    assert report.summary().endswith("; 2 rows were skipped with errors.")
    report.dry_run = True
    assert report.summary().endswith("; 2 rows would be skipped with errors.")
    assert ImportReport(dry_run=False).summary() == "0 created, 0 updated, 0 unchanged; 0 rows were skipped with errors."


def test_summary_names_people_who_left_and_how_to_bring_them_back() -> None:
    one = ImportReport(dry_run=False, outcomes=[RowOutcome(2, "U1", "skipped_left")])
    assert one.summary().endswith(" 1 person who left the program was skipped (U1; add rejoin=yes to bring them back).")
    two = ImportReport(dry_run=True, outcomes=[RowOutcome(2, "U1", "skipped_left"), RowOutcome(3, "U2", "skipped_left")])
    assert " 2 people who left the program would be skipped (U1, U2;" in two.summary()
    assert two.skipped_left() == ["U1", "U2"]


def test_a_new_person_takes_slack_name_and_timezone_unless_the_row_says_otherwise(sessions) -> None:
    report = run(sessions, "slack_id,roles,program,stage,mentoring_wanted,name,timezone\n"
                           "URILEY001,mentee,Surgery,PGY-1,career,,\n"
                           "UMORGN001,mentee,Surgery,PGY-1,career,Dr. M. Lee,Europe/Paris\n")
    assert [o.action for o in report.outcomes] == ["created", "created"]
    with sessions() as session:
        riley, morgan = (get_person(session=session, slack_user_id=u) for u in ("URILEY001", "UMORGN001"))
        assert (riley.display_name, riley.timezone, riley.email) == (RILEY.display_name, "America/Toronto", RILEY.email)
        assert (morgan.display_name, morgan.timezone, morgan.email) == ("Dr. M. Lee", "Europe/Paris", None)


def test_someone_slack_gives_no_timezone_gets_the_programs(sessions) -> None:
    run(sessions, "slack_id,roles,program,stage,mentoring_wanted\nUMORGN001,mentee,Surgery,PGY-1,career\n")
    with sessions() as session:
        assert get_person(session=session, slack_user_id="UMORGN001").timezone == "America/Edmonton"


def test_people_are_found_by_email_and_a_repeated_email_is_a_duplicate(sessions) -> None:
    report = run(sessions, "email,roles,program,stage,mentoring_wanted\n"
                           "Riley.Chen@med.example.org,mentee,Surgery,PGY-1,career\n"
                           "riley.chen@med.example.org,mentee,Surgery,PGY-1,research\n")
    assert [(o.row, o.slack_user_id, o.action) for o in report.outcomes] == [(2, "URILEY001", "created")]
    assert report.errors == [RowError(3, "email", "duplicate person: same as row 2")]


def test_unknown_people_are_named_by_the_column_that_looked_for_them(sessions) -> None:
    report = run(sessions, "slack_id,email,roles,program,stage,mentoring_wanted\n"
                           "UNOBODY01,,mentee,Surgery,PGY-1,career\n"
                           ",ghost@med.example.org,mentee,Surgery,PGY-1,career\n")
    assert report.errors == [RowError(2, "slack_id", "no Slack user with id UNOBODY01"),
                             RowError(3, "email", "unknown email: no Slack user has ghost@med.example.org")]


def test_a_changed_name_or_timezone_alone_is_an_update(sessions) -> None:
    base = "slack_id,roles,program,stage,mentoring_wanted,name,timezone\nURILEY001,mentee,Surgery,PGY-1,career,{},{}\n"
    run(sessions, base.format("Dr. Riley Chen", "America/Toronto"))
    assert [o.action for o in run(sessions, base.format("Dr. Riley Chen", "America/Toronto")).outcomes] == ["unchanged"]
    assert [o.action for o in run(sessions, base.format("Dr. R. Chen", "America/Toronto")).outcomes] == ["updated"]
    assert [o.action for o in run(sessions, base.format("Dr. R. Chen", "Europe/Paris")).outcomes] == ["updated"]
    with sessions() as session:
        assert get_person(session=session, slack_user_id="URILEY001").timezone == "Europe/Paris"


@pytest.mark.parametrize(("rejoin", "action"), [("", "skipped_left"), ("no", "skipped_left"), ("yes", "updated"),
                                                ("Y", "updated"), ("true", "updated"), ("1", "updated")])
def test_someone_who_left_comes_back_only_with_rejoin(sessions, rejoin: str, action: str) -> None:
    row = "slack_id,roles,program,stage,mentoring_wanted,rejoin\nURILEY001,mentee,Surgery,PGY-1,career,{}\n"
    run(sessions, row.format(""))
    with sessions() as session, session.begin():
        person = get_person(session=session, slack_user_id="URILEY001")
        person.active, person.left_at = False, NOW
    report = run(sessions, row.format(rejoin))
    assert [o.action for o in report.outcomes] == [action]
    with sessions() as session:
        assert get_person(session=session, slack_user_id="URILEY001").active is (action == "updated")


def test_profile_rules_are_reported_against_the_roster_column(sessions) -> None:
    report = run(sessions, "slack_id,roles,program,stage,mentoring_wanted\nURILEY001,mentee,,PGY-1,career\n")
    assert [(e.row, e.column) for e in report.errors] == [(2, "program")]
    assert report.outcomes == []


def test_progress_is_reported_per_row_and_the_import_is_audited_once(sessions) -> None:
    seen: list[tuple[int, int]] = []
    text = "slack_id,roles,program,stage,mentoring_wanted\n" + "".join(
        f"{who},mentee,Surgery,PGY-1,career\n" for who in ("URILEY001", "UMORGN001", "UNOBODY01"))
    report = run(sessions, text, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 3), (2, 3), (3, 3)]
    with sessions() as session:
        events = audit_events(session=session, action="roster.import")
    assert len(events) == 1 and events[0].actor_slack_id == "UCOORD01"
    assert events[0].detail == {"summary": report.summary(), "rows": 3}


def test_export_leaves_the_columns_of_a_role_someone_does_not_hold_empty(sessions) -> None:
    run(sessions, "slack_id,roles,program,stage,mentoring_wanted,interests,mentoring_offered,expertise,capacity\n"
                  "URILEY001,mentee,Surgery,PGY-1,career,cardiology,,,\n"
                  "UMORGN001,mentor,Surgery,assistant_professor,,,career,airway,2\n")
    with sessions() as session:
        exported = export_roster(session=session, actor="UCOORD01", now=NOW)
        assert [e.actor_slack_id for e in audit_events(session=session, action="roster.export")] == ["UCOORD01"]
    rows = {line.split(",")[0]: line for line in exported.splitlines()[1:]}
    assert rows["URILEY001"] == ("URILEY001,riley.chen@med.example.org,Dr. Riley Chen,mentee,Surgery,PGY-1,"
                                 "America/Toronto,career,cardiology,either,30,,,,")
    assert rows["UMORGN001"] == "UMORGN001,,Dr. Morgan Lee,mentor,Surgery,assistant_professor,America/Edmonton,,,,,career,airway,2,"


def test_a_mentor_and_mentee_exports_both_halves(sessions) -> None:
    run(sessions, "slack_id,roles,program,stage,mentoring_wanted,mentoring_offered,capacity,capacity_per_kind\n"
                  "URILEY001,mentee;mentor,Surgery,PGY-3,career,wellness;career,2,wellness:1\n")
    with sessions() as session:
        exported = export_roster(session=session, actor="UCOORD01", now=NOW)
        person = get_person(session=session, slack_user_id="URILEY001")
        mentee, mentor, _ = load_profiles(session=session, person_id=person.id)
    assert exported.splitlines()[1].endswith(",mentee;mentor,Surgery,PGY-3,America/Toronto,career,,either,30,"
                                             "career;wellness,,2,wellness:1")
    assert mentee.kinds_wanted == ["career"] and mentor.capacity_per_kind == {"wellness": 1}


@pytest.mark.parametrize("name", ["|cmd /c calc", "=HYPERLINK(\"x\")", "-Dr. Dash", "+1 Plus", "@home", "%TEMP%", "-12"])
def test_a_name_that_looks_like_a_formula_survives_export_and_reimport(sessions, name: str) -> None:
    quoted = '"' + name.replace('"', '""') + '"'
    run(sessions, f"slack_id,roles,program,stage,mentoring_wanted,name\nURILEY001,mentee,Surgery,PGY-1,career,{quoted}\n")
    with sessions() as session:
        exported = export_roster(session=session, actor="UCOORD01", now=NOW)
    assert [o.action for o in run(sessions, exported).outcomes] == ["unchanged"]
    with sessions() as session:
        assert get_person(session=session, slack_user_id="URILEY001").display_name == name
