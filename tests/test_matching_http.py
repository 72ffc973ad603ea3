"""Matching through Slack: coordinator review, consent with fall-through, introductions, self-service, rematch."""

import json
from datetime import timedelta

import pytest
from sqlmodel import select

from bot.emulator import EmulatedUser
from bot.matching.delivery import deliver_outcome
from bot.matching.fit import MatchingConfig
from bot.matching.service import expire_consents
from bot.profiles import ProfileBase, SlackIdentity, save_profile
from storage.engine import transaction
from storage.queries.audit import audit_events
from storage.queries.matching import active_matches, ended_pairs
from storage.queries.people import get_person
from storage.tables import OutboxMessage, Match, Proposal
from tests.conftest import COORDINATOR, Harness, drain

MENTEE, OKAFOR, LEE, CHEN = "URES0001", "UFAC0002", "UFAC0001", "UFAC0003"


def enrol(harness: Harness, slack_id: str, name: str, **profile) -> None:
    with transaction(harness.deps.sessions) as session:
        save_profile(session=session, who=SlackIdentity(slack_id, name, None, "America/Edmonton"),
                     profile=ProfileBase(program="Internal Medicine", **profile), now=harness.clock.now())


@pytest.fixture
def program(harness: Harness) -> Harness:
    harness.slack.add_user(EmulatedUser(id=CHEN, name="chen", real_name="Dr. Wei Chen"))
    enrol(harness, MENTEE, "Riley Resident", as_mentee=True, stage="PGY-1", kinds_wanted=["research"],
          interests=["cardiology", "research methods"])
    enrol(harness, OKAFOR, "Dr. Ada Okafor", as_mentor=True, stage="associate_professor",
          kinds_offered=["research", "career"], expertise=["cardiology", "research methods"], capacity_total=2)
    enrol(harness, LEE, "Dr. Morgan Lee", as_mentor=True, stage="assistant_professor",
          kinds_offered=["research"], expertise=["cardiology"], capacity_total=1)
    enrol(harness, CHEN, "Dr. Wei Chen", as_mentor=True, stage="professor",
          kinds_offered=["research"], expertise=["nephrology"], capacity_total=1)
    return harness


def dms(harness: Harness, user: str) -> list[str]:
    return [json.dumps(m, ensure_ascii=False) for m in harness.slack.messages_to(user)]


def consent_message_recorded(harness: Harness) -> bool:
    """The consent request is sent and its delivery recorded: the 72 hours count from then, so a test must not move
    the clock before (the emulator shows the message a moment before the sender records it)."""
    from storage.queries.outbox import delivered_at

    with harness.deps.sessions() as session:
        return any(p.consent_message_id and delivered_at(session=session, message_id=p.consent_message_id)
                   for p in session.exec(select(Proposal)))


def run_batch(harness: Harness) -> None:
    harness.slack.slash_command(COORDINATOR, "/mentor", "match")
    harness.slack.wait_for(lambda: harness.slack.messages_to(COORDINATOR))


def test_batch_is_reviewed_then_approved_and_accepted_into_an_introduction(program: Harness) -> None:
    slack = program.slack
    run_batch(program)
    review = dms(program, COORDINATOR)[-1]
    assert "Matching proposals (1)" in review and "<@URES0001>* ← *<@UFAC0002>*" in review
    assert slack.messages_to(OKAFOR) == []  # nothing is sent before approval
    slack.click(COORDINATOR, "match_approve_all")
    consent = slack.wait_for(lambda: dms(program, OKAFOR))[-1]
    assert "Would you be a *research* mentor for *Riley Resident*" in consent
    assert "both interested in cardiology, research methods" in consent
    slack.wait_for(lambda: "approved: mentor asked" in dms(program, COORDINATOR)[-1])
    slack.click(OKAFOR, "consent_accept")
    intro_channel = slack.wait_for(lambda: [c.response["channel"]["id"] for c in slack.calls("conversations.open")
                                            if c.params.get("users") == f"{MENTEE},{OKAFOR}"])[0]
    intro = json.dumps(slack.wait_for(lambda: slack.messages_in(intro_channel))[-1])
    for expected in ("Why you were matched", "Suggested first meeting", "never assessment", "We've met", "Not a fit"):
        assert expected in intro
    assert "You accepted" in slack.wait_for(lambda: dms(program, OKAFOR)[-1] if "You accepted" in dms(program, OKAFOR)[-1] else None)
    slack.wait_for(lambda: "Dr. Ada Okafor" in json.dumps(slack.home_view(MENTEE)))
    with program.deps.sessions() as session:
        (match,) = active_matches(session=session)
        assert (match.kind, match.cadence_days) == ("research", 30)


def test_decline_falls_through_to_the_next_candidate_and_mentee_never_hears_who(program: Harness) -> None:
    slack = program.slack
    run_batch(program)
    slack.click(COORDINATOR, "match_approve_all")
    slack.wait_for(lambda: slack.messages_to(OKAFOR))
    slack.click(OKAFOR, "consent_decline")
    consent = slack.wait_for(lambda: dms(program, LEE))[-1]
    assert "Would you be a *research* mentor for *Riley Resident*" in consent
    assert "You declined" in slack.wait_for(lambda: dms(program, OKAFOR)[-1] if "declined" in dms(program, OKAFOR)[-1] else None)
    assert not any("Okafor" in text for text in dms(program, MENTEE))
    assert "consent_decline" not in dms(program, OKAFOR)[-1]  # the answered request has no buttons left
    with program.deps.sessions() as session:
        statuses = sorted(p.status for p in session.exec(select(Proposal)))
    assert statuses == ["awaiting_mentor", "declined"]


def test_in_the_batch_path_the_mentee_hears_a_mentor_is_asked_but_never_who(program: Harness) -> None:
    slack = program.slack
    run_batch(program)
    assert dms(program, MENTEE) == []  # nothing before a coordinator approves
    slack.click(COORDINATOR, "match_approve_all")
    told = slack.wait_for(lambda: dms(program, MENTEE))
    assert len(told) == 1
    assert "We've asked a research mentor for you; they have 3 days to answer" in told[0]
    slack.click(OKAFOR, "consent_decline")
    slack.wait_for(lambda: dms(program, LEE))
    assert len(dms(program, MENTEE)) == 1  # the decline and the next mentor asked stay invisible
    for name in ("Okafor", "UFAC0002", "Lee", "UFAC0001"):
        assert name not in dms(program, MENTEE)[0]


def test_unanswered_consent_lapses_and_moves_on(program: Harness) -> None:
    slack = program.slack
    run_batch(program)
    slack.click(COORDINATOR, "match_approve_all")
    slack.wait_for(lambda: slack.messages_to(OKAFOR))
    slack.wait_for(lambda: consent_message_recorded(program))  # the window opens when its delivery is recorded
    program.clock.advance(timedelta(hours=73))
    with transaction(program.deps.sessions) as session:
        outcomes = expire_consents(session=session, now=program.clock.now(), timeout=timedelta(hours=72),
                                   config=MatchingConfig())
        for outcome in outcomes:
            deliver_outcome(session, outcome, program.deps.notifier.within(session, program.clock.now()), lapsed=True)
    drain(program)  # the scheduled step's messages go with the paced sender, not the server's thread
    slack.wait_for(lambda: "has lapsed" in dms(program, OKAFOR)[-1])
    assert "Would you be a *research* mentor" in slack.wait_for(lambda: dms(program, LEE))[-1]


def test_coordinator_rejects_and_swaps(program: Harness) -> None:
    slack = program.slack
    enrol(program, "URES0002", "Sam Singh", as_mentee=True, stage="PGY-2", kinds_wanted=["research"],
          interests=["nephrology"])
    run_batch(program)
    review = dms(program, COORDINATOR)[-1]
    assert "Matching proposals (2)" in review
    with program.deps.sessions() as session:
        sam_proposal = next(p for p in session.exec(select(Proposal)) if p.mentor_id and p.status == "pending_review"
                            and p.score and "nephrology" in " ".join(p.reasons))
    slack.click(COORDINATOR, "match_swap", value=str(sam_proposal.id))
    modal = slack.wait_for(lambda: slack.open_modal(COORDINATOR))
    assert modal["title"]["text"] == "Swap mentor"
    slack.submit_view(COORDINATOR, {"mentor": LEE})
    slack.wait_for(lambda: "Dr. Morgan Lee" in json.dumps(slack.messages_to(COORDINATOR)[-1]) or
                   "UFAC0001" in dms(program, COORDINATOR)[-1])
    slack.click(COORDINATOR, "match_reject", value=str(sam_proposal.id))
    slack.wait_for(lambda: "rejected" in dms(program, COORDINATOR)[-1])
    with program.deps.sessions() as session:
        swapped = session.get(Proposal, sam_proposal.id)
        assert (swapped.status, swapped.mentor_id) == ("rejected", get_person(session=session, slack_user_id=LEE).id)


def test_self_service_shortlist_and_pick(program: Harness) -> None:
    slack = program.slack
    slack.slash_command(MENTEE, "/mentor", "find research")
    shortlist = json.dumps(slack.ephemerals_to(MENTEE)[-1])
    assert shortlist.index("Dr. Ada Okafor") < shortlist.index("Dr. Morgan Lee") < shortlist.index("Dr. Wei Chen")
    slack.click(MENTEE, "shortlist_pick", value=f"research:{LEE}")
    assert "Would you be a *research* mentor" in slack.wait_for(lambda: dms(program, LEE))[-1]
    slack.wait_for(lambda: any("I've asked Dr. Morgan Lee to be your research mentor; they have 3 days to answer"
                               in json.dumps(r) for r in slack.responses()))
    slack.slash_command(MENTEE, "/mentor", "find research")
    assert "already being asked" in slack.ephemerals_to(MENTEE)[-1]["text"]


def accept_match(program: Harness, mentor: str = OKAFOR) -> None:
    program.slack.slash_command(MENTEE, "/mentor", "find research")
    program.slack.click(MENTEE, "shortlist_pick", value=f"research:{mentor}")
    program.slack.wait_for(lambda: program.slack.messages_to(mentor))
    program.slack.click(mentor, "consent_accept")
    program.slack.wait_for(lambda: any("intro_met" in json.dumps(call.params) for call in program.slack.calls("chat.postMessage")))


def test_mentee_rematch_tells_mentor_kindly_and_excludes_the_pair(program: Harness) -> None:
    slack = program.slack
    accept_match(program)
    slack.slash_command(MENTEE, "/mentor", "rematch")
    assert "Research mentoring with *Dr. Ada Okafor*" in json.dumps(slack.ephemerals_to(MENTEE)[-1])
    slack.click(MENTEE, "rematch_end")
    told = slack.wait_for(lambda: [t for t in dms(program, OKAFOR) if "has ended" in t])[-1]
    assert "nobody's fault" in told and "reason" not in told.lower()
    assert "back in matching" in slack.wait_for(lambda: [t for t in dms(program, COORDINATOR) if "ended" in t])[-1]
    with program.deps.sessions() as session:
        assert len(ended_pairs(session=session)) == 1 and not active_matches(session=session)
    slack.slash_command(MENTEE, "/mentor", "find research")
    again = json.dumps(slack.ephemerals_to(MENTEE)[-1])
    assert "Dr. Morgan Lee" in again and "Dr. Ada Okafor" not in again


def test_mentor_ends_with_not_a_fit_from_the_introduction(program: Harness) -> None:
    slack = program.slack
    accept_match(program)
    assert slack.click(OKAFOR, "intro_not_a_fit", confirm=False).status == 0  # "End this match?" No: nothing sent
    with program.deps.sessions() as session:
        assert len(active_matches(session=session)) == 1
    slack.click(OKAFOR, "intro_not_a_fit")
    told = slack.wait_for(lambda: [t for t in dms(program, MENTEE) if "has ended" in t])[-1]
    assert "I'll look for a new mentor for you" in told


def intro_of(program: Harness) -> dict:
    """The pair's introduction in their group DM, as it stands now."""
    def posted() -> list[dict]:
        with program.deps.sessions() as session:
            message_id = session.exec(select(Match.intro_message_id)).first()
            channel = session.get(OutboxMessage, message_id).channel if message_id else None
        return program.slack.messages_in(channel) if channel else []
    return program.slack.wait_for(posted)[0]


def test_destructive_buttons_ask_first_and_an_ended_match_loses_its_buttons(program: Harness) -> None:
    slack = program.slack
    accept_match(program)
    intro = intro_of(program)
    buttons = {e["action_id"]: e for b in intro["blocks"] if b["type"] == "actions" for e in b["elements"]}
    assert "End this match?" == buttons["intro_not_a_fit"]["confirm"]["title"]["text"]
    slack.slash_command(MENTEE, "/mentor", "rematch")
    [end_button] = [b["accessory"] for b in slack.ephemerals_to(MENTEE)[-1]["blocks"] if "accessory" in b]
    assert end_button["confirm"]["title"]["text"] == "End this match?"
    slack.click(MENTEE, "rematch_end")
    def retired() -> bool:
        return "This match has ended" in json.dumps(intro_of(program)) and "intro_not_a_fit" not in json.dumps(
            intro_of(program))
    slack.wait_for(retired)


def test_we_have_met_is_logged_once_per_day(program: Harness) -> None:
    slack = program.slack
    accept_match(program)
    slack.click(MENTEE, "intro_met")
    slack.wait_for(lambda: any("Noted: you met" in t for t in dms(program, MENTEE)))
    slack.click(OKAFOR, "intro_met")
    slack.wait_for(lambda: any("Already noted" in t for t in dms(program, OKAFOR)))


def test_batch_matching_is_for_coordinators_only(program: Harness) -> None:
    slack = program.slack
    slack.slash_command(MENTEE, "/mentor", "match")
    assert "only program coordinators" in slack.ephemerals_to(MENTEE)[-1]["text"]
    run_batch(program)
    batch_id = next(b["elements"][0]["value"] for b in slack.messages_to(COORDINATOR)[-1]["blocks"]
                    if b.get("block_id") == "review_all")
    forged = {"type": "block_actions", "user": {"id": MENTEE}, "team": {"id": "T0MENTOR"}, "trigger_id": "1.2",
              "container": {"type": "message", "channel_id": "D1", "message_ts": "1.1"},
              "actions": [{"action_id": "match_approve_all", "block_id": "review_all", "value": batch_id,
                           "type": "button", "action_ts": "1"}]}
    from urllib.parse import urlencode

    slack.send_signed(urlencode({"payload": json.dumps(forged)}).encode(), "application/x-www-form-urlencoded")
    slack.wait_for(lambda: any("only program coordinators" in t for t in dms(program, MENTEE)))
    assert slack.messages_to(OKAFOR) == []
    with program.deps.sessions() as session:
        refused = [e.action for e in audit_events(session=session, actor=MENTEE) if e.outcome == "refused"]
    assert refused == ["command.match", "match_approve_all"]


IDENTITY_ANSWERS = {"gender": "nonbinary", "race_ethnicity": "Métis"}


def test_identity_answers_move_the_score_but_no_reason_reveals_them(harness: Harness) -> None:
    """A mentee asking for concordance, and a mentor who shares the answers: every reason anyone is shown
    (shortlist, coordinator review, consent DM, introduction) is silent about identity."""
    slack = harness.slack
    enrol(harness, MENTEE, "Riley Resident", as_mentee=True, stage="PGY-1", kinds_wanted=["research"],
          interests=["cardiology"], identity=IDENTITY_ANSWERS, concordance=list(IDENTITY_ANSWERS))
    enrol(harness, OKAFOR, "Dr. Ada Okafor", as_mentor=True, stage="associate_professor", kinds_offered=["research"],
          expertise=["cardiology"], capacity_total=2, identity=IDENTITY_ANSWERS)
    slack.slash_command(MENTEE, "/mentor", "find research")
    shown = [json.dumps(slack.wait_for(lambda: slack.ephemerals_to(MENTEE))[-1], ensure_ascii=False)]
    run_batch(harness)
    shown.append(dms(harness, COORDINATOR)[-1])
    slack.click(COORDINATOR, "match_approve_all")
    shown.append(slack.wait_for(lambda: dms(harness, OKAFOR))[-1])
    slack.click(OKAFOR, "consent_accept")
    channel = slack.wait_for(lambda: [c.response["channel"]["id"] for c in slack.calls("conversations.open")
                                      if c.params.get("users") == f"{MENTEE},{OKAFOR}"])[0]
    shown.append(json.dumps(slack.wait_for(lambda: slack.messages_in(channel))[-1], ensure_ascii=False))
    assert "both interested in cardiology" in shown[0] and "Why you were matched" in shown[-1]
    for text in shown:
        for revealing in ("identity", "concordance", *IDENTITY_ANSWERS.values()):
            assert revealing.lower() not in text.lower(), f"{revealing!r} shown in: {text[:300]}"
    with harness.deps.sessions() as session:
        assert all("identity" not in " ".join(p.reasons) for p in session.exec(select(Proposal)))
