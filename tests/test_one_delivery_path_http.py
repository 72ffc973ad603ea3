"""One delivery path: every message to Slack is an outbox row, committed with the change that causes it and
delivered by the one paced sender, interactive ones at once (issue 16, part 1)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlmodel import select

from bot.emulator import EmulatedUser
from bot.jobs import run_due
from bot.matching.expiry import expire_due_consents
from bot.notify import MessageRef
from bot.outbox import post_direct
from bot.outbox_tenants import seed_pacer
from bot.pacing import MethodLimit, SlackPacer
from handlers.blocks.help import build_notice
from storage.engine import transaction
from storage.queries.outbox import claim_due, enqueue_message, mark_sent
from storage.tables import Alert, OutboxKind, OutboxMessage, Proposal
from tests.conftest import COORDINATOR, Harness, drain
from tests.test_matching_http import MENTEE, OKAFOR, dms, program, run_batch  # noqa: F401  (program: a fixture)

ROOT = Path(__file__).resolve().parent.parent


def consent_requests(harness: Harness) -> list[str]:
    return [t for t in dms(harness, OKAFOR) if "Would you be a *research* mentor" in t]


def statuses(harness: Harness) -> list[str]:
    with harness.deps.sessions() as session:
        return sorted(p.status for p in session.exec(select(Proposal)))


def outbox(harness: Harness, purpose: str) -> list[OutboxMessage]:
    with harness.deps.sessions() as session:
        return list(session.exec(select(OutboxMessage).where(OutboxMessage.purpose == purpose)))


def test_a_consent_request_lost_to_a_slack_outage_is_delivered_once_on_recovery_and_its_window_starts_then(
        program: Harness) -> None:  # noqa: F811
    slack = program.slack
    run_batch(program)
    slack.fail_next("chat.postMessage", http_status=503, count=2)  # the consent request and the mentee's notice
    slack.click(COORDINATOR, "match_approve_all")
    slack.wait_for(lambda: [m for m in outbox(program, "consent") if m.status == "sending" and not m.claimed_by])
    assert statuses(program) == ["awaiting_mentor"] and consent_requests(program) == []

    program.clock.advance(timedelta(hours=73))  # Slack was down for days: the mentor was never asked
    expire_due_consents(program.deps, program.clock.now())
    assert statuses(program) == ["awaiting_mentor"]  # not lapsed: the window has not started

    assert run_due(program.deps, program.clock.now()) == []  # Slack is back: the in-doubt request is checked, resent
    assert len(consent_requests(program)) == 1 and statuses(program) == ["awaiting_mentor"]
    program.clock.advance(timedelta(hours=71))
    assert run_due(program.deps, program.clock.now()) == []
    assert statuses(program) == ["awaiting_mentor"] and len(consent_requests(program)) == 1
    program.clock.advance(timedelta(hours=2))  # 73 h after it reached Slack
    assert run_due(program.deps, program.clock.now()) == []
    assert "expired" in statuses(program)
    [asked] = dms(program, OKAFOR)  # exactly once, however many rounds looked at it; now edited to say so
    assert "has lapsed" in asked


def test_an_edit_waits_until_the_message_it_edits_has_been_sent(harness: Harness) -> None:
    now = harness.clock.now()
    with transaction(harness.deps.sessions) as session:
        original = enqueue_message(session=session, key="later", purpose="nudge", recipient=MENTEE,
                                   payload=build_notice("first words"), not_before=now + timedelta(hours=1), now=now)
        harness.deps.notifier.within(session, now).edit(MessageRef(outbox_id=original.id), build_notice("edited"))
    drain(harness)
    assert harness.slack.calls("chat.update") == [] and harness.slack.messages_to(MENTEE) == []
    harness.clock.advance(timedelta(hours=1))
    drain(harness)
    [shown] = harness.slack.messages_to(MENTEE)
    assert "edited" in shown["text"]
    assert [c.method for c in harness.slack.calls() if c.method in ("chat.postMessage", "chat.update")] == [
        "chat.postMessage", "chat.update"]


def test_a_group_dm_introduction_is_delivered_once_when_its_sender_died_after_posting(harness: Harness) -> None:
    now, pair = harness.clock.now(), f"{MENTEE},{OKAFOR}"
    with transaction(harness.deps.sessions) as session:
        enqueue_message(session=session, key="intro:1", purpose="intro", recipient=pair, kind=OutboxKind.OPEN_AND_POST,
                        payload=build_notice("Meet each other"), not_before=now, now=now, interactive=True)
    with transaction(harness.deps.sessions) as session:  # a sender claims it, posts it, and dies before noting it
        [claimed] = claim_due(session=session, now=now, worker="ghost:1:dead", limit=5)
    channel, _ = post_direct(harness.deps.slack, claimed.recipient, claimed.payload, claimed.key)
    assert channel.startswith("G")  # a group DM of the pair
    harness.clock.advance(timedelta(minutes=1))
    drain(harness)  # the next sender finds it in the group DM's history (needs mpim:history) and does not resend
    assert len(harness.slack.messages_in(channel)) == 1
    [row] = outbox(harness, "intro")
    assert (row.status, row.channel) == ("sent", channel)


def test_a_restarted_sender_paces_on_from_what_the_outbox_sent_in_the_last_minute(harness: Harness) -> None:
    now = harness.clock.now()
    with transaction(harness.deps.sessions) as session:
        for n in range(10):
            row = enqueue_message(session=session, key=f"sent{n}", purpose="checkin", recipient=MENTEE,
                                  payload=build_notice("hi"), not_before=now, now=now)
            mark_sent(session=session, message_id=row.id, channel="D1", ts=f"{n}.1", now=now - timedelta(seconds=20))
    ticks = [1000.0]
    pacer = SlackPacer({"chat.postMessage": MethodLimit(10, 60)}, clock=lambda: ticks[0], defaults={})
    assert pacer.wait_seconds("chat.postMessage") == 0  # an empty pacer would spend the whole budget again
    seed_pacer(harness.deps.sessions, pacer, now)
    assert 39 <= pacer.wait_seconds("chat.postMessage") <= 41  # the dead sender's ten sends 20 s ago still count


def test_a_nudge_clicked_after_hours_waits_for_each_recipients_working_hours(harness: Harness) -> None:
    from tests.test_checkins_http import match as make_match, tick
    from tests.test_one_outcome_http import LEE, enrol, mentee_id, told

    slack, mentee = harness.slack, mentee_id(0)
    harness.clock.set(datetime(2026, 2, 27, 17, 0, tzinfo=UTC))
    slack.add_user(EmulatedUser(id=mentee, name="pat", real_name="Pat Mentee"))
    enrol(harness, LEE, as_mentor=True, stage="associate_professor", kinds_offered=["career"])
    enrol(harness, mentee, as_mentee=True, stage="PGY-1", kinds_wanted=["career"])  # both in Edmonton
    make_match(harness, mentee, LEE)
    tick(harness, datetime(2026, 3, 30, 16, 0, tzinfo=UTC))  # Monday: the digest lists the quiet pair
    slack.wait_for(lambda: [m for m in slack.messages_to(COORDINATOR) if "digest" in m["text"]])
    harness.clock.set(datetime(2026, 3, 31, 1, 0, tzinfo=UTC))  # Monday 19:00 in Edmonton: after hours
    with harness.deps.sessions() as session:
        alert_id = session.exec(select(Alert.id)).first()
    slack.click(COORDINATOR, "alert_nudge", value=str(alert_id))
    slack.wait_for(lambda: told(harness, COORDINATOR, "Nudged"))  # the coordinator's answer goes at once
    nudges = outbox(harness, "nudge")
    opening = datetime(2026, 3, 31, 15, 0, tzinfo=UTC)  # Tuesday 09:00 in Edmonton (MDT)
    assert len(nudges) == 2 and {n.not_before for n in nudges} == {opening}
    assert told(harness, mentee, "friendly nudge") == 0
    tick(harness, opening)
    assert told(harness, mentee, "friendly nudge") == 1 and told(harness, LEE, "nudge") >= 1


DIRECT_CALLS = re.compile(r"\.(chat_postMessage|chat_update|conversations_open|files_upload_v2|files_upload|"
                          r"files_getUploadURLExternal|files_completeUploadExternal)\(|"
                          r"api_call\(\s*[\"'](chat\.postMessage|chat\.update|conversations\.open|files\.)")  # by name too


def test_nothing_but_the_sender_posts_edits_opens_or_uploads() -> None:
    offenders = []
    for path in sorted([*ROOT.glob("bot/**/*.py"), *ROOT.glob("handlers/**/*.py")]):
        name = path.relative_to(ROOT).as_posix()
        if name.startswith(("bot/outbox", "bot/emulator/")):
            continue
        offenders += [f"{name}:{n}" for n, line in enumerate(path.read_text().splitlines(), 1) if DIRECT_CALLS.search(line)]
    assert offenders == []


def test_the_delivery_grep_sees_each_way_of_calling_slack() -> None:
    for line in ('client.chat_postMessage(channel=c, text=t)', 'deps.slack.files_upload_v2(', 'client.chat_update(',
                 'client.api_call("chat.postMessage", json=body)', "web.api_call('files.getUploadURLExternal')"):
        assert DIRECT_CALLS.search(line), line
    assert not DIRECT_CALLS.search('client.chat_postEphemeral(channel=c)')
