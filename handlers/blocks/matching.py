"""Matching messages: coordinator review, mentor consent, introductions, shortlists and endings."""

from __future__ import annotations

from typing import Any

from bot.matching.pool import MentorOption
from bot.matching.service import MatchInfo, PersonRef, ProposalInfo, Unfilled
from bot.vocabulary import CADENCES, KINDS, STAGES
from handlers import ids
from handlers.blocks.common import (
    MESSAGE_BLOCK_LIMIT,
    Block,
    actions,
    button,
    confirmed,
    context,
    divider,
    escape_mrkdwn,
    header,
    message,
    plain,
    section,
)
from handlers.blocks.forms import choice_input, input_block, read_input
from handlers.blocks.resources import resources_section
from storage.tables import ProposalStatus

STATUS_WORDS: dict[str, str] = {ProposalStatus.PENDING_REVIEW: "awaiting your review",
                ProposalStatus.AWAITING_MENTOR: "approved: mentor asked",
                ProposalStatus.ACCEPTED: "accepted", ProposalStatus.DECLINED: "declined (moved on)",
                ProposalStatus.EXPIRED: "no answer (moved on)", ProposalStatus.REJECTED: "rejected",
                ProposalStatus.WITHDRAWN: "withdrawn (someone left the program)"}
REVIEW_ROWS = 14  # 3 blocks each, inside Slack's 50-block message limit


def kind_label(kind: str) -> str:
    return KINDS[kind].lower()


def with_article(words: str) -> str:
    return ("an " if words.lstrip("*_ ")[:1].lower() in tuple("aeiou") else "a ") + words


def cadence_words(days: int) -> str:
    return CADENCES.get(days, f"every {days} days").lower()


def _why(reasons: tuple[str, ...]) -> str:
    return escape_mrkdwn("; ".join(reasons)) if reasons else "a reasonable fit on the program's criteria"


def _review_status(p: ProposalInfo) -> str:
    """Where the proposal stands and, since every coordinator sees the same copy, who moved it there."""
    status = f"_{STATUS_WORDS.get(p.status, p.status)}_"
    if p.reviewed_by is None:
        return status
    verb = "mentor swapped by" if p.status == ProposalStatus.PENDING_REVIEW else "reviewed by"
    return f"{status} · {verb} <@{p.reviewed_by}>"


def _review_progress(proposals: list[ProposalInfo]) -> str:
    left = sum(1 for p in proposals if p.status == ProposalStatus.PENDING_REVIEW)
    if not left:
        return "Every proposal here has been reviewed; nothing is left to do."
    return f"{left} of {len(proposals)} left to review."


def _review_row(p: ProposalInfo) -> list[Block]:
    line = (f"*<@{p.mentee.slack_id}>* ← *<@{p.mentor.slack_id}>* · {kind_label(p.kind)} · fit {p.score:.2f}\n"
            f"{_why(p.reasons)}\n{_review_status(p)}")
    if p.status != ProposalStatus.PENDING_REVIEW:
        return [section(line)]
    value = str(p.proposal_id)
    return [section(line), actions(f"{ids.REVIEW_BLOCK_PREFIX}{value}",
                                   button("Approve", ids.MATCH_APPROVE, value, "primary"),
                                   button("Swap mentor", ids.MATCH_SWAP, value),
                                   button("Reject", ids.MATCH_REJECT, value, "danger"))]


def build_batch_review(batch_id: str, proposals: list[ProposalInfo], unfilled: tuple[Unfilled, ...] = ()) -> dict[str, Any]:
    pending = sum(1 for p in proposals if p.status == ProposalStatus.PENDING_REVIEW)
    blocks: list[Block] = [header(f"Matching proposals ({len(proposals)})"),
                           context("Nothing is sent to anyone until you approve. Approved mentors are asked to consent. "
                                   + _review_progress(proposals))]
    if pending:
        blocks.append(actions(ids.REVIEW_ALL_BLOCK,
                              button(f"Approve all {pending}", ids.MATCH_APPROVE_ALL, batch_id, "primary")))
    for proposal in proposals[:REVIEW_ROWS]:
        blocks += _review_row(proposal)
    if len(proposals) > REVIEW_ROWS:
        blocks.append(context(f"…and {len(proposals) - REVIEW_ROWS} more (Approve all covers them; "
                              "`mentorbot match --dry-run` lists every one)."))
    if unfilled:
        lines = [f"• <@{u.mentee.slack_id}> ({kind_label(u.kind)}): {u.reason}" for u in unfilled[:20]]
        blocks += [divider(), section("*No mentor found yet*\n" + "\n".join(lines))]
    return message(f"{len(proposals)} matching proposals to review", blocks[:MESSAGE_BLOCK_LIMIT])


def window_words(hours: int) -> str:
    if hours % 24:
        return f"{hours} hours"
    days = hours // 24
    return f"{days} day" + ("" if days == 1 else "s")


def mentor_asked_text(kind: str, answer_within_hours: int, mentor_name: str | None = None) -> str:
    """What a mentee reads once a mentor is asked. Only a mentee who picked the mentor hears the name: in the
    batch path nobody is named, so a decline (and the next mentor asked) stays invisible to the mentee."""
    asked = (f"I've asked {escape_mrkdwn(mentor_name)} to be your {kind_label(kind)} mentor" if mentor_name
             else f"We've asked {with_article(kind_label(kind))} mentor for you")
    return (f"{asked}; they have {window_words(answer_within_hours)} to answer, and you'll hear from me "
            "as soon as you're matched.")


def build_consent_request(p: ProposalInfo) -> dict[str, Any]:
    stage = STAGES[p.mentee_stage].label if p.mentee_stage in STAGES else p.mentee_stage
    note = "".join(f"\n>{escape_mrkdwn(line)}" for line in p.mentee_note.splitlines()) if p.mentee_note else ""
    value, name = str(p.proposal_id), escape_mrkdwn(p.mentee.name)
    return message(f"Would you mentor {name}?", [
        section(f"Would you be {with_article(f'*{kind_label(p.kind)}*')} mentor for *{name}* "
                f"({escape_mrkdwn(stage)}, {escape_mrkdwn(p.mentee_program)})?\n"
                f"*Why you:* {_why(p.reasons)}\n*Expected:* meet {cadence_words(p.cadence_days)}.{note}"),
        actions(f"{ids.CONSENT_BLOCK_PREFIX}{value}", button("Accept", ids.CONSENT_ACCEPT, value, "primary"),
                button("Decline", ids.CONSENT_DECLINE, value)),
        context("No reason needed if you decline, and the mentee is never told who declined."),
    ])


def build_consent_answered(p: ProposalInfo, accepted: bool) -> dict[str, Any]:
    name = escape_mrkdwn(p.mentee.name)
    text = (f"You accepted: I've introduced you to {name}. Thank you!" if accepted
            else f"You declined mentoring {name}. No problem: I'll ask someone else.")
    return message(text, [section(text)])


def build_consent_expired(p: ProposalInfo) -> dict[str, Any]:
    text = f"This request to mentor {escape_mrkdwn(p.mentee.name)} has lapsed; I've asked someone else. No action needed."
    return message(text, [section(text)])


def build_consent_withdrawn(p: ProposalInfo) -> dict[str, Any]:
    text = (f"This request to mentor {escape_mrkdwn(p.mentee.name)} has been withdrawn: someone left the program. "
            "No action needed.")
    return message(text, [section(text)])


AGENDA = ("Introductions: training so far, what each of you hopes for", "The mentee's goals for the next few months",
          "How and how often you'll meet; how to reach each other", "One concrete next step before the next meeting")


NOT_A_FIT_CONFIRM = ("End this match?", "No fault and no reasons needed: the other person is told kindly, and "
                     "the program looks for a new mentor if the mentee wants one.")


def build_intro(m: MatchInfo, *, ended: bool = False) -> dict[str, Any]:
    """The pair's introduction; once the match has ended, the same text without its buttons."""
    goals = (f"\n*What {escape_mrkdwn(m.mentee.name)} would like help with:* {escape_mrkdwn(m.mentee_note)}"
             if m.mentee_note else "")
    value = str(m.match_id)
    closing = (context("This match has ended. Thank you both for the time you gave it.") if ended else
               actions(f"{ids.INTRO_BLOCK_PREFIX}{value}", button("Find a time", ids.MEET_FIND, value, "primary"),
                       button("We've met", ids.INTRO_MET, value),
                       confirmed(button("Not a fit", ids.INTRO_NOT_A_FIT, value), *NOT_A_FIT_CONFIRM)))
    return message(f"Meet your {kind_label(m.kind)} mentoring partner", [
        header(f"Meet your {kind_label(m.kind)} mentoring partner"),
        section(f"<@{m.mentee.slack_id}>, meet <@{m.mentor.slack_id}>, your *{kind_label(m.kind)}* mentor.\n"
                f"*Why you were matched:* {_why(m.reasons)}{goals}"),
        section("*Suggested first meeting*\n" + "\n".join(f"{n}. {item}" for n, item in enumerate(AGENDA, 1))),
        section(f"*What the program expects:* meet {cadence_words(m.cadence_days)}; what you discuss stays between you; "
                "mentorship is never assessment, and nothing here reaches assessors. Either of you can end the match "
                "at any time, no fault and no reasons needed."),
        *resources_section(list(m.resources), "Resources the program recommends"),
        closing,
    ])


def build_shortlist(kind: str, options: list[tuple[PersonRef, MentorOption]]) -> dict[str, Any]:
    if not options:
        text = (f"No {kind_label(kind)} mentor has a free place right now. Your request is saved, and the "
                "coordinators will include it in the next matching round.")
        return message(text, [section(text)])
    blocks: list[Block] = [section(f"*Your best {kind_label(kind)} mentors right now:*")]
    for who, option in options:
        blocks.append(section(f"*{escape_mrkdwn(who.name)}* · fit {option.fit.score:.2f}\n{_why(option.fit.reasons)}",
                              accessory=button(f"Ask {who.name}"[:75], ids.SHORTLIST_PICK, f"{kind}:{who.slack_id}")))
    blocks.append(context("The mentor you pick is asked to accept; if they can't, I'll ask the next best for you."))
    return message(f"{len(options)} suggested {kind_label(kind)} mentors", blocks)


def build_rematch_choices(matches: list[MatchInfo], me: str) -> dict[str, Any]:
    blocks: list[Block] = [section("Which match would you like to end? No reasons needed; the other person is told "
                                   "kindly and the program finds a new match.")]
    for m in matches:
        other = m.mentor if m.mentee.slack_id == me else m.mentee
        blocks.append(section(f"{kind_label(m.kind).capitalize()} mentoring with *{escape_mrkdwn(other.name)}*",
                              accessory=confirmed(button("End this match", ids.REMATCH_END, str(m.match_id), "danger"),
                                                  *NOT_A_FIT_CONFIRM)))
    return message("Choose a match to end", blocks)


def build_swap_modal(proposal: ProposalInfo, alternatives: list[tuple[PersonRef, MentorOption]],
                     metadata: str) -> dict[str, Any]:
    choices = {who.slack_id: f"{who.name} (fit {o.fit.score:.2f})" for who, o in alternatives}  # plain_text options
    blocks: list[Block] = [section(f"Instead of *{escape_mrkdwn(proposal.mentor.name)}* for "
                                   f"*{escape_mrkdwn(proposal.mentee.name)}* "
                                   f"({kind_label(proposal.kind)}):")]
    if choices:
        blocks.append(input_block("mentor", "Propose instead", choice_input("static_select", choices)))
    else:
        blocks.append(section("_No other suitable mentor has a free place._"))
    view = {"type": "modal", "callback_id": ids.SWAP_VIEW, "private_metadata": metadata,
            "title": plain("Swap mentor", 24), "close": plain("Cancel", 24), "blocks": blocks}
    if choices:
        view["submit"] = plain("Swap", 24)
    return view


def parse_swap_submission(values: dict[str, Any]) -> str | None:
    return read_input(values, "mentor")


def ended_notice_for_actor(m: MatchInfo, actor_is_mentee: bool, searching: bool) -> str:
    done = "Done: the match has ended, privately and without blame."
    if not actor_is_mentee:
        return done
    if searching:
        return (f"{done} I've started looking for a new {kind_label(m.kind)} mentor for you; you can also pick one "
                f"yourself with `/mentor find {m.kind}`.")
    return f"{done} You no longer ask for {kind_label(m.kind)} mentoring, so I won't look for another mentor."


def ended_notice_for_other(m: MatchInfo, other_is_mentee: bool, searching: bool = True) -> str:
    if other_is_mentee:
        return (f"Your {kind_label(m.kind)} mentoring match with {escape_mrkdwn(m.mentor.name)} has ended. This happens "
                "and is nobody's fault." + (" I'll look for a new mentor for you." if searching else ""))
    return (f"Your {kind_label(m.kind)} mentoring match with {escape_mrkdwn(m.mentee.name)} has ended. This happens and "
            "is nobody's "
            "fault. Thank you for your time.")


def ended_notice_for_coordinator(m: MatchInfo) -> str:
    return (f"The {kind_label(m.kind)} match between {escape_mrkdwn(m.mentee.name)} (mentee) and "
            f"{escape_mrkdwn(m.mentor.name)} (mentor) was ended "
            "(no-fault). The mentee's request is back in matching.")


def already_reviewed_text(count: int) -> str:
    if count == 1:
        return "That proposal was already handled by another coordinator; the review now shows where it stands."
    return f"{count} of these proposals were already handled by another coordinator; the review now shows where they stand."
