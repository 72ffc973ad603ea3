"""Matching messages: coordinator review, mentor consent, introductions, shortlists and endings."""

from __future__ import annotations

from typing import Any

from bot.i18n import N_, _, format_count, format_number, ngettext
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
from handlers.blocks.reasons import reason_words
from handlers.blocks.resources import resources_section
from storage.tables import ProposalStatus

STATUS_WORDS: dict[str, str] = {ProposalStatus.PENDING_REVIEW: N_("awaiting your review"),
                ProposalStatus.AWAITING_MENTOR: N_("approved: mentor asked"),
                ProposalStatus.ACCEPTED: N_("accepted"), ProposalStatus.DECLINED: N_("declined (moved on)"),
                ProposalStatus.EXPIRED: N_("no answer (moved on)"), ProposalStatus.REJECTED: N_("rejected"),
                ProposalStatus.WITHDRAWN: N_("withdrawn (someone left the program)")}
REVIEW_ROWS = 14  # 3 blocks each, inside Slack's 50-block message limit


def kind_label(kind: str) -> str:
    return _(KINDS[kind]).lower()


def with_article(words: str) -> str:
    """English's a / an; the French texts name the kind without it ({kind})."""
    return ("an " if words.lstrip("*_ ")[:1].lower() in tuple("aeiou") else "a ") + words


def cadence_words(days: int) -> str:
    return _(CADENCES[days]).lower() if days in CADENCES else _("every {days} days").format(days=days)


def fit_words(score: float) -> str:
    return _("fit {score}").format(score=format_number(score, "0.00"))


def _why(reasons: tuple[str, ...]) -> str:
    if not reasons:
        return _("a reasonable fit on the program's criteria")
    return escape_mrkdwn("; ".join(reason_words(reason) for reason in reasons))


def _review_status(p: ProposalInfo) -> str:
    """Where the proposal stands and, since every coordinator sees the same copy, who moved it there."""
    status = f"_{_(STATUS_WORDS[p.status]) if p.status in STATUS_WORDS else p.status}_"
    if p.reviewed_by is None:
        return status
    if p.status == ProposalStatus.PENDING_REVIEW:
        return _("{status} · mentor swapped by {who}").format(status=status, who=f"<@{p.reviewed_by}>")
    return _("{status} · reviewed by {who}").format(status=status, who=f"<@{p.reviewed_by}>")


def _review_progress(proposals: list[ProposalInfo]) -> str:
    left = sum(1 for p in proposals if p.status == ProposalStatus.PENDING_REVIEW)
    if not left:
        return _("Every proposal here has been reviewed; nothing is left to do.")
    return ngettext("{left} of {total} left to review.", "{left} of {total} left to review.", left).format(
        left=format_number(left), total=format_number(len(proposals)))


def _review_row(p: ProposalInfo) -> list[Block]:
    line = (f"*<@{p.mentee.slack_id}>* ← *<@{p.mentor.slack_id}>* · {kind_label(p.kind)} · {fit_words(p.score)}\n"
            f"{_why(p.reasons)}\n{_review_status(p)}")
    if p.status != ProposalStatus.PENDING_REVIEW:
        return [section(line)]
    value = str(p.proposal_id)
    return [section(line), actions(f"{ids.REVIEW_BLOCK_PREFIX}{value}",
                                   button(_("Approve"), ids.MATCH_APPROVE, value, "primary"),
                                   button(_("Swap mentor"), ids.MATCH_SWAP, value),
                                   button(_("Reject"), ids.MATCH_REJECT, value, "danger"))]


def build_batch_review(batch_id: str, proposals: list[ProposalInfo], unfilled: tuple[Unfilled, ...] = ()) -> dict[str, Any]:
    pending = sum(1 for p in proposals if p.status == ProposalStatus.PENDING_REVIEW)
    count = format_number(len(proposals))
    blocks: list[Block] = [header(_("Matching proposals ({count})").format(count=count)),
                           context(_("Nothing is sent to anyone until you approve. Approved mentors are asked to "
                                     "consent.") + " " + _review_progress(proposals))]
    if pending:
        blocks.append(actions(ids.REVIEW_ALL_BLOCK,
                              button(_("Approve all {n}").format(n=format_number(pending)), ids.MATCH_APPROVE_ALL,
                                     batch_id, "primary")))
    for proposal in proposals[:REVIEW_ROWS]:
        blocks += _review_row(proposal)
    if len(proposals) > REVIEW_ROWS:
        blocks.append(context(_("…and {n} more (Approve all covers them; `mentorbot match --dry-run` lists every "
                                "one).").format(n=format_number(len(proposals) - REVIEW_ROWS))))
    if unfilled:
        lines = [f"• <@{u.mentee.slack_id}> ({kind_label(u.kind)}): {u.reason}" for u in unfilled[:20]]
        blocks += [divider(), section(_("*No mentor found yet*") + "\n" + "\n".join(lines))]
    return message(format_count("{n} matching proposal to review", "{n} matching proposals to review",
                                len(proposals)), blocks[:MESSAGE_BLOCK_LIMIT])


def window_words(hours: int) -> str:
    if hours % 24:
        return format_count("{n} hour", "{n} hours", hours)
    return format_count("{n} day", "{n} days", hours // 24)


def mentor_asked_text(kind: str, answer_within_hours: int, mentor_name: str | None = None) -> str:
    """What a mentee reads once a mentor is asked. Only a mentee who picked the mentor hears the name: in the
    batch path nobody is named, so a decline (and the next mentor asked) stays invisible to the mentee."""
    fields = {"kind": kind_label(kind), "a_kind": with_article(kind_label(kind)),
              "window": window_words(answer_within_hours)}
    if mentor_name:
        return _("I've asked {name} to be your {kind} mentor; they have {window} to answer, and you'll hear from me "
                 "as soon as you're matched.").format(name=escape_mrkdwn(mentor_name), **fields)
    # TRANSLATORS: {kind} is the kind of mentoring without an article ({a_kind} has the English a / an)
    return _("We've asked {a_kind} mentor for you; they have {window} to answer, and you'll hear from me as soon "
             "as you're matched.").format(**fields)


def build_consent_request(p: ProposalInfo) -> dict[str, Any]:
    stage = _(STAGES[p.mentee_stage].label) if p.mentee_stage in STAGES else p.mentee_stage
    note = "".join(f"\n>{escape_mrkdwn(line)}" for line in p.mentee_note.splitlines()) if p.mentee_note else ""
    value, name = str(p.proposal_id), escape_mrkdwn(p.mentee.name)
    kind = kind_label(p.kind)
    return message(_("Would you mentor {name}?").format(name=name), [
        # TRANSLATORS: {kind} is the kind of mentoring without an article ({a_kind} has the English a / an)
        section(_("Would you be {a_kind} mentor for *{name}* ({stage}, {program})?").format(
                    a_kind=with_article(f"*{kind}*"), kind=f"*{kind}*", name=name, stage=escape_mrkdwn(stage),
                    program=escape_mrkdwn(p.mentee_program))
                + "\n" + _("*Why you:* {why}").format(why=_why(p.reasons))
                + "\n" + _("*Expected:* meet {cadence}.").format(cadence=cadence_words(p.cadence_days)) + note),
        actions(f"{ids.CONSENT_BLOCK_PREFIX}{value}", button(_("Accept"), ids.CONSENT_ACCEPT, value, "primary"),
                button(_("Decline"), ids.CONSENT_DECLINE, value)),
        context(_("No reason needed if you decline, and the mentee is never told who declined.")),
    ])


def build_consent_answered(p: ProposalInfo, accepted: bool) -> dict[str, Any]:
    name = escape_mrkdwn(p.mentee.name)
    text = (_("You accepted: I've introduced you to {name}. Thank you!") if accepted
            else _("You declined mentoring {name}. No problem: I'll ask someone else.")).format(name=name)
    return message(text, [section(text)])


def build_consent_expired(p: ProposalInfo) -> dict[str, Any]:
    text = _("This request to mentor {name} has lapsed; I've asked someone else. No action needed.").format(
        name=escape_mrkdwn(p.mentee.name))
    return message(text, [section(text)])


def build_consent_withdrawn(p: ProposalInfo) -> dict[str, Any]:
    text = _("This request to mentor {name} has been withdrawn: someone left the program. No action needed.").format(
        name=escape_mrkdwn(p.mentee.name))
    return message(text, [section(text)])


AGENDA = (N_("Introductions: training so far, what each of you hopes for"),
          N_("The mentee's goals for the next few months"),
          N_("How and how often you'll meet; how to reach each other"),
          N_("One concrete next step before the next meeting"))


def not_a_fit_confirm() -> tuple[str, str]:
    return (_("End this match?"), _("No fault and no reasons needed: the other person is told kindly, and the "
                                    "program looks for a new mentor if the mentee wants one."))


def build_intro(m: MatchInfo, *, ended: bool = False) -> dict[str, Any]:
    """The pair's introduction; once the match has ended, the same text without its buttons."""
    goals = ("\n" + _("*What {name} would like help with:* {note}").format(
        name=escape_mrkdwn(m.mentee.name), note=escape_mrkdwn(m.mentee_note)) if m.mentee_note else "")
    value = str(m.match_id)
    closing = (context(_("This match has ended. Thank you both for the time you gave it.")) if ended else
               actions(f"{ids.INTRO_BLOCK_PREFIX}{value}", button(_("Find a time"), ids.MEET_FIND, value, "primary"),
                       button(_("We've met"), ids.INTRO_MET, value),
                       confirmed(button(_("Not a fit"), ids.INTRO_NOT_A_FIT, value), *not_a_fit_confirm())))
    title = _("Meet your {kind} mentoring partner").format(kind=kind_label(m.kind))
    return message(title, [
        header(title),
        section(_("{mentee}, meet {mentor}, your *{kind}* mentor.").format(
                    mentee=f"<@{m.mentee.slack_id}>", mentor=f"<@{m.mentor.slack_id}>", kind=kind_label(m.kind))
                + "\n" + _("*Why you were matched:* {why}").format(why=_why(m.reasons)) + goals),
        section(_("*Suggested first meeting*") + "\n"
                + "\n".join(f"{n}. {_(item)}" for n, item in enumerate(AGENDA, 1))),
        section(_("*What the program expects:* meet {cadence}; what you discuss stays between you; mentorship is "
                  "never assessment, and nothing here reaches assessors. Either of you can end the match at any "
                  "time, no fault and no reasons needed.").format(cadence=cadence_words(m.cadence_days))),
        *resources_section(list(m.resources), _("Resources the program recommends")),
        closing,
    ])


def build_shortlist(kind: str, options: list[tuple[PersonRef, MentorOption]]) -> dict[str, Any]:
    if not options:
        text = _("No {kind} mentor has a free place right now. Your request is saved, and the coordinators will "
                 "include it in the next matching round.").format(kind=kind_label(kind))
        return message(text, [section(text)])
    blocks: list[Block] = [section(_("*Your best {kind} mentors right now:*").format(kind=kind_label(kind)))]
    for who, option in options:
        blocks.append(section(f"*{escape_mrkdwn(who.name)}* · {fit_words(option.fit.score)}\n{_why(option.fit.reasons)}",
                              accessory=button(_("Ask {name}").format(name=who.name)[:75], ids.SHORTLIST_PICK,
                                               f"{kind}:{who.slack_id}")))
    blocks.append(context(_("The mentor you pick is asked to accept; if they can't, I'll ask the next best for you.")))
    return message(ngettext("{n} suggested {kind} mentor", "{n} suggested {kind} mentors", len(options)).format(
        n=format_number(len(options)), kind=kind_label(kind)), blocks)


def build_rematch_choices(matches: list[MatchInfo], me: str) -> dict[str, Any]:
    blocks: list[Block] = [section(_("Which match would you like to end? No reasons needed; the other person is told "
                                     "kindly and the program finds a new match."))]
    for m in matches:
        other = m.mentor if m.mentee.slack_id == me else m.mentee
        blocks.append(section(_("{kind} mentoring with *{name}*").format(
                                  kind=_(KINDS[m.kind]), name=escape_mrkdwn(other.name)),
                              accessory=confirmed(button(_("End this match"), ids.REMATCH_END, str(m.match_id),
                                                         "danger"), *not_a_fit_confirm())))
    return message(_("Choose a match to end"), blocks)


def build_swap_modal(proposal: ProposalInfo, alternatives: list[tuple[PersonRef, MentorOption]],
                     metadata: str) -> dict[str, Any]:
    choices = {who.slack_id: f"{who.name} ({fit_words(o.fit.score)})" for who, o in alternatives}  # plain_text options
    blocks: list[Block] = [section(_("Instead of *{mentor}* for *{mentee}* ({kind}):").format(
        mentor=escape_mrkdwn(proposal.mentor.name), mentee=escape_mrkdwn(proposal.mentee.name),
        kind=kind_label(proposal.kind)))]
    if choices:
        blocks.append(input_block("mentor", _("Propose instead"), choice_input("static_select", choices)))
    else:
        blocks.append(section(_("_No other suitable mentor has a free place._")))
    view = {"type": "modal", "callback_id": ids.SWAP_VIEW, "private_metadata": metadata,
            "title": plain(_("Swap mentor"), 24), "close": plain(_("Cancel"), 24), "blocks": blocks}
    if choices:
        view["submit"] = plain(_("Swap"), 24)
    return view


def parse_swap_submission(values: dict[str, Any]) -> str | None:
    return read_input(values, "mentor")


def ended_notice_for_actor(m: MatchInfo, actor_is_mentee: bool, searching: bool) -> str:
    done = _("Done: the match has ended, privately and without blame.")
    if not actor_is_mentee:
        return done
    if searching:
        return done + " " + _("I've started looking for a new {kind} mentor for you; you can also pick one yourself "
                              "with `/mentor find {code}`.").format(kind=kind_label(m.kind), code=m.kind)
    return done + " " + _("You no longer ask for {kind} mentoring, so I won't look for another mentor.").format(
        kind=kind_label(m.kind))


def ended_notice_for_other(m: MatchInfo, other_is_mentee: bool, searching: bool = True) -> str:
    if other_is_mentee:
        text = _("Your {kind} mentoring match with {name} has ended. This happens and is nobody's fault.").format(
            kind=kind_label(m.kind), name=escape_mrkdwn(m.mentor.name))
        return text + (" " + _("I'll look for a new mentor for you.") if searching else "")
    return _("Your {kind} mentoring match with {name} has ended. This happens and is nobody's fault. Thank you for "
             "your time.").format(kind=kind_label(m.kind), name=escape_mrkdwn(m.mentee.name))


def ended_notice_for_coordinator(m: MatchInfo) -> str:
    return _("The {kind} match between {mentee} (mentee) and {mentor} (mentor) was ended (no-fault). The mentee's "
             "request is back in matching.").format(kind=kind_label(m.kind), mentee=escape_mrkdwn(m.mentee.name),
                                                     mentor=escape_mrkdwn(m.mentor.name))


def already_reviewed_text(count: int) -> str:
    return ngettext("That proposal was already handled by another coordinator; the review now shows where it stands.",
                    "{n} of these proposals were already handled by another coordinator; the review now shows where "
                    "they stand.", count).format(n=format_number(count))
