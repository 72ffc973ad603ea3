"""The report from the mentees', the mentors' and the institution's perspectives (README's promise): a visible
section each in the HTML, keys in the JSON and CSV files, and a line each in the Slack summary."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from bot.report.export import report_csv, report_json
from bot.report.perspectives import perspectives, pulse_sentence
from bot.report.render_html import render_html
from bot.report.service import Report
from handlers.blocks.report import build_report_summary

KEYS = ("mentees", "mentors", "institution")


def test_each_perspective_answers_its_question_with_the_seeded_figures(report: Report) -> None:
    views = {view.key: view for view in perspectives(report)}
    assert tuple(views) == KEYS
    mentees = {i.key: i.value for i in views["mentees"].indicators}
    assert mentees["network_coverage"] == pytest.approx(5 / 17) and mentees["waiting_mentees"] == 12
    assert mentees["would_continue_mentees"] is None  # nobody answered: hidden, never 0
    mentors = {i.key: i.value for i in views["mentors"].indicators}
    assert (mentors["over_capacity"], mentors["meeting_hours"]) == (1, 3.0)
    assert mentors["would_continue_mentors"] == pytest.approx(3 / 5)
    institution = {i.key for i in views["institution"].indicators}
    assert {"rematch_rate", "survey_response_rate", "mentees_per_mentor"} <= institution
    pulse = views["mentors"].latest_pulse
    assert (pulse.survey_title, pulse.value, pulse.n) == ("Mentor pulse", 65.0, 5)
    assert views["institution"].latest_pulse is None


def test_a_hidden_or_missing_pulse_is_said_plainly() -> None:
    assert pulse_sentence(None) == "No pulse survey asked this perspective in the period."


def test_html_has_a_visible_section_per_perspective_with_the_institution_priorities(report: Report) -> None:
    html = render_html(report, [], identified=False)
    sections = {key: re.search(rf'<section id="perspective-{key}">(.*?)</section>', html, re.S) for key in KEYS}
    assert all(sections.values())
    assert "Mentors over capacity" in sections["mentors"].group(1) and "65 of 100" in sections["mentors"].group(1)
    assert "Network coverage" in sections["mentees"].group(1)
    institution = sections["institution"].group(1)
    assert "Program priority" in institution and "career transition" in institution and 'href="#equity"' in institution
    assert 'id="equity"' in html and 'id="changes"' in html


def test_json_and_csv_carry_each_perspective_by_key(report: Report) -> None:
    data = json.loads(report_json(report, identified=False))["perspectives"]
    assert tuple(data) == KEYS and "network_coverage" in data["mentees"]["indicators"]
    assert data["mentors"]["latest_pulse"]["value"] == 65.0 and data["institution"]["latest_pulse"] is None
    rows = list(csv.DictReader(io.StringIO(report_csv(report))))
    by_section = {row["section"] for row in rows}
    assert {f"perspective: {key}" for key in KEYS} <= by_section
    coverage = next(r for r in rows if r["section"] == "perspective: mentees" and r["indicator"] == "network_coverage")
    assert float(coverage["value"]) == pytest.approx(5 / 17, abs=1e-5)


def test_slack_summary_has_a_line_per_perspective(report: Report) -> None:
    text = json.dumps(build_report_summary(report)["blocks"], ensure_ascii=False)
    for title in ("Mentees' perspective", "Mentors' perspective", "The institution's perspective"):
        assert f"*{title}*" in text
    assert "mentors over capacity 1" in text and "Latest pulse index (Mentor pulse, round 1): 65 of 100" in text
