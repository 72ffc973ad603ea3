"""Rows about one person, for `/mentor my-data`: what they are party to beyond their profile."""

from __future__ import annotations

from sqlmodel import Session, col, or_, select

from storage.tables import Agreement, CheckIn, DevelopmentPlan, Goal, MatchPrompt, GoalUpdate, Match, MatchRequest, Meeting, OutboxMessage, Proposal


def goals_with_updates(*, session: Session, person_id: int) -> list[tuple[Goal, list[GoalUpdate]]]:
    goals = list(session.exec(select(Goal).where(Goal.mentee_id == person_id).order_by(col(Goal.id))))
    updates = list(session.exec(select(GoalUpdate).where(col(GoalUpdate.goal_id).in_([g.id for g in goals]))
                                .order_by(col(GoalUpdate.id)))) if goals else []
    return [(goal, [u for u in updates if u.goal_id == goal.id]) for goal in goals]


def matches_of_person(*, session: Session, person_id: int) -> list[Match]:
    return list(session.exec(select(Match).where(or_(Match.mentee_id == person_id, Match.mentor_id == person_id))
                             .order_by(col(Match.id))))


def meetings_of(*, session: Session, match_ids: list[int]) -> list[Meeting]:
    return list(session.exec(select(Meeting).where(col(Meeting.match_id).in_(match_ids)).order_by(col(Meeting.id))))


def checkins_of(*, session: Session, match_ids: list[int]) -> list[CheckIn]:
    return list(session.exec(select(CheckIn).where(col(CheckIn.match_id).in_(match_ids)).order_by(col(CheckIn.id))))


def agreements_of(*, session: Session, match_ids: list[int]) -> list[Agreement]:
    return list(session.exec(select(Agreement).where(col(Agreement.match_id).in_(match_ids)).order_by(col(Agreement.id))))


def development_plans_of(*, session: Session, person_id: int) -> list[DevelopmentPlan]:
    return list(session.exec(select(DevelopmentPlan).where(DevelopmentPlan.mentee_id == person_id)
                             .order_by(col(DevelopmentPlan.id))))


def prompts_of(*, session: Session, match_ids: list[int]) -> list[MatchPrompt]:
    return list(session.exec(select(MatchPrompt).where(col(MatchPrompt.match_id).in_(match_ids))
                             .order_by(col(MatchPrompt.id))))


def requests_and_proposals(*, session: Session, person_id: int) -> tuple[list[MatchRequest], list[Proposal]]:
    requests = list(session.exec(select(MatchRequest).where(MatchRequest.mentee_id == person_id)
                                 .order_by(col(MatchRequest.id))))
    mine = [r.id for r in requests]
    proposals = list(session.exec(select(Proposal).where(or_(Proposal.mentor_id == person_id,
                                                             col(Proposal.request_id).in_(mine)))
                                  .order_by(col(Proposal.id))))
    return requests, proposals


def messages_to(*, session: Session, slack_user_id: str) -> list[OutboxMessage]:
    """Their DMs and the group DMs they were introduced in (recipients comma-joined)."""
    return list(session.exec(select(OutboxMessage).where(col(OutboxMessage.recipient).contains(slack_user_id,
                                                                                              autoescape=True))
                             .order_by(col(OutboxMessage.id))))
