"""The resource library through Slack: coordinators add and remove links; each person sees the ones for their
kinds of mentoring, stage and program in App Home and `/mentor resources`; introductions link those for their kind."""

import json

import pytest

from bot.resources import DraftProblems, add, checked_draft, remove
from storage.engine import transaction
from storage.queries.audit import audit_events
from storage.queries.people import get_person
from storage.queries.resources import current_resources
from tests.conftest import COORDINATOR, Harness
from tests.test_matching_http import MENTEE, OKAFOR, accept_match, enrol, intro_of, program  # noqa: F401 (fixture)

GUIDE = {"title": "Research *starter* guide <!channel>", "url": "https://med.example.org/research-guide",
         "kinds": ["research"], "stages": ["PGY-1", "PGY-2"]}


def open_add_modal(harness: Harness) -> None:
    harness.slack.slash_command(COORDINATOR, "/mentor", "resources")
    harness.slack.click(COORDINATOR, "resource_add")
    harness.slack.wait_for(lambda: harness.slack.open_modal(COORDINATOR))


def library_ids(harness: Harness) -> list[int]:
    with harness.deps.sessions() as session:
        return [resource.id for resource in current_resources(session=session)]


def test_coordinator_adds_a_resource_with_each_problem_shown_on_its_field(program: Harness) -> None:
    open_add_modal(program)
    answer = program.slack.submit_view(COORDINATOR, {**GUIDE, "title": "   ", "url": "javascript:alert(1)"})
    assert set(answer.json["errors"]) == {"title", "url"} and "https://" in answer.json["errors"]["url"]
    assert library_ids(program) == []
    answer = program.slack.submit_view(COORDINATOR, {**GUIDE, "url": "https://med.example.org/a|b"})
    assert set(answer.json["errors"]) == {"url"}
    answer = program.slack.submit_view(COORDINATOR, GUIDE)
    assert answer.status == 200 and not (answer.json or {}).get("errors")
    notice = json.dumps(program.slack.wait_for(lambda: program.slack.messages_to(COORDINATOR))[-1])
    assert "Added to the resource library" in notice and "&lt;!channel&gt;" in notice and "<!channel>" not in notice
    with program.deps.sessions() as session:
        (event,) = audit_events(session=session, action="resource.add")
        assert event.actor_slack_id == COORDINATOR and event.outcome == "ok"


def test_each_person_sees_the_resources_for_their_kind_stage_and_program(program: Harness) -> None:
    now = program.clock.now()
    for draft in (GUIDE, {"title": "Wellness line", "url": "https://med.example.org/wellness"},
                  {"title": "Surgery only", "url": "https://med.example.org/surgery", "program": "Surgery"},
                  {"title": "Clinical skills lab", "url": "https://med.example.org/skills", "kinds": ["clinical"]}):
        add(sessions=program.deps.sessions, actor=COORDINATOR, draft=checked_draft(**draft), now=now)
    program.slack.open_home(MENTEE)  # a PGY-1 in Internal Medicine who wants research mentoring
    home = json.dumps(program.slack.wait_for(lambda: program.slack.home_view(MENTEE)))
    assert "Resources for you" in home and "https://med.example.org/research-guide" in home
    assert "Research *starter* guide &lt;!channel&gt;" in home and "<!channel>" not in home  # escaped
    assert "Wellness line" in home and "Surgery only" not in home and "Clinical skills lab" not in home
    program.slack.slash_command(OKAFOR, "/mentor", "resources")  # a faculty mentor: not PGY-1 or PGY-2
    listed = json.dumps(program.slack.ephemerals_to(OKAFOR)[-1])
    assert "Wellness line" in listed and "research-guide" not in listed and "Remove" not in listed


def test_an_introduction_links_the_resources_for_its_kind(program: Harness) -> None:
    add(sessions=program.deps.sessions, actor=COORDINATOR, draft=checked_draft(**GUIDE), now=program.clock.now())
    add(sessions=program.deps.sessions, actor=COORDINATOR, now=program.clock.now(),
        draft=checked_draft(title="Career planning", url="https://med.example.org/career", kinds=["career"]))
    accept_match(program)
    intro = json.dumps(intro_of(program))
    assert "Resources the program recommends" in intro and "med.example.org/research-guide" in intro
    assert "med.example.org/career" not in intro  # a career resource in a research introduction


def test_only_coordinators_change_the_library_and_each_refusal_is_audited(program: Harness) -> None:
    program.slack.slash_command(MENTEE, "/mentor", "resources")
    assert "Add a resource" not in json.dumps(program.slack.ephemerals_to(MENTEE)[-1])
    open_add_modal(program)
    with transaction(program.deps.sessions) as session:  # the role is taken away while the modal is open
        get_person(session=session, slack_user_id=COORDINATOR).is_coordinator = False
    answer = program.slack.submit_view(COORDINATOR, GUIDE)
    assert "only program coordinators" in answer.json["errors"]["title"] and library_ids(program) == []
    with program.deps.sessions() as session:
        refusals = [(e.actor_slack_id, e.action) for e in audit_events(session=session) if e.outcome == "refused"]
    assert refusals == [(COORDINATOR, "resource.add")]  # forged clicks: tests/test_authorization.py


def test_removing_asks_first_and_a_second_click_finds_it_already_gone(program: Harness) -> None:
    added = add(sessions=program.deps.sessions, actor=COORDINATOR, draft=checked_draft(**GUIDE),
                now=program.clock.now())
    program.slack.slash_command(COORDINATOR, "/mentor", "resources")
    library = json.dumps(program.slack.ephemerals_to(COORDINATOR)[-1])
    assert "Remove this resource?" in library
    program.slack.click(COORDINATOR, "resource_remove", value=str(added.id), confirm=False)
    assert library_ids(program) == [added.id]  # "No" sends Slack nothing
    program.slack.click(COORDINATOR, "resource_remove", value=str(added.id))
    program.slack.wait_for(lambda: library_ids(program) == [])
    program.slack.open_home(MENTEE)
    assert "research-guide" not in json.dumps(program.slack.wait_for(lambda: program.slack.home_view(MENTEE)))
    assert remove(sessions=program.deps.sessions, actor=COORDINATOR, resource_id=added.id,
                  now=program.clock.now()) is False
    with program.deps.sessions() as session:
        assert len(audit_events(session=session, action="resource.remove")) == 1


def test_drafts_are_checked_field_by_field_with_the_columns_limits() -> None:
    with pytest.raises(DraftProblems) as problems:
        checked_draft(title="x" * 151, url="https://a.example/" + "p" * 500, kinds=["astrology"], stages=["PGY-9"])
    assert set(problems.value.by_field) == {"title", "url", "kinds", "stages"}
    assert "at most 150 characters (this is 151)" in problems.value.by_field["title"]
    draft = checked_draft(title="  Two   spaces ", url=" https://a.example/x ", kinds=["wellness", "career"],
                          program="  ")
    assert (draft.title, draft.url, draft.kinds, draft.program) == ("Two spaces", "https://a.example/x",
                                                                     ["career", "wellness"], None)
