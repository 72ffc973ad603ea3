"""The results chart: how answers spread over each scale question, and the trend of means across rounds.

Drawn with matplotlib's Agg canvas on a Figure object (no pyplot state), so charts are safe to draw from the
app's worker threads. Only figures that passed suppression are drawn.
"""

from __future__ import annotations

import io
import textwrap
from typing import TYPE_CHECKING

from bot.i18n import _
from bot.surveys.results import QuestionResult, RoundResults

if TYPE_CHECKING:  # matplotlib is imported on the first chart: most processes never draw one
    from matplotlib.axes import Axes

LABEL_WIDTH = 38


def results_chart(results: RoundResults) -> bytes | None:
    """A PNG, or None when nothing may be shown."""
    shown = [q for q in results.questions if q.hidden is None and q.mean is not None]
    trend = [p for p in results.trend if any(mean is not None for mean in p.means.values())]
    if not shown and len(trend) < 2:
        return None
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    panels = [kind for kind, wanted in (("spread", bool(shown)), ("trend", len(trend) >= 2)) if wanted]
    figure = Figure(figsize=(11, 1.5 + 0.5 * max(len(shown), 4)), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.subplots(1, len(panels), squeeze=False)[0]
    for ax, panel in zip(axes, panels):
        if panel == "spread":
            _draw_spread(ax, shown)
        else:
            _draw_trend(ax, results, trend)
    figure.suptitle(_("{title}: round {number} ({responded} of {asked} responded)").format(
        title=results.title, number=results.round_number, responded=results.responded, asked=results.asked),
        fontsize=11)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _draw_spread(ax: Axes, questions: list[QuestionResult]) -> None:
    """One horizontal bar per question, split into the share of each answer, lowest answer on the left.

    A single-hue scale (darker = higher answer) says nothing about good or bad: a high burnout score is not green.
    """
    from matplotlib import colormaps

    blues = colormaps["Blues"]
    for row, question in enumerate(reversed(questions)):
        steps = max(len(question.distribution) - 1, 1)
        left = 0.0
        for position, option in enumerate(question.distribution):
            share = 100 * option.count / question.answered
            ax.barh(row, share, left=left, color=blues(0.2 + 0.75 * position / steps), edgecolor="white")
            left += share
    ax.set_yticks(range(len(questions)),
                  [textwrap.shorten(q.text, LABEL_WIDTH, placeholder="…") for q in reversed(questions)], fontsize=8)
    ax.set_xlim(0, 100)
    ax.set_xlabel(_("% of answers (lowest answer on the left, darker = higher)"))
    ax.set_title(_("How answers spread"), fontsize=10)


def _draw_trend(ax: Axes, results: RoundResults, trend: list) -> None:
    texts = {q.key: q.text for q in results.questions}
    for key in trend[-1].means:
        points = [(p.number, p.means[key]) for p in trend if p.means.get(key) is not None]
        if points:
            ax.plot([n for n, _unused in points], [m for _unused2, m in points], marker="o",
                    label=textwrap.shorten(texts.get(key, key), 30, placeholder="…"))
    ax.set_xticks([p.number for p in trend])
    ax.set_xlabel(_("round"))
    ax.set_ylabel(_("mean"))
    ax.set_title(_("Means across rounds"), fontsize=10)
    ax.legend(fontsize=7, loc="best")  # not text
