"""The results message: response rate, each question's spread and mean, breakdowns, free text, and the trend.

Hidden figures say why they are hidden; nothing here is computed, only shown (bot/surveys/results.py decides).
"""

from __future__ import annotations

from typing import Any

from bot.i18n import _, format_count, format_list, format_number, format_percent, format_period, ngettext, pgettext
from bot.surveys.results import DIMENSIONS, GroupResult, QuestionResult, RoundResults
from handlers.blocks.common import SECTION_TEXT_LIMIT, Block, clip, context, escape_mrkdwn, header, message, section
from storage.tables import SurveyRoundStatus

BAR_WIDTH = 20
TEXTS_SHOWN = 15


def build_results_message(results: RoundResults) -> dict[str, Any]:
    """The coordinator's results, in their language; the survey's own words (title, questions, answers) as written."""
    blocks: list[Block] = [header(_("Results: {title}").format(title=results.title)), section(summary_text(results)),
                           context(_privacy_note(results))]
    if results.withheld:
        blocks.append(section(f"_{results.withheld}_"))
    if results.not_broken_down:
        names = format_list(str(DIMENSIONS[d]).lower() for d in results.not_broken_down)
        blocks.append(context(not_broken_down_text(names, results)))
    blocks += [section(question_text(question, results.minimum_group)) for question in results.questions[:40]]
    trend = trend_text(results)
    if trend:
        blocks.append(section(trend))
    blocks.append(context(_("The chart and a CSV of every figure follow.")))
    return message(_("Results of {title}, round {number}").format(title=escape_mrkdwn(results.title),
                                                                   number=results.round_number), blocks)


def summary_text(results: RoundResults) -> str:
    period = format_period(results.opens_at, results.closes_at)
    status = round_status(results.status)
    return ngettext("Round {number} ({status}, {period}): *{responded} of {asked} responded ({rate})*.",
                    "Round {number} ({status}, {period}): *{responded} of {asked} responded ({rate})*.",
                    results.responded).format(
        number=results.round_number, status=status, period=period, responded=format_number(results.responded),
        asked=format_number(results.asked), rate=format_percent(results.rate))


def round_status(status: str) -> str:
    """A round's status; French agrees it with « vague » (a survey's own status is masculine)."""
    words: dict[str, str] = {SurveyRoundStatus.OPEN: pgettext("survey round", "open"),
                             SurveyRoundStatus.CLOSED: pgettext("survey round", "closed")}
    return words.get(status, status)


def _privacy_note(results: RoundResults) -> str:
    survey = _("Anonymous survey.") if results.anonymous else _("Named survey.")
    return survey + " " + _("Groups smaller than {n} are hidden, and where one group is hidden another is too, so "
                            "hidden answers can't be worked out from the total. Free text is listed on its own, in "
                            "alphabetical order.").format(n=results.minimum_group)


def _mean(value: float) -> str:
    return format_number(value, "0.00")


def question_text(question: QuestionResult, minimum: int) -> str:
    lines = [f"*{escape_mrkdwn(question.text)}*"]
    if question.hidden:
        return "\n".join(lines + ["_" + _("Hidden: {why}.").format(why=question.hidden) + "_"])
    lines.append(_answered_line(question))
    for option in question.distribution:
        share = option.count / question.answered if question.answered else 0
        bar = f"`{'█' * round(share * BAR_WIDTH):<{BAR_WIDTH}}`"
        lines.append(_("{bar} {option}: {count} ({share})").format(
            bar=bar, option=escape_mrkdwn(option.label), count=format_number(option.count),
            share=format_percent(share)))
    under_minimum = dict(question.under_minimum)
    for dimension in DIMENSIONS:
        cells = [g for g in question.groups if g.dimension == dimension]
        if cells:
            lines.append(breakdown_text(dimension, cells, under_minimum.get(dimension, 0), minimum))
    lines += [f"• {escape_mrkdwn(clip(text, 300))}" for text in question.texts[:TEXTS_SHOWN]]
    if len(question.texts) > TEXTS_SHOWN:
        lines.append(_("…and {n} more in the CSV.").format(n=format_number(len(question.texts) - TEXTS_SHOWN)))
    return clip("\n".join(lines), SECTION_TEXT_LIMIT)


def _answered_line(question: QuestionResult) -> str:
    line = format_count("{n} answer", "{n} answers", question.answered)
    if question.mean is not None:
        line += _(", mean *{mean}*").format(mean=_mean(question.mean))
    if question.change is not None:
        line += " " + _("({change} since the last round)").format(change=_change(question.change))
    return line


def not_broken_down_text(names: str, results: RoundResults) -> str:
    """Why no answer carries these attributes; true whether they were never stated or blanked at the close."""
    if not results.anonymous:
        return _("Not broken down by {names}: nobody who answered has it stated.").format(names=names)
    return _("Not broken down by {names}: no answer kept it when the round closed, because it was not stated or "
             "because keeping it, on its own or together with the other attributes, would have left fewer than {n} "
             "respondents alike (stored answers are generalised so nobody can be picked out).").format(
        names=names, n=results.minimum_group)


def breakdown_text(dimension: str, cells: list[GroupResult], under_minimum: int, minimum: int) -> str:
    """The visible groups with their means, then the hidden ones with a reason that is true of them together
    (which hidden group is the small one is not said)."""
    shown = [f"{escape_mrkdwn(g.group)} {_mean(g.mean or 0)} (n={g.answered})" for g in cells if g.answered is not None]
    hidden = [escape_mrkdwn(g.group) for g in cells if g.answered is None]
    text = _("By {dimension}: ").format(dimension=str(DIMENSIONS[dimension]).lower()) + " · ".join(shown)
    if not hidden:
        return text
    hidden_groups = ngettext("{n} group hidden ({names}): {why}.", "{n} groups hidden ({names}): {why}.", len(hidden))
    return text + (" · " if shown else "") + hidden_groups.format(
        n=format_number(len(hidden)), names=format_list(hidden), why=_why_hidden(len(hidden), under_minimum, minimum))


def _why_hidden(hidden: int, under_minimum: int, minimum: int) -> str:
    """True of the hidden groups together: how many are small, and that the rest are hidden to protect them."""
    complements = hidden - under_minimum
    if not complements:
        return _("fewer than {minimum} answered in each").format(minimum=minimum)
    if under_minimum == 1:
        why = _("fewer than {minimum} answered in one of them").format(minimum=minimum)
    else:
        why = _("fewer than {minimum} answered in {n} of them").format(minimum=minimum, n=under_minimum)
    if complements == 1:
        return why + _(", and the other is hidden too so it can't be worked out from the total")
    return why + _(", and {n} others are hidden too so they can't be worked out from the total").format(n=complements)


def _change(change: float) -> str:
    return _("no change") if change == 0 else f"{'▲' if change > 0 else '▼'} {_mean(abs(change))}"


def trend_text(results: RoundResults) -> str:
    if len(results.trend) < 2:
        return ""
    texts = {q.key: q.text for q in results.questions}
    lines = [_("*Trend across rounds* (mean; – where hidden)")]
    for key in results.trend[-1].means:
        means = " → ".join(_mean(mean) if (mean := p.means.get(key)) is not None else "–" for p in results.trend)
        lines.append(_("{question}: {means}").format(question=clip(texts.get(key, key), 60), means=means))
    rates = " → ".join(f"{p.responded}/{p.asked}" for p in results.trend)
    return clip("\n".join(lines + [_("Responses: {rates}").format(rates=rates)]), SECTION_TEXT_LIMIT)
