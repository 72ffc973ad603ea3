"""Survey results as CSV (one long table, a row per figure) and JSON: the same suppressed figures as in Slack."""

from __future__ import annotations

import io
import json
from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from defusedcsv import csv  # a cell starting with = + - @ | % is written with a leading ' so a spreadsheet never runs it

from bot.i18n import _
from bot.surveys.results import RoundResults

CSV_COLUMNS = ("round", "section", "question", "text", "dimension", "group", "option", "label", "count", "percent",
               "mean", "change", "note")
HIDDEN = "hidden"


def result_rows(results: RoundResults) -> list[dict[str, Any]]:
    """Every figure as one row: response counts, then per question, then the trend across rounds."""
    base = {"round": results.round_number}
    rows = [{**base, "section": "responses", "option": "asked", "count": results.asked},
            {**base, "section": "responses", "option": "responded", "count": results.responded,
             "percent": round(100 * results.rate, 1)}]
    if results.withheld:
        rows.append({**base, "section": "withheld", "note": results.withheld})
    rows += [{**base, "section": "breakdown", "dimension": dimension,
              "note": _("{hidden}: not stated, or not kept at the close to keep respondents unidentifiable").format(
                  hidden=HIDDEN)}
             for dimension in results.not_broken_down]
    for question in results.questions:
        rows += _question_rows(base, question)
    for point in results.trend:
        rows += [{"round": point.number, "section": "trend", "question": key, "mean": mean,
                  "note": "" if mean is not None else HIDDEN} for key, mean in point.means.items()]
    return rows


def _question_rows(base: dict[str, Any], question: Any) -> list[dict[str, Any]]:
    common = {**base, "question": question.key, "text": question.text}
    if question.hidden:
        return [{**common, "section": "question", "count": question.answered, "note": f"{HIDDEN}: {question.hidden}"}]
    rows = [{**common, "section": "question", "count": question.answered, "mean": question.mean,
             "change": question.change}]
    rows += [{**common, "section": "distribution", "option": o.value, "label": o.label, "count": o.count,
              "percent": round(100 * o.count / question.answered, 1)} for o in question.distribution]
    rows += [{**common, "section": "breakdown", "dimension": g.dimension, "group": g.group, "count": g.answered,
              "mean": g.mean, "note": "" if g.answered is not None else _("{hidden}: protects a small group").format(
                  hidden=HIDDEN)}
             for g in question.groups]
    rows += [{**common, "section": "free text", "label": text} for text in question.texts]  # not text: a key
    return rows


def results_csv(results: RoundResults) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in result_rows(results):
        writer.writerow({column: "" if row.get(column) is None else row.get(column) for column in CSV_COLUMNS})
    return out.getvalue()


def results_json(results: RoundResults) -> str:
    data = {**asdict(results), "rate": round(results.rate, 3)}
    return json.dumps(data, indent=2, ensure_ascii=False, default=_jsonable)


def _jsonable(value: Any) -> str:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")  # not text: a bug
