"""Pulse surveys at scale: opening a round for everyone, answering, and results with suppression.

For each program size: open one round of the wellbeing template (recipients + one outbox message each),
answer 200 times through the service (the per-answer path), add the rest of a 60% response directly, then
compute the results (4 questions x 3 breakdowns), the CSV and the chart. Last, the suppression function alone.
Usage: python benchmarks/bench_surveys.py [--sizes 1000,10000]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert  # noqa: E402
from sqlmodel import select  # noqa: E402

from bot.privacy import suppressed_groups  # noqa: E402
from bot.surveys.answers import submit_answers  # noqa: E402
from bot.surveys.charts import results_chart  # noqa: E402
from bot.surveys.exports import results_csv  # noqa: E402
from bot.surveys.results import survey_results  # noqa: E402
from bot.surveys.rounds import close_if_due, open_due_round  # noqa: E402
from bot.surveys.service import create_survey, definition_from  # noqa: E402
from bot.surveys.templates import template_raw  # noqa: E402
from handlers.blocks.surveys import build_survey_invitation  # noqa: E402
from storage.engine import make_engine, session_factory, transaction  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.queries.surveys import add_anonymous_response, recipients_of  # noqa: E402
from storage.tables import Person, SurveyQuestion  # noqa: E402

NOW = datetime(2026, 10, 6, 15, 0, tzinfo=UTC)  # the first Tuesday of October, 9:00 in Edmonton
PROGRAMS = ["Internal Medicine"] * 6 + ["Pediatrics"] * 3 + ["Surgery"] * 2 + ["Psychiatry"]
STAGES = ["PGY-1", "PGY-2", "PGY-3", "PGY-4", "fellow"]
ANSWERED_THROUGH_SERVICE = 200


def populate(url: str, people: int, rng: random.Random) -> None:
    engine = make_engine(url)
    upgrade(engine)
    with engine.begin() as db:
        db.execute(insert(Person), [{
            "slack_user_id": f"U{n:09d}", "display_name": f"Person {n}", "email": None,
            "timezone": rng.choice(["America/Edmonton", "America/Toronto", "America/Vancouver"]),
            "program": rng.choice(PROGRAMS), "stage": rng.choice(STAGES), "is_mentee": True, "is_mentor": n % 5 == 0,
            "is_coordinator": False, "active": True, "created_at": NOW, "updated_at": NOW} for n in range(people)])
    engine.dispose()


def timed(work):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = work()
    return result, time.perf_counter() - started


def run(people: int, seed: int) -> dict[str, float]:
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.db"
        populate(url, people, rng)
        engine = make_engine(url)
        sessions = session_factory(engine)
        with transaction(sessions) as session:
            raw = {**template_raw("wellbeing-monthly"), "schedule": {"once": "2026-10-06"}}
            definition = definition_from(session=session, raw=raw, timezone="America/Edmonton",
                                         today=NOW.date(), source="bench")
            survey_id = create_survey(session=session, definition=definition, actor="bench", now=NOW).id or 0
        with transaction(sessions) as session:
            survey_round, opening = timed(lambda: open_due_round(session=session, survey_id=survey_id, now=NOW,
                                                                 render=build_survey_invitation))
        round_id = survey_round.id or 0
        # The rest answer first, so the timed answers pay what the last answers of a busy round pay: each one
        # rewrites every has-responded flag of the round (see storage/queries/surveys.py).
        _answer_rest(sessions, survey_id, round_id, int(people * 0.6) - ANSWERED_THROUGH_SERVICE, rng)
        answer_seconds = _answer_some(sessions, round_id, rng)
        with transaction(sessions) as session:
            close_if_due(session=session, round_id=round_id, now=NOW + timedelta(days=8))
        with sessions() as session:
            results, computing = timed(lambda: survey_results(session=session, survey_id=survey_id))
        _, csv_seconds = timed(lambda: results_csv(results))
        _, chart_seconds = timed(lambda: results_chart(results))
        engine.dispose()
    return {"open": opening, "answer_ms": 1000 * answer_seconds / ANSWERED_THROUGH_SERVICE, "results": computing,
            "csv": csv_seconds, "chart": chart_seconds, "responses": int(people * 0.6)}


def _answer_some(sessions, round_id: int, rng: random.Random) -> float:  # type: ignore[no-untyped-def]
    with sessions() as session:
        asked = [r for r in recipients_of(session=session, round_id=round_id) if not r.responded]
        slack_ids = [session.get(Person, r.person_id).slack_user_id  # type: ignore[union-attr]
                     for r in asked[:ANSWERED_THROUGH_SERVICE]]
    started = time.perf_counter()
    for slack_id in slack_ids:
        submit_answers(sessions=sessions, round_id=round_id, slack_user_id=slack_id, subject=0, now=NOW,
                       answers={"burnout": [str(rng.randint(1, 7))], "depersonalization": [str(rng.randint(1, 7))],
                                "supported": [str(rng.randint(1, 5))], "support_idea": ["more time"]})
    return time.perf_counter() - started


def _answer_rest(sessions, survey_id: int, round_id: int, count: int,  # type: ignore[no-untyped-def]
                 rng: random.Random) -> None:
    with transaction(sessions) as session:
        rows = session.exec(select(SurveyQuestion).where(SurveyQuestion.survey_id == survey_id))
        ids = {q.key: q.id or 0 for q in rows}
        for recipient in recipients_of(session=session, round_id=round_id)[-count:]:
            recipient.responded = True
            session.add(recipient)
        for _ in range(count):
            add_anonymous_response(session=session, round_id=round_id, week_of=NOW.date(), role="mentee",
                                   program=rng.choice(PROGRAMS), stage=rng.choice(STAGES), subject_kind=None,
                                   answers=[(ids["burnout"], str(rng.randint(1, 7))),
                                            (ids["supported"], str(rng.randint(1, 5)))])


def suppression_rate(calls: int, seed: int) -> float:
    rng = random.Random(seed)
    breakdowns = [{f"g{n}": rng.randint(0, 40) for n in range(rng.randint(2, 12))} for _ in range(calls)]
    _, seconds = timed(lambda: [suppressed_groups(sizes, 5) for sizes in breakdowns])
    return calls / seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    figures = {}
    for people in (int(size) for size in args.sizes.split(",")):
        figures[people] = run(people, args.seed)
        f = figures[people]
        print(f"{people:>6} people: open round {f['open']:.2f} s; answer {f['answer_ms']:.1f} ms each; "
              f"results of {f['responses']:.0f} responses {f['results']:.2f} s, CSV {f['csv'] * 1000:.0f} ms, "
              f"chart {f['chart']:.2f} s")
    rate = suppression_rate(100_000, args.seed)
    print(f"suppression: {rate:,.0f} breakdowns/s (2-12 groups each)")
    largest = max(figures)
    print(f"summary: {largest} people: round opens in {figures[largest]['open']:.1f} s, an answer takes "
          f"{figures[largest]['answer_ms']:.0f} ms, results in {figures[largest]['results']:.1f} s; "
          f"suppression {rate / 1000:,.0f}k breakdowns/s")


if __name__ == "__main__":
    main()
