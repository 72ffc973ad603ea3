"""A small seeded program whose indicators are computed by hand in the tests (see the comments there).

Timezone UTC, period 1 September - 30 November 2026 (so the end is 1 December 00:00 UTC).
Mentors: One (capacity 2; career, research with research limited to 1), Two (1; career, wellness),
Three (3; clinical; no mentee), Four (1; career; two mentees: over capacity), Five (left in October).
Mentees: S1-S4 Surgery PGY-1, I1-I6 Internal Medicine PGY-2, P1-P7 Psychiatry PGY-3; X1 left on 20 September;
Late joined after the period. Everyone wants one kind.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlmodel import Session

from storage.tables import (
    Alert,
    AnonymousAnswer,
    AnonymousResponse,
    AuditEvent,
    CheckIn,
    Goal,
    GoalUpdate,
    IdentityProfile,
    Match,
    MatchRequest,
    Meeting,
    MenteeProfile,
    MentorProfile,
    NamedAnswer,
    OutboxMessage,
    Person,
    ProgramSetting,
    Survey,
    SurveyQuestion,
    SurveyRecipient,
    SurveyRound,
)

AUG = datetime(2026, 8, 1, 12, tzinfo=UTC)
MBI = ["Never", "A few times a year or less", "Once a month or less", "A few times a month", "Once a week",
       "A few times a week", "Every day"]
AGREE = ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"]


def at(month: int, day: int, hour: int = 12) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=UTC)


class Seeder:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.ids: dict[str, int] = {}
        self.people: list[int] = []
        self.responses = 0

    def add(self, row: Any) -> Any:
        self.session.add(row)
        self.session.flush()
        return row

    def person(self, name: str, *, mentee: bool = False, mentor: bool = False, program: str | None = None,
               stage: str | None = None, created: datetime = AUG, left: datetime | None = None) -> int:
        person = self.add(Person(slack_user_id=f"U{name.upper()}", display_name=name, program=program, stage=stage,
                                 is_mentee=mentee, is_mentor=mentor, active=left is None, created_at=created,
                                 updated_at=created, left_at=left))
        self.ids[name] = person.id
        self.people.append(person.id)
        return person.id

    def mentee(self, name: str, program: str, stage: str, kinds: list[str], gender: str | None = None,
               **extra: Any) -> int:
        person_id = self.person(name, mentee=True, program=program, stage=stage, **extra)
        self.add(MenteeProfile(person_id=person_id, kinds_wanted=kinds, updated_at=AUG))
        if gender:
            self.add(IdentityProfile(person_id=person_id, answers={"gender": gender}, updated_at=AUG))
        return person_id

    def mentor(self, name: str, capacity: int, kinds: list[str], per_kind: dict[str, int] | None = None,
               **extra: Any) -> int:
        person_id = self.person(name, mentor=True, stage="associate_professor", **extra)
        self.add(MentorProfile(person_id=person_id, kinds_offered=kinds, capacity_total=capacity,
                               capacity_per_kind=per_kind or {}, updated_at=AUG))
        return person_id

    def request(self, mentee: str, kind: str, created: datetime, closed: datetime | None = None) -> None:
        self.add(MatchRequest(mentee_id=self.ids[mentee], kind=kind, status="matched" if closed else "open",
                              created_at=created, closed_at=closed))

    def match(self, label: str, mentee: str, mentor: str, kind: str, started: datetime,
              ended: datetime | None = None, meetings: tuple[tuple[int, int], ...] = (), minutes: int | None = None) -> int:
        match = self.add(Match(mentee_id=self.ids[mentee], mentor_id=self.ids[mentor], kind=kind,
                               status="ended" if ended else "active", cadence_days=30, started_at=started,
                               ended_at=ended, end_reason="no_fault" if ended else None))
        self.ids[label] = match.id
        for month, day in meetings:
            self.add(Meeting(match_id=match.id, met_on=date(2026, month, day), minutes=minutes, logged_by="U",
                             created_at=at(month, day)))
        return match.id

    def checkin(self, match: str, role: str, cycle: int, sent: datetime, answered: bool,
                reminded: datetime | None = None) -> None:
        self.add(CheckIn(match_id=self.ids[match], role=role, cycle=cycle, due_at=sent, status="answered" if answered
                         else "sent", sent_at=sent, answered_at=sent if answered else None, reminded_at=reminded))

    def goal(self, mentee: str, title: str, category: str, created: datetime, log: list[tuple[datetime, str]],
             target: date | None = None, private: bool = False) -> None:
        goal = self.add(Goal(mentee_id=self.ids[mentee], title=title, category=category, target_date=target,
                             visible_to=[] if private else None, status=log[-1][1], created_at=created,
                             updated_at=log[-1][0]))
        for when, status in log:
            self.add(GoalUpdate(goal_id=goal.id, at=when, status=status, by="U"))


def seed_program(session: Session) -> dict[str, int]:
    s = Seeder(session)
    s.mentor("One", 2, ["career", "research"], {"research": 1})
    s.mentor("Two", 1, ["career", "wellness"])
    s.mentor("Three", 3, ["clinical"])
    s.mentor("Four", 1, ["career"])
    s.mentor("Five", 2, ["career"], left=at(10, 15))
    for n in range(1, 5):
        s.mentee(f"S{n}", "Surgery", "PGY-1", ["career"], gender={1: "non_binary", 2: "prefer_not_to_say"}.get(n))
    s.mentee("I1", "Internal Medicine", "PGY-2", ["career"], gender="man")
    s.mentee("I2", "Internal Medicine", "PGY-2", ["research"], gender="man")
    for n in range(3, 7):
        s.mentee(f"I{n}", "Internal Medicine", "PGY-2", ["career"], gender="man")
    s.mentee("P1", "Psychiatry", "PGY-3", ["wellness"], gender="woman")
    for n in range(2, 8):
        s.mentee(f"P{n}", "Psychiatry", "PGY-3", ["career"], gender="woman")
    s.mentee("X1", "Surgery", "PGY-1", ["career"], left=at(9, 20))
    s.mentee("Late", "Surgery", "PGY-1", ["career"], created=at(12, 5))
    _matching(s)
    _care(s)
    _outreach(s)
    _surveys(s)
    _changes(s)
    session.commit()
    return s.ids


def _matching(s: Seeder) -> None:
    s.request("I1", "career", at(8, 1), at(8, 15))
    s.match("m1", "I1", "One", "career", at(8, 15), meetings=((8, 20), (9, 10), (10, 12), (11, 20)), minutes=60)
    s.request("I2", "research", datetime(2026, 8, 22, tzinfo=UTC), datetime(2026, 9, 1, tzinfo=UTC))
    s.match("m2", "I2", "One", "research", datetime(2026, 9, 1, tzinfo=UTC), meetings=((9, 15),))
    s.request("P1", "wellness", at(9, 6), at(9, 16))
    s.match("m3", "P1", "Two", "wellness", at(9, 16), ended=at(10, 16), meetings=((9, 25),))
    s.request("P1", "wellness", at(10, 16))
    s.request("P2", "career", at(9, 11), at(10, 1))
    s.match("m4", "P2", "Four", "career", at(10, 1), meetings=((10, 20), (11, 18)))
    s.request("P3", "career", at(9, 1), at(10, 1))
    s.match("m5", "P3", "Four", "career", at(10, 1))
    s.request("S1", "career", at(10, 27), at(11, 1))
    s.match("m6", "S1", "Two", "career", at(11, 1), meetings=((11, 10),))
    for name in ("S2", "S3", "S4"):
        s.request(name, "career", at(11, 20))
    for name in ("I3", "I4", "I5", "I6"):
        s.request(name, "career", at(9, 1))
    for name in ("P4", "P5", "P6", "P7"):
        s.request(name, "career", at(11, 15))
    s.request("X1", "career", at(8, 2))


def _care(s: Seeder) -> None:
    s.checkin("m1", "mentee", 0, at(8, 14), True)
    s.checkin("m1", "mentee", 1, at(9, 14), True)
    s.checkin("m1", "mentor", 1, at(9, 14), True)
    s.checkin("m1", "mentee", 2, at(10, 14), True)
    s.checkin("m1", "mentor", 2, at(10, 14), False, reminded=at(10, 17))
    s.checkin("m2", "mentee", 1, at(10, 1), False, reminded=at(10, 4))
    s.checkin("m2", "mentor", 1, at(10, 1), False, reminded=at(10, 4))
    s.checkin("m4", "mentee", 1, at(11, 1), True)
    s.checkin("m4", "mentor", 1, at(11, 1), True)
    s.checkin("m5", "mentee", 1, at(11, 1), True)
    s.checkin("m5", "mentor", 1, at(11, 1), False)
    s.add(Alert(kind="quiet_pair", subject_id=s.ids["m2"], match_id=s.ids["m2"], raised_on=date(2026, 10, 5),
                nudged_at=at(10, 5)))
    s.add(Alert(kind="quiet_pair", subject_id=s.ids["m1"], match_id=s.ids["m1"], raised_on=date(2026, 8, 1),
                nudged_at=at(8, 1), resolved_at=at(8, 20)))
    s.goal("I1", "Submit abstract", "scholarship", at(8, 20), [(at(8, 20), "not_started"), (at(9, 20), "on_track"),
                                                                (at(11, 10), "done")])
    s.goal("I2", "Learn POCUS", "clinical skill", at(9, 5), [(at(9, 5), "on_track")])
    s.goal("P2", "Plan fellowship", "career transition", at(10, 5), [(at(10, 5), "at_risk")])
    s.goal("P3", "Something personal", "wellbeing", at(10, 5), [(at(10, 5), "not_started")], target=date(2026, 11, 15),
           private=True)
    s.goal("S1", "After the period", "leadership", at(12, 5), [(at(12, 5), "on_track")])
    s.goal("P2", "Dropped idea", "career transition", at(9, 10), [(at(9, 10), "on_track"), (at(10, 10), "dropped")])
    s.goal("I1", "Teach a session", "", at(9, 2), [(at(9, 2), "on_track"), (at(12, 3), "done")])


def _outreach(s: Seeder) -> None:
    for number, (copies, sent) in enumerate(((3, at(9, 10)), (2, at(11, 2))), start=1):
        for copy in range(copies):
            failed = number == 2 and copy == 1
            s.add(OutboxMessage(key=f"broadcast:{number}:U{copy}", purpose="broadcast", recipient=f"U{copy}",
                                status="failed" if failed else "sent", not_before=sent, created_at=sent,
                                sent_at=None if failed else sent))
    s.add(OutboxMessage(key="checkin:1:mentee", purpose="checkin", recipient="U0", status="sent", not_before=at(9, 10),
                        created_at=at(9, 10), sent_at=at(9, 10)))


def _survey(s: Seeder, key: str, title: str, kind: str, anonymous: bool,
            questions: list[tuple[str, str, list[str]]]) -> tuple[int, dict[str, int]]:
    survey = s.add(Survey(key=key, title=title, kind=kind, anonymous=anonymous, created_by="UCOORD", created_at=AUG,
                          updated_at=AUG))
    ids = {}
    for position, (qkey, qkind, labels) in enumerate(questions, start=1):
        options = [{"value": str(n) if qkind == "likert" else label.lower().replace(" ", "-").replace(",", ""),
                    "label": label} for n, label in enumerate(labels, start=1)]
        ids[qkey] = s.add(SurveyQuestion(survey_id=survey.id, position=position, key=qkey, kind=qkind, text=f"{qkey}?",
                                         options=options)).id
    return survey.id, ids


def _round(s: Seeder, survey_id: int, number: int, opens: datetime, asked: int, responded: int) -> int:
    survey_round = s.add(SurveyRound(survey_id=survey_id, number=number, opens_at=opens, closes_at=opens, remind_at=opens,
                                     status="closed"))
    for index, person_id in enumerate(s.people[:asked]):
        s.add(SurveyRecipient(round_id=survey_round.id, person_id=person_id, responded=index < responded))
    return survey_round.id


def _anonymous(s: Seeder, round_id: int, role: str, program: str, answers: dict[int, str]) -> None:
    s.responses += 1
    response = s.add(AnonymousResponse(id=f"response{s.responses}", round_id=round_id, week_of=date(2026, 9, 7),
                                       role=role, program=program or None, stage="PGY-3"))
    for question_id, value in answers.items():
        s.add(AnonymousAnswer(id=f"a{question_id}-{response.id}", response_id=response.id, question_id=question_id,
                              value=value))


def _surveys(s: Seeder) -> None:
    wellbeing, q = _survey(s, "wellbeing", "Monthly wellbeing pulse", "wellbeing", True,
                           [("burnout", "likert", MBI), ("supported", "likert", AGREE)])
    s.ids["survey_wellbeing"] = wellbeing
    before = _round(s, wellbeing, 1, at(8, 4), 3, 0)
    _anonymous(s, before, "mentee", "Psychiatry", {q["burnout"]: "7", q["supported"]: "1"})
    r1 = _round(s, wellbeing, 2, at(9, 8), 10, 7)
    for _ in range(5):
        _anonymous(s, r1, "mentee", "Psychiatry", {q["burnout"]: "1", q["supported"]: "5"})
    for _ in range(2):
        _anonymous(s, r1, "mentor", "Psychiatry", {q["burnout"]: "7", q["supported"]: "1"})
    r2 = _round(s, wellbeing, 3, at(10, 6), 10, 6)
    for program in ("Psychiatry", "Psychiatry", "Psychiatry", "Internal Medicine", "Internal Medicine", "Surgery"):
        _anonymous(s, r2, "mentee", program, {q["burnout"]: "4", q["supported"]: "3"})
    mentors, m = _survey(s, "mentor-pulse", "Mentor pulse", "satisfaction", True,
                         [("time_burden", "likert", AGREE),
                          ("continue", "single", ["Yes", "Yes, with fewer mentees", "Not sure", "No"])])
    r3 = _round(s, mentors, 1, at(10, 6, 13), 6, 5)
    for burden, carry_on in (("4", "yes"), ("4", "yes-with-fewer-mentees"), ("5", "no"), ("3", "not-sure"), ("2", "yes")):
        _anonymous(s, r3, "mentor", "", {m["time_burden"]: burden, m["continue"]: carry_on})
    named, n = _survey(s, "named", "Named check", "satisfaction", False, [("useful", "likert", AGREE)])
    r4 = _round(s, named, 1, at(11, 3), 1, 1)
    s.add(NamedAnswer(round_id=r4, person_id=s.ids["I1"], question_id=n["useful"], value="4", answered_at=at(11, 3)))
    s.add(AuditEvent(at=at(9, 1), actor_slack_id="UCOORD", action="survey.create", target=f"survey:{wellbeing}"))
    s.add(AuditEvent(at=at(12, 10), actor_slack_id="UCOORD", action="survey.pause", target=f"survey:{mentors}"))


def _changes(s: Seeder) -> None:
    s.add(ProgramSetting(key="quiet_after_cadences", value=2, changed_at=AUG, changed_by="UCOORD"))
    s.add(ProgramSetting(key="cadence_days", value=14, changed_at=at(10, 1, 15), changed_by="UCOORD"))
