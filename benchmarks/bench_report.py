"""The evaluation report on a generated program: 20,000 people and a year of data (about 1.5 million rows).

A quarter of the people are mentors. Each mentee asks for 1-3 kinds of mentoring over the year, most are matched
within weeks, and matched pairs get monthly check-ins, meetings, goals with progress logs, announcements, and
pulse surveys (monthly wellbeing for everyone, quarterly mentee and mentor pulses). Prints the time of each
stage, then the peak Python memory of the whole report in a second, traced run, then a one-line summary.
Usage: python benchmarks/bench_report.py [--people 20000]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert  # noqa: E402

from bot.report.export import report_csv, report_json  # noqa: E402
from bot.report.period import Period  # noqa: E402
from bot.report.render_html import render_html  # noqa: E402
from bot.report.service import build_report, report_charts  # noqa: E402
from storage.engine import make_engine, session_factory  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.tables import (  # noqa: E402
    Alert, AnonymousAnswer, AnonymousResponse, AuditEvent, CheckIn, Goal, GoalUpdate, IdentityProfile, Match,
    MatchRequest, Meeting, MenteeProfile, MentorProfile, OutboxMessage, Person, ProgramSetting, Survey,
    SurveyQuestion, SurveyRecipient, SurveyRound,
)

YEAR_START = datetime(2025, 9, 1, 6, tzinfo=UTC)  # midnight in Edmonton
NOW = datetime(2026, 9, 1, 12, tzinfo=UTC)
PERIOD = Period(date(2025, 9, 1), date(2026, 8, 31), "America/Edmonton")
KINDS = ["career", "research", "clinical", "wellness", "sponsorship", "identity"]
PROGRAMS = ["Internal Medicine", "Surgery", "Psychiatry", "Pediatrics", "Family Medicine", "Anesthesia", "Radiology",
            "Emergency Medicine"]
STATUSES = ["not_started", "on_track", "at_risk", "done", "dropped"]
Rows = dict[type, list[dict[str, Any]]]


def day(n: float) -> datetime:
    return YEAR_START + timedelta(days=n)


def people_rows(rng: random.Random, people: int, rows: Rows) -> tuple[list[int], list[int]]:
    mentors = list(range(1, people // 4 + 1))
    mentees = list(range(people // 4 + 1, people + 1))
    for n in range(1, people + 1):
        mentor = n <= len(mentors)
        left = rng.random() < 0.03
        rows[Person].append({"slack_user_id": f"U{n:09d}", "display_name": f"Person {n}", "timezone": "America/Edmonton",
                             "program": rng.choice(PROGRAMS), "stage": "associate_professor" if mentor else
                             f"PGY-{rng.randint(1, 5)}", "is_mentee": not mentor, "is_mentor": mentor,
                             "is_coordinator": False, "active": not left, "created_at": day(-30),
                             "updated_at": day(-30), "left_at": day(rng.uniform(30, 360)) if left else None})
    for n in mentors:
        rows[MentorProfile].append({"person_id": n, "kinds_offered": rng.sample(KINDS, 3), "expertise": [],
                                    "capacity_total": rng.randint(2, 5), "capacity_per_kind": {}, "updated_at": day(-30)})
    for n in mentees:
        rows[MenteeProfile].append({"person_id": n, "interests": [], "interests_note": "", "meeting_mode": "either",
                                    "kinds_wanted": rng.sample(KINDS, rng.randint(1, 3)), "cadence_days": 30,
                                    "concordance": [], "updated_at": day(-30)})
        if rng.random() < 0.6:
            rows[IdentityProfile].append({"person_id": n, "answers": {"gender": rng.choice(["woman", "man", "non_binary"])},
                                          "updated_at": day(-30)})
    return mentors, mentees


def matching_rows(rng: random.Random, mentors: list[int], rows: Rows) -> list[dict[str, Any]]:
    matches = []
    for profile in rows[MenteeProfile]:
        for kind in profile["kinds_wanted"]:
            asked = rng.uniform(0, 300)
            matched = rng.random() < 0.85
            closed = asked + rng.uniform(1, 40) if matched else None
            rows[MatchRequest].append({"mentee_id": profile["person_id"], "kind": kind,
                                       "status": "matched" if matched else "open", "created_at": day(asked),
                                       "closed_at": day(closed) if closed else None})
            if closed is not None:
                ended = closed + rng.uniform(20, 200) if rng.random() < 0.1 else None
                matches.append({"id": len(matches) + 1, "mentee_id": profile["person_id"], "mentor_id": rng.choice(mentors),
                                "kind": kind, "status": "ended" if ended else "active", "cadence_days": 30,
                                "reasons": [], "started_at": day(closed), "ended_at": day(ended) if ended else None,
                                "end_reason": rng.choice(["no_fault", "no_fault", "left_program", "coordinator"])
                                if ended else None})
    rows[Match] = matches
    return matches


def care_rows(rng: random.Random, matches: list[dict[str, Any]], rows: Rows) -> None:
    end = day(365)
    for match in matches:
        last = min(match["ended_at"] or end, end)
        cycle, due = 1, match["started_at"] + timedelta(days=30)
        while due < last:
            for role in ("mentee", "mentor"):
                answered = rng.random() < 0.6
                rows[CheckIn].append({"match_id": match["id"], "role": role, "cycle": cycle, "due_at": due,
                                      "status": "answered" if answered else "sent", "sent_at": due,
                                      "answered_at": due + timedelta(days=1) if answered else None,
                                      "reminded_at": None if answered else due + timedelta(days=3), "program_note": ""})
            if rng.random() < 0.7:
                rows[Meeting].append({"match_id": match["id"], "met_on": (due - timedelta(days=rng.randint(0, 20))).date(),
                                      "minutes": rng.choice([None, 30, 45, 60]), "logged_by": "U", "note": "",
                                      "created_at": due})
            cycle, due = cycle + 1, due + timedelta(days=30)
        if rng.random() < 0.08:
            rows[Alert].append({"kind": "quiet_pair", "subject_id": match["id"], "match_id": match["id"],
                                "raised_on": last.date(), "detail": "", "nudged_at": last})


def goal_rows(rng: random.Random, mentees: list[int], rows: Rows) -> None:
    for mentee in mentees:
        for _ in range(rng.randint(0, 2)):
            created = rng.uniform(0, 330)
            goal_id = len(rows[Goal]) + 1
            log = [(created, "not_started")] + [(created + rng.uniform(10, 30) * k, rng.choice(STATUSES[1:]))
                                                 for k in range(1, rng.randint(1, 3))]
            rows[Goal].append({"id": goal_id, "mentee_id": mentee, "title": "A goal", "why": "", "measure": "",
                               "category": rng.choice(["scholarship", "wellbeing", "career transition", ""]),
                               "visible_to": None, "status": log[-1][1], "created_at": day(created),
                               "updated_at": day(log[-1][0]), "target_date": day(created + 120).date()})
            rows[GoalUpdate] += [{"goal_id": goal_id, "at": day(at), "status": status, "note": "", "by": "U"}
                                 for at, status in log]


def survey_rows(rng: random.Random, people: int, mentors: list[int], rows: Rows) -> None:
    agree = [{"value": str(n), "label": label} for n, label in enumerate(["Strongly disagree", "Disagree", "Neutral",
                                                                           "Agree", "Strongly agree"], start=1)]
    mbi = [{"value": str(n), "label": label} for n, label in enumerate(["Never", "Yearly", "Monthly", "Few a month",
                                                                        "Weekly", "Few a week", "Every day"], start=1)]
    carry_on = [{"value": v, "label": v} for v in ("yes", "yes-with-fewer-mentees", "not-sure", "no")]
    surveys = [("wellbeing", "wellbeing", range(1, people + 1), 30, [("burnout", "likert", mbi),
                                                                      ("supported", "likert", agree)]),
               ("mentee-pulse", "satisfaction", range(len(mentors) + 1, people + 1), 91,
                [("satisfaction", "likert", agree), ("progress", "likert", agree)]),
               ("mentor-pulse", "satisfaction", mentors, 91, [("value", "likert", agree), ("continue", "single", carry_on)])]
    for survey_id, (key, kind, audience, every, questions) in enumerate(surveys, start=1):
        rows[Survey].append({"id": survey_id, "key": key, "title": key, "kind": kind, "anonymous": True, "intro": "",
                             "audience": {}, "schedule": {}, "status": "active", "source": "", "created_by": "U",
                             "created_at": day(0), "updated_at": day(0)})
        question_ids = []
        for position, (qkey, qkind, options) in enumerate(questions, start=1):
            question_ids.append((len(rows[SurveyQuestion]) + 1, qkind, options))
            rows[SurveyQuestion].append({"id": question_ids[-1][0], "survey_id": survey_id, "position": position,
                                         "key": qkey, "kind": qkind, "text": qkey, "required": True, "options": options})
        for number, opens in enumerate(range(5, 365, every), start=1):
            _round(rng, rows, survey_id, number, day(opens), list(audience), question_ids)


def _round(rng: random.Random, rows: Rows, survey_id: int, number: int, opens: datetime, audience: list[int],
           questions: list[tuple[int, str, list[dict[str, str]]]]) -> None:
    round_id = len(rows[SurveyRound]) + 1
    rows[SurveyRound].append({"id": round_id, "survey_id": survey_id, "number": number, "opens_at": opens,
                              "closes_at": opens + timedelta(days=7), "remind_at": opens + timedelta(days=3),
                              "status": "closed"})
    drift = rng.uniform(-0.5, 0.5)
    for person in audience:
        responded = rng.random() < 0.4
        rows[SurveyRecipient].append({"round_id": round_id, "person_id": person, "subject": 0, "responded": responded,
                                      "reminded": not responded})
        if responded:
            response_id = f"{round_id}-{person}"
            rows[AnonymousResponse].append({"id": response_id, "round_id": round_id, "week_of": opens.date(),
                                            "role": "mentee", "program": rng.choice(PROGRAMS), "stage": "PGY-2"})
            for question_id, qkind, options in questions:
                value = rng.choice(options)["value"] if qkind == "single" else str(
                    max(1, min(len(options), round(rng.gauss(len(options) / 2 + 0.5 + drift, 1)))))
                rows[AnonymousAnswer].append({"id": f"{response_id}-{question_id}", "response_id": response_id,
                                              "question_id": question_id, "value": value})


def outreach_rows(people: int, rows: Rows) -> None:
    for number, sent in enumerate((day(20), day(120), day(220), day(320)), start=1):
        rows[OutboxMessage] += [{"key": f"broadcast:{number}:U{n:09d}", "purpose": "broadcast", "recipient": f"U{n:09d}",
                                 "payload": {}, "status": "sent", "not_before": sent, "attempts": 1, "created_at": sent,
                                 "sent_at": sent} for n in range(1, people + 1)]
    for key, value, at in (("cadence_days", 21, 60), ("quiet_after_cadences", 3, 150), ("consent_timeout_hours", 48, 240)):
        rows[ProgramSetting].append({"key": key, "value": value, "changed_at": day(at), "changed_by": "U"})
    rows[AuditEvent] += [{"at": day(2), "actor_slack_id": "U", "action": "survey.create", "target": f"survey:{n}",
                          "outcome": "ok", "detail": {}} for n in (1, 2, 3)]


def populate(url: str, people: int, seed: int = 11) -> int:
    rng = random.Random(seed)
    rows: Rows = {table: [] for table in (Person, MentorProfile, MenteeProfile, IdentityProfile, MatchRequest, Match,
                                          CheckIn, Meeting, Alert, Goal, GoalUpdate, Survey, SurveyQuestion, SurveyRound,
                                          SurveyRecipient, AnonymousResponse, AnonymousAnswer, OutboxMessage,
                                          ProgramSetting, AuditEvent)}
    mentors, mentees = people_rows(rng, people, rows)
    care_rows(rng, matching_rows(rng, mentors, rows), rows)
    goal_rows(rng, mentees, rows)
    survey_rows(rng, people, mentors, rows)
    outreach_rows(people, rows)
    rows[Meeting] = list({(m["match_id"], m["met_on"]): m for m in rows[Meeting]}.values())  # one per pair and day
    engine = make_engine(url)
    upgrade(engine)
    with engine.begin() as db:
        for table, batch in rows.items():
            for chunk in range(0, len(batch), 50_000):
                db.execute(insert(table), batch[chunk:chunk + 50_000])
    engine.dispose()
    return sum(len(batch) for batch in rows.values())


def timed(label: str, step: Callable[[], Any], times: dict[str, float]) -> Any:
    started = time.perf_counter()
    result = step()
    times[label] = time.perf_counter() - started
    return result


def generate(url: str, times: dict[str, float]) -> int:
    """The whole report, as `mentorbot report` and `/mentor report` make it: indicators, charts, HTML, CSV, JSON."""
    engine = make_engine(url)
    with session_factory(engine)() as session:
        report = timed("indicators", lambda: build_report(session=session, period=PERIOD, now=NOW), times)
    charts = timed("charts + network", lambda: report_charts(report, identified=True), times)
    html = timed("html", lambda: render_html(report, charts, identified=True), times)
    timed("csv + json", lambda: (report_csv(report), report_json(report, identified=True)), times)
    engine.dispose()
    return len(html)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=20_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.db"
        started = time.perf_counter()
        count = populate(url, args.people)
        print(f"generated {args.people:,} people, a year of data: {count:,} rows in {time.perf_counter() - started:.0f} s")
        times: dict[str, float] = {}
        size = generate(url, times)
        total = sum(times.values())
        print("  " + ", ".join(f"{label} {seconds:.2f} s" for label, seconds in times.items())
              + f"; HTML {size / 1e6:.1f} MB")
        tracemalloc.start()
        generate(url, {})
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        print(f"  peak Python memory while generating (traced run): {peak:.0f} MB")
    print(f"bench_report: {args.people:,} people, {count:,} rows, a year: report in {total:.1f} s "
          f"(indicators {times['indicators']:.1f} s, charts {times['charts + network']:.1f} s), "
          f"peak {peak:.0f} MB (SQLite)")


if __name__ == "__main__":
    main()
