"""The individual development plan through Slack: a yearly self-assessment on the program's competencies, up to
three development goals, shared with the mentors the mentee chooses; reviewed at the transition date; coordinators
see only counts."""

import json
from datetime import UTC, datetime, timedelta

import pytest

from bot.jobs import run_due
from storage.tables import DevelopmentPlan, Goal
from tests.agreement_pairs import MATCHED_AT, MENTEE, MENTOR, make_pair, rows
from tests.conftest import COORDINATOR, Harness

CANMEDS = ("Medical Expert", "Communicator", "Collaborator", "Leader", "Health Advocate", "Scholar", "Professional")


@pytest.fixture
def pair(harness: Harness) -> Harness:
    make_pair(harness)
    return harness


def add_goal(harness: Harness, title: str) -> None:
    slack = harness.slack
    slack.slash_command(MENTEE, "/mentor", "goals")
    slack.wait_for(lambda: slack.open_modal(MENTEE))
    slack.click(MENTEE, "goals_add")
    slack.wait_for(lambda: slack.open_modal(MENTEE)["callback_id"] == "goal_form")
    slack.submit_view(MENTEE, {"title": title, "status": "on_track"})
    slack.wait_for(lambda: title in json.dumps(slack.open_modal(MENTEE)))
    slack.close_view(MENTEE)


def ratings(now: int = 2, want: int = 4) -> dict[str, str]:
    values = {}
    for index in range(len(CANMEDS)):
        values[f"idp_now_{index}"], values[f"idp_want_{index}"] = str(now), str(want)
    return values


def open_plan(harness: Harness) -> dict:
    harness.slack.slash_command(MENTEE, "/mentor", "idp")
    return harness.slack.wait_for(lambda: harness.slack.open_modal(MENTEE))


def test_a_mentee_rates_the_canmeds_roles_links_goals_and_shares_with_a_mentor(pair: Harness) -> None:
    add_goal(pair, "Present at grand rounds")
    modal = open_plan(pair)
    labels = [b["label"]["text"] for b in modal["blocks"] if b.get("type") == "input"]
    assert [label.removesuffix(": where I am") for label in labels[::2][:7]] == list(CANMEDS)
    [goal] = rows(pair, Goal)
    assert rows(pair, DevelopmentPlan) == []
    [mentor_option] = next(b for b in modal["blocks"] if b.get("block_id") == "idp_shared")["element"]["options"]
    assert mentor_option["text"]["text"] == "Dr. Morgan Lee"
    pair.slack.submit_view(MENTEE, {**ratings(), "idp_goals": [str(goal.id)], "idp_shared": [mentor_option["value"]]})
    [plan] = pair.slack.wait_for(lambda: rows(pair, DevelopmentPlan))
    assert plan.year == 2025 and plan.goal_ids == [goal.id] and len(plan.shared_with) == 1  # before 1 July 2026
    assert plan.ratings["Scholar"] == {"now": 2, "want": 4}
    pair.slack.open_home(MENTOR)
    home = pair.slack.wait_for(lambda: json.dumps(pair.slack.home_view(MENTOR) or {}, ensure_ascii=False) if "Development plans shared"
                               in json.dumps(pair.slack.home_view(MENTOR) or {}, ensure_ascii=False) else None)
    assert "Riley Resident (2025)" in home and "Medical Expert 2→4" in home and "1 development goal" in home
    pair.slack.open_home(COORDINATOR)
    coordinator = pair.slack.wait_for(lambda: json.dumps(pair.slack.home_view(COORDINATOR) or {}) if
                                      "Development plans this year" in json.dumps(pair.slack.home_view(COORDINATOR) or {})
                                      else None)
    assert "Development plans this year: *1*" in coordinator and "Medical Expert" not in coordinator
    from bot.report.period import parse_period
    from bot.report.service import build_report

    with pair.deps.sessions() as session:
        period = parse_period("2026-03-01", "2026-03-31", today=MATCHED_AT.date(), transition="07-01",
                              timezone="America/Edmonton")
        report = build_report(session=session, period=period, now=MATCHED_AT + timedelta(hours=1))
    assert report.agreements.mentees_with_plan.value == 1.0  # one mentee, with a plan


def test_more_than_three_goals_is_refused_on_the_field_and_nothing_is_saved(pair: Harness) -> None:
    for title in ("One", "Two", "Three", "Four"):
        add_goal(pair, title)
    open_plan(pair)
    ids = [str(g.id) for g in rows(pair, Goal)]
    result = pair.slack.submit_view(MENTEE, {**ratings(), "idp_goals": ids})
    assert "up to 3 development goals" in json.dumps(result.json)
    assert rows(pair, DevelopmentPlan) == []


def test_not_shared_means_the_mentor_sees_nothing(pair: Harness) -> None:
    open_plan(pair)
    pair.slack.submit_view(MENTEE, ratings(3, 5))
    pair.slack.wait_for(lambda: rows(pair, DevelopmentPlan))
    pair.slack.open_home(MENTOR)
    pair.slack.wait_for(lambda: pair.slack.home_view(MENTOR))
    assert "Development plans shared" not in json.dumps(pair.slack.home_view(MENTOR))


def test_the_competencies_are_the_programs_to_edit(pair: Harness) -> None:
    pair.slack.slash_command(COORDINATOR, "/mentor", "settings idp_competencies Medical Expert, Scholar, Wellness")
    modal = open_plan(pair)
    labels = [b["label"]["text"] for b in modal["blocks"] if b.get("type") == "input"]
    assert labels[:6:2] == ["Medical Expert: where I am", "Scholar: where I am", "Wellness: where I am"]


def test_the_transition_prompt_asks_for_a_review_of_the_plan(pair: Harness) -> None:
    transition = datetime(2026, 7, 1, 16, 0, tzinfo=UTC)  # 1 July, 10:00 in Edmonton
    pair.clock.set(transition)
    assert run_due(pair.deps, transition) == []
    pair.slack.wait_for(lambda: [m for m in pair.slack.messages_to(MENTEE) if "development plan" in json.dumps(m)])
    pair.slack.click(MENTEE, "transition_idp")
    modal = pair.slack.wait_for(lambda: pair.slack.open_modal(MENTEE))
    assert "2026-2027" in json.dumps(modal)
