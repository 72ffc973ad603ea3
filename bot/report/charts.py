"""The report's charts (matplotlib, Agg backend, no display needed), as figures and as PNG bytes.

Every trend chart marks the program changes of the period with a dashed vertical line and a label, so the
effect of a change (a new cadence, a survey started, a matching setting) can be read off the curve after it.
Markers carry the gid "program-change" so they can be found in the figure.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from bot.i18n import N_, _
from bot.report.changes import ProgramChange
from bot.report.institution import TrendPoint
from bot.report.mentees import KindCoverage
from bot.report.mentors import MentorLoad
from bot.report.pulse import PulsePoint
from bot.report.format import kind_label

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

CHANGE_MARKER = "program-change"
LABELLED_CHANGES = 8  # beyond this, markers are numbered and the report lists them
LABEL_CHARACTERS = 34
PULSE_STYLES = {"mentees": "-", "mentors": "--"}
KIND_COLOURS = {"wellbeing": "#009E73", "satisfaction": "#0072B2", "effectiveness": "#E69F00", "custom": "#CC79A7"}
DPI = 100
# the legend's words for a survey's kind and whose perspective (translated where drawn)
SURVEY_KINDS = {"wellbeing": N_("wellbeing"), "satisfaction": N_("satisfaction"),
                "effectiveness": N_("effectiveness"), "custom": N_("other")}
PERSPECTIVE_NAMES = {"mentees": N_("mentees"), "mentors": N_("mentors")}


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    png: bytes
    alt: str  # what the chart shows, for screen readers and for Slack's file title


def new_figure(**options: object) -> Figure:
    """A matplotlib Figure on the Agg backend. matplotlib is imported here, on the first chart, not when this
    module is: it takes most of a second, and processes that never draw (the outbox sender, the scheduler's
    ticks, most requests) should not pay for it."""
    import matplotlib

    matplotlib.use("Agg")  # not text
    from matplotlib.figure import Figure

    return Figure(**options)  # type: ignore[arg-type]


def png_bytes(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def mark_changes(axes: Axes, changes: Sequence[ProgramChange], start: datetime, end: datetime) -> int:
    """Draw each change inside [start, end) as a dashed line with its label (or number); returns how many."""
    from matplotlib.dates import date2num

    shown = [c for c in changes if start <= c.at < end]
    numbered = len(shown) > LABELLED_CHANGES
    for number, change in enumerate(shown, start=1):
        axes.axvline(date2num(change.at), color="#7F8C8D", linestyle="--", linewidth=0.9, gid=CHANGE_MARKER, zorder=1)
        label = str(number) if numbered else _clip(change.label)
        axes.annotate(label, (change.at, 1.0), xycoords=("data", "axes fraction"), xytext=(2, -3),  # not text
                      textcoords="offset points", rotation=90, va="top", ha="left", fontsize=6.5, color="#34495E",  # not text
                      gid=CHANGE_MARKER, zorder=5,
                      bbox={"facecolor": "white", "alpha": 0.75, "edgecolor": "none", "pad": 1})
    return len(shown)


def _clip(text: str) -> str:
    return text if len(text) <= LABEL_CHARACTERS else text[: LABEL_CHARACTERS - 1] + "…"


def _frame(axes: Axes, start: datetime, end: datetime, ylabel: str) -> None:
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, date2num

    axes.set_xlim(date2num(start), date2num(end))
    locator = AutoDateLocator()
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    axes.set_ylabel(ylabel, fontsize=8)
    axes.tick_params(labelsize=7)
    axes.grid(axis="y", color="#E5E8E8", linewidth=0.6)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)


def activity_figure(points: Sequence[TrendPoint], changes: Sequence[ProgramChange], start: datetime,
                    end: datetime, step: str) -> Figure:
    """Meetings and new matches per month (or week), and coverage and check-in answers as percentages."""
    figure = new_figure(figsize=(9, 5.6), dpi=DPI, layout="constrained")
    top, bottom = figure.subplots(2, 1, sharex=True)
    when = [p.bucket.start + (p.bucket.end - p.bucket.start) / 2 for p in points]  # each bucket's middle
    width = [(p.bucket.end - p.bucket.start).total_seconds() / 86400 * 0.8 for p in points]
    top.bar(when, [p.meetings for p in points], width=width, color="#AED6F1", label=_("meetings logged"))
    top.plot(when, [p.new_matches for p in points], marker="o", color="#1B2631", label=_("new matches"))
    _frame(top, start, end, _("per month") if step == "month" else _("per week"))
    top.legend(fontsize=7, loc="upper left")  # not text
    bottom.plot(when, [_percent(p.coverage) for p in points], marker="o", color="#117A65", label=_("network coverage"))
    bottom.plot(when, [_percent(p.checkin_answer_rate) for p in points], marker="s", color="#AF601A",
                label=_("check-ins answered"))
    bottom.set_ylim(0, 105)
    _frame(bottom, start, end, "%")
    bottom.legend(fontsize=7, loc="lower left")  # not text
    for axes in (top, bottom):
        mark_changes(axes, changes, start, end)
    figure.suptitle(_("Activity and reach over the period (dashed lines: program changes)"), fontsize=10)
    return figure


def _percent(value: float | None) -> float:
    return float("nan") if value is None else value * 100


def pulse_figure(points: Sequence[PulsePoint], changes: Sequence[ProgramChange], start: datetime,
                 end: datetime) -> Figure:
    """The pulse index (0-100, higher is better) per survey kind, mentees solid and mentors dashed."""
    from matplotlib.dates import date2num

    figure = new_figure(figsize=(9, 4.2), dpi=DPI, layout="constrained")
    axes = figure.subplots()
    series: dict[tuple[str, str], list[PulsePoint]] = {}
    for point in points:
        series.setdefault((point.kind, point.perspective), []).append(point)
    for (kind, perspective), members in sorted(series.items()):
        members.sort(key=lambda p: p.opens_at)
        axes.plot(date2num([p.opens_at for p in members]), [float("nan") if p.value is None else p.value for p in members],
                  marker="o", linestyle=PULSE_STYLES[perspective], color=KIND_COLOURS.get(kind, "#566573"),
                  label=_("{kind} ({perspective})").format(kind=_(SURVEY_KINDS.get(kind, kind)),
                                                           perspective=_(PERSPECTIVE_NAMES.get(perspective, perspective))))
    axes.set_ylim(0, 100)
    _frame(axes, start, end, _("pulse index (0-100)"))
    if series:
        axes.legend(fontsize=7, loc="lower left", ncols=2)  # not text
    else:
        axes.text(0.5, 0.5, _("No survey rounds in this period"), ha="center", va="center", transform=axes.transAxes,
                  fontsize=9, color="#7F8C8D")
    mark_changes(axes, changes, start, end)
    figure.suptitle(_("Pulse surveys: mentees (solid) and mentors (dashed); hidden points had too few answers"),
                    fontsize=10)
    return figure


def load_figure(load: MentorLoad) -> Figure:
    figure = new_figure(figsize=(6, 3.4), dpi=DPI, layout="constrained")
    axes = figure.subplots()
    ks = list(load.distribution)
    colours = ["#BFC9CA" if k == 0 else "#2E86C1" for k in ks]
    axes.bar([str(k) for k in ks], [load.distribution[k] for k in ks], color=colours)
    axes.set_xlabel(_("active matches per mentor"), fontsize=8)
    axes.set_ylabel(_("mentors"), fontsize=8)
    axes.tick_params(labelsize=7)
    figure.suptitle(_("Mentor load: {over} over capacity, {without} with no mentee").format(
        over=load.over_capacity.value, without=load.without_mentee.value), fontsize=10)
    return figure


def coverage_figure(by_kind: Sequence[KindCoverage]) -> Figure:
    figure = new_figure(figsize=(6, 3.4), dpi=DPI, layout="constrained")
    axes = figure.subplots()
    labels = [kind_label(k.kind) for k in by_kind]
    axes.barh(labels, [_percent(k.share) for k in by_kind], color="#117A65")
    for row, kind in enumerate(by_kind):
        axes.text(1, row, _("{covered} of {wanting}").format(covered=kind.covered, wanting=kind.wanting), va="center",
                  fontsize=7, color="white")
    axes.set_xlim(0, 100)
    axes.invert_yaxis()
    axes.set_xlabel(_("% of mentees wanting it who have a mentor of that kind"), fontsize=8)
    axes.tick_params(labelsize=7)
    figure.suptitle(_("Network coverage by kind of mentoring"), fontsize=10)
    return figure
