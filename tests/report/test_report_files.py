"""The report as files: self-contained HTML (checked in headless Chromium), CSV and JSON, and the CLI that writes them."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import cli
from bot.report.charts import png_bytes
from bot.report.definitions import indicator_definitions
from bot.report.network import mentorship_network, network_figure
from bot.report.render_html import render_html
from bot.report.service import Report, report_charts

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SCREENSHOT_BUDGET = 2_500_000  # bytes: a full report page at 1200 px wide
# Injected into a copy of the page only (the report has no scripts): records whether every chart image decoded.
IMAGE_PROBE = """<script>window.addEventListener("load", () => {
  const images = [...document.images], marker = document.createElement("div");
  marker.id = "image-check"; marker.dataset.total = images.length;
  marker.dataset.loaded = images.filter(i => i.complete && i.naturalWidth > 0).length;
  document.body.appendChild(marker); });</script>"""


@pytest.fixture
def html(report: Report) -> str:
    return render_html(report, report_charts(report, identified=True), identified=True)


def test_html_is_self_contained_printable_and_defines_every_indicator(html: str) -> None:
    assert "@media print" in html and "<script" not in html
    sources = re.findall(r'src="([^"]*)"', html)
    assert len(sources) == 5 and all(src.startswith("data:image/png;base64,") for src in sources)
    assert not re.search(r'(href|src)="https?:', html)
    for group in indicator_definitions():
        assert group.title in html
        for key, _ in group.definitions:
            assert f"<dt>{key}</dt>" in html
    assert "I2 and One" in html and "private goal" not in html and "Something personal" not in html


def test_deidentified_report_and_network_picture_name_nobody(report: Report) -> None:
    html = render_html(report, report_charts(report, identified=False), identified=False)
    assert "I2 and One" not in html and "Quiet pairs: 1" in html and "Names are in the coordinators' copy" in html
    graph = mentorship_network(report.snapshot.state, report.as_of)
    named = {t.get_text() for t in network_figure(graph, identified=True).axes[0].texts}
    anonymous = {t.get_text() for t in network_figure(graph, identified=False).axes[0].texts}
    assert {"I1", "Four", "P1"} <= named  # 21 nodes: every node is labelled for coordinators
    assert anonymous == {"mentors with no mentee", "mentees with no mentor"}
    assert png_bytes(network_figure(graph, identified=False)).startswith(b"\x89PNG")


def browser(*arguments: str, profile: Path) -> subprocess.CompletedProcess[str]:
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
             f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0", "--virtual-time-budget=10000"]
    return subprocess.run([str(CHROMIUM), *flags, *arguments], capture_output=True, text=True, timeout=180, check=True)


@pytest.mark.skipif(CHROMIUM is None,
                    reason="no chromium binary found (Debian: apt-get install chromium; .ci/run installs it)")
def test_html_report_renders_in_headless_chromium_with_its_charts(html: str, tmp_path: Path) -> None:
    page, probe, shot = tmp_path / "report.html", tmp_path / "probe.html", tmp_path / "report.png"
    page.write_text(html, encoding="utf-8")
    probe.write_text(html.replace("</body>", IMAGE_PROBE + "</body>"), encoding="utf-8")
    dom = browser("--dump-dom", probe.as_uri(), profile=tmp_path / "profile-dom")
    marker = re.search(r'id="image-check" data-total="(\d+)" data-loaded="(\d+)"', dom.stdout)
    assert marker is not None and marker.groups() == ("5", "5")
    screenshot = browser(f"--screenshot={shot}", "--window-size=1200,2400", "--hide-scrollbars", page.as_uri(),
                         profile=tmp_path / "profile-shot")
    console = [line for run in (dom, screenshot) for line in run.stderr.splitlines() if ":CONSOLE" in line]
    assert console == []
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and 20_000 < len(data) < SCREENSHOT_BUDGET


@pytest.fixture
def run_cli(seeded_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)

    def invoke(*args: str):
        return CliRunner().invoke(cli, ["report", *args], env={"DATABASE_URL": seeded_url, "MENTORBOT_TIMEZONE": "UTC"},
                                  catch_exceptions=False)

    return invoke


def test_cli_writes_html_csv_and_json_for_a_period(run_cli, tmp_path: Path) -> None:
    period = ("--from", "2026-09-01", "--to", "2026-11-30")
    result = run_cli(*period, "--format", "csv", "--out", str(tmp_path / "r.csv"))
    assert result.exit_code == 0, result.output
    assert f"Wrote {tmp_path / 'r.csv'}" in result.output and "early warnings" in result.output
    rows = (tmp_path / "r.csv").read_text().splitlines()
    assert rows[0] == "section,indicator,group,value,unit,based_on,informs,definition"
    assert any(row.startswith("activities,meetings_logged,,8,count,") for row in rows)
    assert run_cli(*period, "--format", "json", "--out", str(tmp_path / "r.json")).exit_code == 0
    data = json.loads((tmp_path / "r.json").read_text())
    assert data["outputs"]["rematch_rate"]["value"] == pytest.approx(1 / 6) and data["warning_counts"]["quiet_pair"] == 1
    assert "I2 and One" in json.dumps(data["warnings"])
    assert run_cli(*period, "--deidentified", "--format", "json", "--out", str(tmp_path / "anon.json")).exit_code == 0
    assert "I2 and One" not in (tmp_path / "anon.json").read_text()
    assert run_cli(*period).exit_code == 0  # html by default, named after the period
    assert (tmp_path / "mentorbot-report-2026-09-01-to-2026-11-30.html").read_text().startswith("<!DOCTYPE html>")


def test_cli_explains_bad_input(run_cli, tmp_path: Path) -> None:
    bad_format = run_cli("--format", "pdf")
    assert bad_format.exit_code == 2 and "--format must be one of html, csv, json (got 'pdf')" in bad_format.output
    bad_date = run_cli("--from", "1 Sept")
    assert bad_date.exit_code == 2 and "The `from` date must look like 2026-09-01 (got '1 Sept')." in bad_date.output
    missing = run_cli("--from", "2026-09-01", "--to", "2026-11-30", "--out", str(tmp_path / "no" / "such" / "r.html"))
    assert missing.exit_code == 2 and "Cannot write" in missing.output


def test_html_escapes_every_typed_value_by_default(report: Report) -> None:
    """Names, programs and survey titles are typed by people: in the HTML they stay text, never markup."""
    import dataclasses

    typed = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    warnings = [dataclasses.replace(w, subject=typed, detail=typed) for w in report.warnings]
    hostile = dataclasses.replace(report, warnings=warnings, priorities=(typed,))
    html = render_html(hostile, report_charts(report, identified=True), identified=True)
    assert "<script" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
