"""Goals and scheduled check-ins through Slack, with a controlled clock and people in several timezones."""

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from bot.jobs import run_due
from bot.matching.fit import MatchingConfig
from bot.matching.service import answer_consent, pick
from bot.profiles import ProfileBase, SlackIdentity, save_profile
from storage.engine import transaction
from storage.queries.people import get_person
from storage.tables import CheckIn, Goal, GoalUpdate, Match, Meeting, MatchRequest
from tests.conftest import COORDINATOR, Harness

TORONTO, LONDON, EDMONTON = "URES0001", "URES0002", "UFAC0001"  # Riley, Sam, Dr. Lee (see conftest WORKSPACE)
MENTOR2 = "UFAC0002"  # Vancouver


def enrol(harness: Harness, slack_id: str, tz: str, **profile) -> None:
    with transaction(harness.deps.sessions) as session:
        save_profile(session=session, who=SlackIdentity(slack_id, slack_id, None, tz),
                     profile=ProfileBase(program="Internal Medicine", **profile), now=harness.clock.now())


def match(harness: Harness, mentee: str, mentor: str, kind: str = "career", cadence: int = 14) -> int:
    with transaction(harness.deps.sessions) as session:
        proposal = pick(session=session, mentee_slack_id=mentee, kind=kind, mentor_slack_id=mentor,
                        now=harness.clock.now(), config=MatchingConfig())
        outcome = answer_consent(session=session, proposal_id=proposal.proposal_id, mentor_slack_id=mentor, accept=True,
                                 now=harness.clock.now(), config=MatchingConfig())
        row = session.get(Match, outcome.match.match_id)
        row.cadence_days = cadence
        session.add(row)
        for checkin in session.exec(select(CheckIn).where(CheckIn.match_id == row.id)):
            checkin.due_at = row.started_at + timedelta(days=cadence)
            session.add(checkin)
    return outcome.match.match_id


@pytest.fixture
def pairs(harness: Harness) -> Harness:
    """Riley (Toronto) and Sam (London) mentored by Dr. Lee (Edmonton), matched on Friday 27 February 2026."""
    harness.clock.set(datetime(2026, 2, 27, 17, 0, tzinfo=UTC))
    enrol(harness, TORONTO, "America/Toronto", as_mentee=True, stage="PGY-1", kinds_wanted=["career"])
    enrol(harness, LONDON, "Europe/London", as_mentee=True, stage="PGY-2", kinds_wanted=["career"])
    enrol(harness, EDMONTON, "America/Edmonton", as_mentor=True, stage="associate_professor",
          kinds_offered=["career"], capacity_total=3)
    match(harness, TORONTO, EDMONTON)
    match(harness, LONDON, EDMONTON)
    return harness


def tick(harness: Harness, instant: datetime) -> None:
    harness.clock.set(instant)
    assert run_due(harness.deps, instant) == []


def checkins_to(harness: Harness, user: str) -> list[dict]:
    return [m for m in harness.slack.messages_to(user) if "check-in" in m["text"].lower()]


def test_checkins_arrive_at_nine_local_in_three_timezones_across_dst(pairs: Harness) -> None:
    # Cycle 1 is due Friday 13 March 2026 17:00 UTC... no: 14 days after 27 Feb 17:00 UTC = 13 March 17:00 UTC,
    # which is 13:00 in Toronto (EDT since 8 March), 11:00 in Edmonton (MDT), 17:00 in London (GMT): London is
    # past working hours, so Sam's check-in waits for Monday 09:00 GMT.
    tick(pairs, datetime(2026, 3, 13, 17, 0, tzinfo=UTC))
    assert len(checkins_to(pairs, TORONTO)) == 1
    assert len(checkins_to(pairs, EDMONTON)) == 2  # the mentor gets one per mentee
    assert checkins_to(pairs, LONDON) == []
    tick(pairs, datetime(2026, 3, 16, 8, 59, tzinfo=UTC))  # Monday 08:59 in London
    assert checkins_to(pairs, LONDON) == []
    tick(pairs, datetime(2026, 3, 16, 9, 0, tzinfo=UTC))
    assert len(checkins_to(pairs, LONDON)) == 1


def test_weekend_and_early_morning_wait_for_working_hours_after_dst(pairs: Harness) -> None:
    with transaction(pairs.deps.sessions) as session:
        for checkin in session.exec(select(CheckIn)):
            checkin.due_at = datetime(2026, 3, 14, 15, 0, tzinfo=UTC)  # a Saturday
            session.add(checkin)
    tick(pairs, datetime(2026, 3, 14, 15, 0, tzinfo=UTC))
    assert checkins_to(pairs, TORONTO) == [] and checkins_to(pairs, EDMONTON) == []
    tick(pairs, datetime(2026, 3, 16, 12, 59, tzinfo=UTC))  # Monday 08:59 EDT
    assert checkins_to(pairs, TORONTO) == []
    tick(pairs, datetime(2026, 3, 16, 13, 0, tzinfo=UTC))  # 09:00 EDT (it would be 08:00 without DST)
    assert len(checkins_to(pairs, TORONTO)) == 1
    assert checkins_to(pairs, EDMONTON) == []  # 07:00 MDT
    tick(pairs, datetime(2026, 3, 16, 15, 0, tzinfo=UTC))  # 09:00 MDT
    assert len(checkins_to(pairs, EDMONTON)) == 2


def test_answer_is_recorded_and_the_prompt_edited(pairs: Harness) -> None:
    tick(pairs, datetime(2026, 3, 13, 17, 0, tzinfo=UTC))
    (prompt,) = checkins_to(pairs, TORONTO)
    value = next(e["value"] for b in prompt["blocks"] if b["type"] == "actions" for e in b["elements"]
                 if e["action_id"] == "checkin_met_yes")
    pairs.slack.click(TORONTO, "checkin_met_yes", value=value)
    pairs.slack.wait_for(lambda: "Received" in json.dumps(checkins_to(pairs, TORONTO)[0]))
    with pairs.deps.sessions() as session:
        (meeting,) = session.exec(select(Meeting)).all()
        assert meeting.met_on == date(2026, 3, 13)
        answered = session.exec(select(CheckIn).where(CheckIn.status == "answered")).all()
        assert [c.met for c in answered] == ["yes"]


def test_exactly_one_reminder_and_none_after_an_answer(pairs: Harness) -> None:
    sent_at = datetime(2026, 3, 13, 17, 0, tzinfo=UTC)
    tick(pairs, sent_at)
    (prompt,) = [m for m in checkins_to(pairs, EDMONTON)][:1]
    value = next(e["value"] for b in prompt["blocks"] if b["type"] == "actions" for e in b["elements"]
                 if e["action_id"] == "checkin_met_not_yet")
    pairs.slack.click(EDMONTON, "checkin_met_not_yet", value=value)  # the mentor answers one of their two
    pairs.slack.wait_for(lambda: "Received" in json.dumps(pairs.slack.messages_to(EDMONTON)))
    tick(pairs, sent_at + timedelta(hours=71))
    assert not any("Reminder" in m["text"] for m in pairs.slack.messages_to(TORONTO))
    tick(pairs, sent_at + timedelta(hours=72))  # Monday 17:00 UTC: 13:00 Toronto, 11:00 Edmonton
    reminders = lambda user: [m for m in pairs.slack.messages_to(user) if m["text"].startswith("Reminder")]  # noqa: E731
    assert len(reminders(TORONTO)) == 1
    assert len(reminders(EDMONTON)) == 1  # only for the unanswered one
    tick(pairs, sent_at + timedelta(days=6))
    assert len(reminders(TORONTO)) == 1 and len(reminders(EDMONTON)) == 1


def test_paused_people_get_nothing(pairs: Harness) -> None:
    with transaction(pairs.deps.sessions) as session:
        riley = get_person(session=session, slack_user_id=TORONTO)
        riley.paused_until = date(2026, 4, 30)
        session.add(riley)
    tick(pairs, datetime(2026, 3, 13, 17, 0, tzinfo=UTC))
    assert checkins_to(pairs, TORONTO) == []
    assert len(checkins_to(pairs, EDMONTON)) == 2


def test_a_long_outage_sends_each_due_checkin_once(pairs: Harness) -> None:
    late = datetime(2026, 4, 20, 16, 0, tzinfo=UTC)  # three cadences after the first was due
    tick(pairs, late)
    tick(pairs, late + timedelta(minutes=1))
    tick(pairs, late + timedelta(minutes=2))
    assert len(checkins_to(pairs, TORONTO)) == 1
    with pairs.deps.sessions() as session:
        upcoming = session.exec(select(CheckIn).where(CheckIn.status == "due")).all()
    assert upcoming and all(c.due_at > late for c in upcoming)  # stale cycles skipped, not flooded


def test_quiet_pair_alert_digest_and_nudge(pairs: Harness) -> None:
    tick(pairs, datetime(2026, 3, 30, 16, 0, tzinfo=UTC))  # a Monday, 31 days after matching (> 2 x 14)
    digest = pairs.slack.wait_for(lambda: [m for m in pairs.slack.messages_to(COORDINATOR) if "digest" in m["text"]])
    assert "Quiet pair" in json.dumps(digest[-1]) and "no meeting logged since they were matched" in json.dumps(digest[-1])
    pairs.slack.click(COORDINATOR, "alert_nudge")
    pairs.slack.wait_for(lambda: any("friendly nudge" in m["text"] for m in pairs.slack.messages_to(EDMONTON)))
    assert any("friendly nudge" in m["text"] for m in pairs.slack.messages_to(TORONTO) + pairs.slack.messages_to(LONDON))
    tick(pairs, datetime(2026, 3, 30, 17, 0, tzinfo=UTC))
    assert len([m for m in pairs.slack.messages_to(COORDINATOR) if "digest" in m["text"]]) == 1  # once a week


def test_private_goals_are_never_named_in_alerts_or_shown_to_mentors(pairs: Harness) -> None:
    slack = pairs.slack
    slack.slash_command(TORONTO, "/mentor", "goals")
    slack.wait_for(lambda: slack.open_modal(TORONTO))
    slack.click(TORONTO, "goals_add")
    slack.wait_for(lambda: slack.open_modal(TORONTO)["callback_id"] == "goal_form")
    slack.submit_view(TORONTO, {"title": "Decide on cardiology fellowship", "visibility": "private", "status": "at_risk",
                                "target_date": "2026-06-30", "category": "career transition"})
    slack.wait_for(lambda: "Decide on cardiology" in json.dumps(slack.open_modal(TORONTO)))
    slack.click(TORONTO, "goals_add")
    slack.wait_for(lambda: slack.open_modal(TORONTO)["callback_id"] == "goal_form")
    slack.submit_view(TORONTO, {"title": "Submit QI abstract", "status": "on_track"})
    slack.wait_for(lambda: "Submit QI abstract" in json.dumps(slack.open_modal(TORONTO)))
    tick(pairs, datetime(2026, 3, 13, 17, 0, tzinfo=UTC))
    mentor_view = json.dumps(checkins_to(pairs, EDMONTON))
    assert "Submit QI abstract" in mentor_view and "cardiology fellowship" not in mentor_view
    assert "cardiology fellowship" in json.dumps(checkins_to(pairs, TORONTO))  # the mentee sees their own
    tick(pairs, datetime(2026, 3, 16, 16, 0, tzinfo=UTC))  # Monday: digest
    digest = json.dumps([m for m in slack.messages_to(COORDINATOR) if "digest" in m["text"]])
    assert "cardiology" not in digest and "private" not in digest  # not named, not even hinted at


def test_goal_status_from_checkin_buttons_goes_into_the_log(pairs: Harness) -> None:
    slack = pairs.slack
    slack.slash_command(TORONTO, "/mentor", "goals")
    slack.wait_for(lambda: slack.open_modal(TORONTO))
    slack.click(TORONTO, "goals_add")
    slack.wait_for(lambda: slack.open_modal(TORONTO)["callback_id"] == "goal_form")
    answer = slack.submit_view(TORONTO, {"title": " ", "status": "on_track"})
    assert "Say what the goal is" in answer.json["errors"]["title"]
    slack.submit_view(TORONTO, {"title": "Present at grand rounds", "status": "on_track"})
    slack.wait_for(lambda: "grand rounds" in json.dumps(slack.open_modal(TORONTO)))
    tick(pairs, datetime(2026, 3, 13, 17, 0, tzinfo=UTC))
    with pairs.deps.sessions() as session:
        goal_id = session.exec(select(Goal.id)).one()
        checkin_id = session.exec(select(CheckIn.id).where(CheckIn.role == "mentee", CheckIn.status == "sent")).first()
    slack.click(TORONTO, "checkin_goal_status_done", value=f"{checkin_id}:{goal_id}:done")
    slack.wait_for(lambda: "· _done_" in json.dumps(checkins_to(pairs, TORONTO)[0], ensure_ascii=False))
    with pairs.deps.sessions() as session:
        assert [u.status for u in session.exec(select(GoalUpdate).order_by(GoalUpdate.id))] == ["on_track", "done"]


def test_met_command_logs_and_merges_same_day(pairs: Harness) -> None:
    slack = pairs.slack
    slack.slash_command(TORONTO, "/mentor", "met <@UFAC0001|lee> 2026-02-27 45")
    assert "Logged your meeting" in slack.ephemerals_to(TORONTO)[-1]["text"]
    slack.slash_command(EDMONTON, "/mentor", "met <@URES0001|riley> 2026-02-27")
    assert "already logged" in slack.ephemerals_to(EDMONTON)[-1]["text"]
    slack.slash_command(TORONTO, "/mentor", "met <@URES0002|sam>")
    assert "no active mentoring match" in slack.ephemerals_to(TORONTO)[-1]["text"]
    slack.slash_command(TORONTO, "/mentor", "met <@UFAC0001|lee> yesterday")
    assert "Usage" in slack.ephemerals_to(TORONTO)[-1]["text"]
    with pairs.deps.sessions() as session:
        (meeting,) = session.exec(select(Meeting)).all()
        assert meeting.minutes == 45


def test_transition_date_asks_mentees_and_new_needs_open_requests(pairs: Harness) -> None:
    slack = pairs.slack
    tick(pairs, datetime(2026, 7, 1, 15, 30, tzinfo=UTC))  # 09:30 in Edmonton, the program timezone
    prompt = slack.wait_for(lambda: [m for m in slack.messages_to(TORONTO) if "mentoring needs" in m["text"]])
    assert len(prompt) == 1
    slack.click(TORONTO, "transition_update")
    slack.wait_for(lambda: slack.open_modal(TORONTO))
    slack.submit_view(TORONTO, {"stage": "PGY-2", "kinds_wanted": ["career", "research"]})
    slack.wait_for(lambda: len([m for m in slack.messages_to(TORONTO) if "profile is saved" in m["text"]]) == 1)
    with pairs.deps.sessions() as session:
        riley = get_person(session=session, slack_user_id=TORONTO)
        kinds = {r.kind for r in session.exec(select(MatchRequest).where(MatchRequest.mentee_id == riley.id,
                                                                         MatchRequest.status == "open"))}
    assert riley.stage == "PGY-2" and kinds == {"research"}
    tick(pairs, datetime(2026, 7, 1, 16, 30, tzinfo=UTC))
    assert len([m for m in slack.messages_to(TORONTO) if "mentoring needs" in m["text"]]) == 1


def write_program_note(pairs: Harness, note: str) -> None:
    """The mentor answers "Anything the program should know?" on their check-in, and is told who sees it."""
    slack = pairs.slack
    tick(pairs, datetime(2026, 3, 13, 17, 0, tzinfo=UTC))
    slack.click(EDMONTON, "checkin_program_note")
    slack.wait_for(lambda: slack.open_modal(EDMONTON))
    slack.submit_view(EDMONTON, {"note": note})
    slack.wait_for(lambda: any("coordinators only" in m["text"] for m in slack.messages_to(EDMONTON)))


def test_program_note_reaches_only_the_record(pairs: Harness) -> None:
    slack = pairs.slack
    write_program_note(pairs, "Resident seems overwhelmed by night float")
    everyone_else = json.dumps([slack.messages_to(u) for u in (TORONTO, LONDON)])
    assert "overwhelmed" not in everyone_else
    with pairs.deps.sessions() as session:
        assert [c.program_note for c in session.exec(select(CheckIn)) if c.program_note] == [
            "Resident seems overwhelmed by night float"]


def test_the_newest_notes_to_the_program_show_on_coordinators_home_only(pairs: Harness) -> None:
    slack = pairs.slack
    write_program_note(pairs, "Night float <!here> is heavy & long")
    slack.open_home(COORDINATOR)
    home = slack.wait_for(lambda: "Latest notes to the program" in json.dumps(slack.home_view(COORDINATOR) or {})
                          and slack.home_view(COORDINATOR))
    shown = json.dumps(home)
    assert "Night float &lt;!here&gt; is heavy &amp; long" in shown and "(mentor) about" in shown
    for person in (EDMONTON, TORONTO):
        slack.open_home(person)
        assert "Night float" not in json.dumps(slack.wait_for(lambda person=person: slack.home_view(person)))


def test_a_failure_after_the_ack_reaches_the_person_even_from_a_listener_that_never_asks_for_respond(
        pairs: Harness, monkeypatch: pytest.MonkeyPatch) -> None:
    """`guarded` asks Bolt for what its error path needs (respond, context); Bolt reads a listener's parameters from
    the innermost function (inspect.unwrap), so the wrapper must not point there, or those arguments never arrive
    and a click that fails after its ack ends in silence."""
    import handlers.actions.checkins as listeners

    def broken(**_kwargs: object) -> None:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(listeners, "answer_checkin_met", broken)
    tick(pairs, datetime(2026, 3, 13, 17, 0, tzinfo=UTC))
    (prompt,) = checkins_to(pairs, TORONTO)
    value = next(e["value"] for b in prompt["blocks"] if b["type"] == "actions" for e in b["elements"]
                 if e["action_id"] == "checkin_met_yes")
    pairs.slack.click(TORONTO, "checkin_met_yes", value=value)
    pairs.slack.wait_for(lambda: "something went wrong" in json.dumps(pairs.slack.responses()))
