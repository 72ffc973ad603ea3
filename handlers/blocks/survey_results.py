"""The results message: response rate, each question's spread and mean, breakdowns, free text, and the trend.

Hidden figures say why they are hidden; nothing here is computed, only shown (bot/surveys/results.py decides).
"""

from __future__ import annotations

from typing import Any

from bot.surveys.results import DIMENSIONS, GroupResult, QuestionResult, RoundResults
from handlers.blocks.common import SECTION_TEXT_LIMIT, Block, clip, context, escape_mrkdwn, header, message, section

BAR_WIDTH = 20
TEXTS_SHOWN = 15


def build_results_message(results: RoundResults) -> dict[str, Any]:
    period = f"{results.opens_at:%b %-d}–{results.closes_at:%b %-d, %Y}"
    summary = (f"Round {results.round_number} ({results.status}, {period}): *{results.responded} of {results.asked} "
               f"responded ({results.rate:.0%})*.")
    blocks: list[Block] = [header(f"Results: {results.title}"), section(summary), context(
        f"{'Anonymous' if results.anonymous else 'Named'} survey. Groups smaller than {results.minimum_group} are "
        "hidden, and where one group is hidden another is too, so hidden answers can't be worked out from the total. "
        "Free text is listed on its own, in alphabetical order.")]
    if results.withheld:
        blocks.append(section(f"_{results.withheld}_"))
    if results.not_broken_down:
        names = ", ".join(DIMENSIONS[d].lower() for d in results.not_broken_down)
        blocks.append(context(not_broken_down_text(names, results)))
    blocks += [section(question_text(question, results.minimum_group)) for question in results.questions[:40]]
    trend = trend_text(results)
    if trend:
        blocks.append(section(trend))
    blocks.append(context("The chart and a CSV of every figure follow."))
    return message(f"Results of {escape_mrkdwn(results.title)}, round {results.round_number}", blocks)


def question_text(question: QuestionResult, minimum: int) -> str:
    lines = [f"*{escape_mrkdwn(question.text)}*"]
    if question.hidden:
        return "\n".join(lines + [f"_Hidden: {question.hidden}._"])
    lines.append(f"{question.answered} answers" + (f", mean *{question.mean:.2f}*" if question.mean is not None else "")
                 + (f" ({_change(question.change)} since the last round)" if question.change is not None else ""))
    for option in question.distribution:
        share = option.count / question.answered if question.answered else 0
        lines.append(f"`{'█' * round(share * BAR_WIDTH):<{BAR_WIDTH}}` {escape_mrkdwn(option.label)}: {option.count} ({share:.0%})")
    under_minimum = dict(question.under_minimum)
    for dimension in DIMENSIONS:
        cells = [g for g in question.groups if g.dimension == dimension]
        if cells:
            lines.append(breakdown_text(dimension, cells, under_minimum.get(dimension, 0), minimum))
    lines += [f"• {escape_mrkdwn(clip(text, 300))}" for text in question.texts[:TEXTS_SHOWN]]
    if len(question.texts) > TEXTS_SHOWN:
        lines.append(f"…and {len(question.texts) - TEXTS_SHOWN} more in the CSV.")
    return clip("\n".join(lines), SECTION_TEXT_LIMIT)


def not_broken_down_text(names: str, results: RoundResults) -> str:
    """Why no answer carries these attributes; true whether they were never stated or blanked at the close."""
    if not results.anonymous:
        return f"Not broken down by {names}: nobody who answered has it stated."
    return (f"Not broken down by {names}: no answer kept it when the round closed, because it was not stated or "
            f"because keeping it, on its own or together with the other attributes, would have left fewer than "
            f"{results.minimum_group} respondents alike (stored answers are generalised so nobody can be picked out).")


def breakdown_text(dimension: str, cells: list[GroupResult], under_minimum: int, minimum: int) -> str:
    """The visible groups with their means, then the hidden ones with a reason that is true of them together
    (which hidden group is the small one is not said)."""
    shown = [f"{escape_mrkdwn(g.group)} {g.mean:.2f} (n={g.answered})" for g in cells if g.answered is not None]
    hidden = [escape_mrkdwn(g.group) for g in cells if g.answered is None]
    text = f"By {DIMENSIONS[dimension].lower()}: " + " · ".join(shown)
    if not hidden:
        return text
    names = ", ".join(hidden[:-1]) + f" and {hidden[-1]}"
    complements = len(hidden) - under_minimum
    why = (f"fewer than {minimum} answered in {'one' if under_minimum == 1 else under_minimum} of them" if complements else
           f"fewer than {minimum} answered in each")
    if complements:
        why += (", and the other is hidden too so it can't be worked out from the total" if complements == 1 else
                f", and {complements} others are hidden too so they can't be worked out from the total")
    return text + (" · " if shown else "") + f"{len(hidden)} groups hidden ({names}): {why}."


def _change(change: float) -> str:
    return "no change" if change == 0 else f"{'▲' if change > 0 else '▼'} {abs(change):.2f}"


def trend_text(results: RoundResults) -> str:
    if len(results.trend) < 2:
        return ""
    texts = {q.key: q.text for q in results.questions}
    lines = ["*Trend across rounds* (mean; – where hidden)"]
    for key in results.trend[-1].means:
        means = " → ".join(f"{p.means[key]:.2f}" if p.means.get(key) is not None else "–" for p in results.trend)
        lines.append(f"{clip(texts.get(key, key), 60)}: {means}")
    rates = " → ".join(f"{p.responded}/{p.asked}" for p in results.trend)
    return clip("\n".join(lines + [f"Responses: {rates}"]), SECTION_TEXT_LIMIT)
