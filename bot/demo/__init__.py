"""`mentorbot demo`: a whole program cycle against the built-in Slack emulator, printed as a transcript."""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable
from datetime import datetime
from functools import partial
from pathlib import Path

from bot.vocabulary import KINDS
from bot.i18n import _, speaking
from bot.demo.agreements import chapter_agreement, chapter_completion, chapter_early_pulse
from bot.demo.announcements import chapter_announcements
from bot.demo.beyond_pairs import chapter_beyond_pairs
from bot.demo.circles import chapter_circles
from bot.demo.faculty import chapter_faculty
from bot.demo.recognition import chapter_recognition
from bot.demo.scheduling import chapter_scheduling
from bot.demo.program import COORDINATOR, FACULTY, JORDAN, LEE, OKAFOR, PATEL, RILEY, SAMIR, demo_roster, riley_form
from bot.demo.world import PROGRAM_START, DemoWorld, Echo, running_world
from bot.report.files import write_report_file


def research_guide(world: DemoWorld) -> dict[str, object]:
    return {"title": world.says("research_guide"), "url": "https://research.med.example.org/residents",
            "kinds": ["research"], "stages": ["PGY-1", "PGY-2", "PGY-3"]}


def chapter_getting_started(world: DemoWorld) -> None:
    world.chapter(_("Getting started: everyone can ask mentorbot what it does"))
    world.slash(COORDINATOR.id, "help")
    world.slash(RILEY.id, "")
    world.slash(RILEY.id, "matchme")


def chapter_enrolment(world: DemoWorld) -> None:
    world.chapter(_("Enrolment: a resident joins from Slack; the coordinator imports the rest from a roster"))
    world.slash(RILEY.id, "join")
    form, roster = riley_form(world.language), demo_roster(world.language)
    world.submit(RILEY.id, {**form, "kinds_wanted": []}, _("fills in the form but forgets to tick a kind of mentoring"))
    world.submit(RILEY.id, form, _("ticks career, research and wellness"))
    world.slash(COORDINATOR.id, "roster")
    world.submit(COORDINATOR.id, {"csv": roster}, _("pastes the roster CSV (one row has a typo)"))
    world.slash(COORDINATOR.id, "roster")
    fixed = roster.splitlines()[0] + "\n" + roster.splitlines()[-1].replace(",two", ",2")
    world.submit(COORDINATOR.id, {"csv": fixed}, _("fixes that row and pastes it again"))
    world.slash(COORDINATOR.id, "resources")
    world.click(COORDINATOR.id, "resource_add", _("Add a resource"))
    world.submit(COORDINATOR.id, research_guide(world), _("adds the research office's guide for residents"))
    world.open_home(RILEY.id)
    world.open_home(OKAFOR.id)
    world.open_home(COORDINATOR.id)


def chapter_matching(world: DemoWorld) -> None:
    world.chapter(_("Matching: a self-service pick, a reviewed batch, mentor consent, introductions, a no-fault rematch"))
    world.slash(RILEY.id, "find research")  # not text
    world.click(RILEY.id, "shortlist_pick", _("Ask {name}").format(name=OKAFOR.real_name), value=f"research:{OKAFOR.id}")
    world.click(OKAFOR.id, "consent_accept", _("Accept"))
    world.slash(COORDINATOR.id, "match")
    world.click(COORDINATOR.id, "match_approve_all", _("Approve all"))
    # the consent requests go out after the click's answer: a loaded machine may be slower than one quiet spell
    world.slack.wait_for(lambda: world.buttons_for(LEE.id, "consent_decline"), timeout=30)
    world.settle()
    world.narrate(_("Dr. Lee is too busy this term and declines; mentorbot quietly asks the next best mentor."))
    for value in world.buttons_for(LEE.id, "consent_decline")[:1]:
        world.click(LEE.id, "consent_decline", _("Decline"), value=value)
    for _attempt in range(6):  # everyone else asked says yes (each acceptance may free the next request)
        asked = [(m.id, v) for m in FACULTY + (JORDAN,) if m.id != LEE.id for v in world.buttons_for(m.id, "consent_accept")]
        if not asked:
            break
        mentor, value = asked[0]
        world.click(mentor, "consent_accept", _("Accept"), value=value)
    world.narrate(_("A month later, Riley feels the wellness match isn't working. No reasons needed."))
    world.slash(RILEY.id, "rematch")
    matches = [b for b in world.slack.ephemerals_to(RILEY.id)[-1]["blocks"] if world.words(KINDS["wellness"]) in json.dumps(b, ensure_ascii=False)]
    world.click(RILEY.id, "rematch_end", _("End this match"), value=matches[0]["accessory"]["value"] if matches else None)


def chapter_keeping_matches_alive(world: DemoWorld) -> None:
    world.chapter(_("Keeping matches alive: goals, a month of check-ins, a reminder, a meeting, a quiet-pair alert"))
    world.slash(RILEY.id, "goals")
    world.click(RILEY.id, "goals_add", _("Add a goal"))
    world.submit(RILEY.id, {"title": world.says("goal_title"), "why": world.says("goal_why"),
                            "measure": world.says("goal_measure"), "target_date": "2027-02-15",
                            "category": "scholarship", "status": "on_track"}, _("writes a SMART goal"))
    world.fast_forward(datetime(2026, 10, 1, 10, 0, tzinfo=PROGRAM_START.tzinfo))
    world.click(RILEY.id, "checkin_met_yes", _("Yes, we met"), value=world.buttons_for(RILEY.id, "checkin_met_yes")[0])
    world.fast_forward(datetime(2026, 10, 1, 10, 5, tzinfo=PROGRAM_START.tzinfo))
    world.narrate(_("The meeting Riley logged brings her one optional question: how useful was it for you? Dr. Okafor "
                    "is never asked and never sees it; the report counts it only among many mentees' ratings."))
    world.click(RILEY.id, "meeting_rating_useful", _("Useful"), value=world.buttons_for(RILEY.id, "meeting_rating_useful")[0])
    world.narrate(_("Dr. Okafor is on service and misses her check-ins; three days later she gets one reminder."))
    world.fast_forward(datetime(2026, 10, 5, 10, 0, tzinfo=PROGRAM_START.tzinfo))
    world.slash(SAMIR.id, "met <@UOKAFR001|okafor> 2026-10-02 40")
    world.narrate(_("Samir and Dr. Patel never log a meeting. Two cadences on, Monday's digest flags them."))
    world.fast_forward(datetime(2026, 11, 2, 9, 30, tzinfo=PROGRAM_START.tzinfo))
    nudges = world.buttons_for(COORDINATOR.id, "alert_nudge", near="Samir")  # not text
    world.click(COORDINATOR.id, "alert_nudge", _("Nudge"), value=nudges[-1])


def chapter_evaluation(world: DemoWorld) -> None:
    world.chapter(_("Evaluation: the coordinator's report, in Slack and as a file"))
    world.narrate(_("Mid-term, the coordinator shortens the default cadence: a dated program change, marked on the "
                    "report's trend charts so its effect can be seen."))
    world.slash(COORDINATOR.id, "settings cadence_days 21")  # not text
    shared = len(world.slack.calls("files.completeUploadExternal"))
    world.slash(COORDINATOR.id, "report")
    world.slack.wait_for(lambda: len(world.slack.calls("files.completeUploadExternal")) > shared, timeout=60)  # charts
    world.settle()
    world.open_home(COORDINATOR.id)
    path = write_report_file(world.deps, world.clock.now())
    world.echo("\n" + _("The full evaluation report (HTML, charts embedded, prints cleanly) was written to {path}")
               .format(path=path))


WELLBEING_ANSWERS = {  # burnout, depersonalization (MBI frequency 1-7), supported (1-5), an idea
    RILEY.id: ("5", "2", "4", "idea_riley"),  # the idea: a key of bot/demo/samples.py
    SAMIR.id: ("6", "3", "2", "idea_samir"),
    JORDAN.id: ("4", "2", "4", "idea_jordan"),
    OKAFOR.id: ("3", "1", "5", ""),
    LEE.id: ("2", "1", "4", ""),
    PATEL.id: ("5", "4", "3", "idea_patel"),
}


def chapter_pulse_survey(world: DemoWorld) -> None:
    world.chapter(_("A pulse survey: an anonymous wellbeing round, answers, and results with small groups hidden"))
    world.slash(COORDINATOR.id, "survey support " + world.says("survey_support"))  # not text
    world.slash(COORDINATOR.id, "survey new")  # not text
    world.submit(COORDINATOR.id, {"template": "wellbeing-monthly"}, _("picks the monthly wellbeing template"))
    world.narrate(_("The first Tuesday of November: the round opens at midnight and reaches each person at 9:00 their time."))
    world.fast_forward(datetime(2026, 11, 3, 0, 1, tzinfo=PROGRAM_START.tzinfo))
    world.fast_forward(datetime(2026, 11, 3, 10, 0, tzinfo=PROGRAM_START.tzinfo))
    burnout, depersonalization, supported, idea = WELLBEING_ANSWERS[RILEY.id]
    idea = world.says(idea)
    world.click(RILEY.id, "survey_open", _("Answer"))
    world.submit(RILEY.id, {"q_burnout": burnout, "q_depersonalization": depersonalization, "q_supported": supported,
                            "q_support_idea": idea}, _("answers the four questions"))
    world.narrate(_("The other five answer too (their DMs change the same way). The coordinator peeks too early:"))
    for person, (burnout, depersonalization, supported, idea_key) in WELLBEING_ANSWERS.items():
        if person != RILEY.id:
            idea = world.says(idea_key) if idea_key else ""
            world.slack.click(person, "survey_open")
            world.slack.wait_for(partial(world.slack.open_modal, person))
            world.slack.submit_view(person, {"q_burnout": burnout, "q_depersonalization": depersonalization,
                                             "q_supported": supported, **({"q_support_idea": idea} if idea else {})})
    world.settle(compact=True)
    world.slash(COORDINATOR.id, "survey results 1")  # not text
    world.narrate(_("A week later the round closes. Dr. Lee is the only respondent from Cardiac Sciences, so his program "
                    "is not kept with his answers, nor Internal Medicine's (5), or his would be the rest; roles and "
                    "stages are as rare. Only four people wrote an idea, so those stay hidden too."))
    world.fast_forward(datetime(2026, 11, 10, 10, 0, tzinfo=PROGRAM_START.tzinfo))
    world.slash(COORDINATOR.id, "survey results 1")  # not text


CHAPTERS: tuple[Callable[[DemoWorld], None], ...] = (
    chapter_getting_started, chapter_enrolment, chapter_matching, chapter_agreement, chapter_keeping_matches_alive,
    chapter_pulse_survey,
    chapter_early_pulse,
    chapter_announcements,
    chapter_scheduling,
    chapter_completion,
    chapter_recognition,
    chapter_beyond_pairs,
    chapter_circles,
    chapter_evaluation,  # the report evaluates everything the chapters before it did
    chapter_faculty,  # after it: program coordinators would otherwise be asked to review the faculty's matches
)


def run_demo(echo: Echo = print, keep: bool = False, locale: str = "en") -> None:
    workdir = Path(tempfile.mkdtemp(prefix="mentorbot-demo-"))
    with speaking(locale):  # the narration's language; the app picks each person's own
        echo(_("mentorbot demo: SQLite in {workdir}, Slack played by the local emulator. No workspace needed.")
             .format(workdir=workdir))
        try:
            with running_world(workdir, echo, locale) as world:
                for chapter in CHAPTERS:
                    chapter(world)
                    world.check_nothing_refused()
            echo("\n" + _("Demo finished: Slack (the strict emulator) accepted every message, view and reply."))
        finally:
            if keep:
                echo(_("Kept {workdir} for inspection.").format(workdir=workdir))
            else:
                shutil.rmtree(workdir, ignore_errors=True)
