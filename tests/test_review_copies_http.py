"""Several coordinators each get a copy of a batch review; whoever approves, rejects or swaps, every copy is
edited to show who decided and what is left, so nobody acts on a stale copy."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from sqlmodel import select

from bot.emulator import EmulatedUser
from bot.matching.delivery import send_for_review
from bot.matching.fit import MatchingConfig
from bot.matching.service import propose_batch
from storage.engine import transaction
from storage.queries.people import grant_coordinator
from storage.tables import OutboxMessage, Proposal
from tests.clicks import capture_submission
from tests.conftest import drain, COORDINATOR, Harness
from tests.test_matching_http import LEE, enrol, program  # noqa: F401 (fixture)

SECOND, UNFILLED = "UCOORD02", "URES0003"


def send_batch_to_both_coordinators(harness: Harness) -> list[int]:
    """What `mentorbot match` does: one batch, a copy to every coordinator."""
    harness.slack.add_user(EmulatedUser(id=SECOND, name="jordan", real_name="Jordan Coordinator"))
    enrol(harness, "URES0002", "Sam Singh", as_mentee=True, stage="PGY-2", kinds_wanted=["research"],
          interests=["nephrology"])
    harness.slack.add_user(EmulatedUser(id=UNFILLED, name="pat", real_name="Pat Patel"))
    enrol(harness, UNFILLED, "Pat Patel", as_mentee=True, stage="PGY-1", kinds_wanted=["clinical"],
          interests=["cardiology"])  # nobody offers clinical mentoring: listed as "No mentor found yet"
    with transaction(harness.deps.sessions) as session:
        grant_coordinator(session=session, slack_user_id=SECOND, now=harness.clock.now())
        batch = propose_batch(session=session, now=harness.clock.now(), config=MatchingConfig(), actor="cli")
        send_for_review(session, batch, [COORDINATOR, SECOND], harness.deps.notifier.within(session, harness.clock.now()))
    drain(harness)
    return [p.proposal_id for p in batch.proposals]


def copy_of(harness: Harness, coordinator: str) -> str:
    return json.dumps(harness.slack.messages_to(coordinator)[-1], ensure_ascii=False)


def status_of(harness: Harness, proposal_id: int) -> str:
    with harness.deps.sessions() as session:
        return session.exec(select(Proposal.status).where(Proposal.id == proposal_id)).one()


def test_a_decision_on_one_copy_shows_on_every_copy(program: Harness) -> None:  # noqa: F811
    slack = program.slack
    first, second = send_batch_to_both_coordinators(program)
    assert "2 of 2 left to review" in copy_of(program, SECOND)

    slack.click(COORDINATOR, "match_approve", value=str(first))
    for coordinator in (COORDINATOR, SECOND):
        slack.wait_for(lambda: "1 of 2 left to review" in copy_of(program, coordinator))
        assert f"approved: mentor asked_ · reviewed by <@{COORDINATOR}>" in copy_of(program, coordinator)
        assert json.dumps(str(first)) not in copy_of(program, coordinator)  # no buttons left on the decided one
        assert "No mentor found yet" in copy_of(program, coordinator)  # the batch's snapshot stays on every copy
        assert f"<@{UNFILLED}> (clinical / skills): no mentor offers" in copy_of(program, coordinator)

    slack.click(SECOND, "match_swap", value=str(second))
    slack.wait_for(lambda: slack.open_modal(SECOND))
    slack.submit_view(SECOND, {"mentor": LEE})
    slack.wait_for(lambda: f"mentor swapped by <@{SECOND}>" in copy_of(program, COORDINATOR))

    slack.click(SECOND, "match_reject", value=str(second))
    for coordinator in (COORDINATOR, SECOND):
        slack.wait_for(lambda: "nothing is left to do" in copy_of(program, coordinator))
        assert f"rejected_ · reviewed by <@{SECOND}>" in copy_of(program, coordinator)
        assert "match_approve_all" not in copy_of(program, coordinator)
    assert (status_of(program, first), status_of(program, second)) == ("awaiting_mentor", "rejected")


def test_a_swap_whose_metadata_names_another_message_refreshes_only_the_review_copies(
        program: Harness) -> None:  # noqa: F811
    slack = program.slack
    _, second = send_batch_to_both_coordinators(program)
    program.deps.notifier.notice("URES0002", "Your profile is saved.")
    drain(program)
    with program.deps.sessions() as session:
        notice = session.exec(select(OutboxMessage).where(OutboxMessage.recipient == "URES0002",
                                                          OutboxMessage.purpose == "notice")).one()
    shown = slack.messages_to("URES0002")
    slack.click(SECOND, "match_swap", value=str(second))
    slack.wait_for(lambda: slack.open_modal(SECOND))
    submission = capture_submission(slack, SECOND, {"mentor": LEE})
    metadata = json.loads(submission["view"]["private_metadata"])
    submission["view"]["private_metadata"] = json.dumps({**metadata, "channel": notice.channel, "ts": notice.ts})
    slack.send_signed(urlencode({"payload": json.dumps(submission)}).encode(), "application/x-www-form-urlencoded")
    slack.wait_for(lambda: f"mentor swapped by <@{SECOND}>" in copy_of(program, COORDINATOR))
    slack.wait_for(lambda: f"mentor swapped by <@{SECOND}>" in copy_of(program, SECOND))
    drain(program)
    assert slack.messages_to("URES0002") == shown
