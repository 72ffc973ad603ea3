"""Block Kit for the mentoring agreement, the early pulse, the term reviews, renewals and completions (pure)."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.agreements.prompts import PromptView
from bot.agreements.terms import CADENCE_CHOICES, DURATION_CHOICES, AgreementView
from bot.matching.service import MatchInfo
from bot.vocabulary import KINDS
from handlers import ids
from handlers.blocks.common import Block, actions, button, confirmed, context, escape_mrkdwn, header, message, plain, section
from handlers.blocks.forms import choice_input, input_block, text_input
from storage.limits import max_chars
from storage.tables import MatchPrompt

PULSE_WORDS = {"great": "Great", "fine": "Fine", "not_sure": "Not sure", "not_working": "Not working"}
REVIEW_WORDS = {"continue": "Continue as agreed", "renew": "Renew for another term", "complete": "Complete"}
COORDINATORS_SEE = "Program coordinators see your answer (and any note); your partner does not."


def _kind(kind: str) -> str:
    return KINDS.get(kind, kind).lower()


def every(days: int) -> str:
    return {7: "every week", 14: "every two weeks", 21: "every three weeks", 30: "about once a month"}.get(
        days, f"every {days} days")


def terms_text(view: AgreementView) -> str:
    goals = ("\n".join(f"  • {escape_mrkdwn(goal)}" for goal in view.first_goals) if view.first_goals
             else "  • Agree on one to three at your first meeting (`/mentor goals` keeps them).")
    return (f"*Meeting frequency:* {every(view.cadence_days)}\n"
            f"*Expected duration:* {view.duration_months} months (until {view.ends_on:%B %-d, %Y}), with a review "
            "halfway and at the end\n"
            f"*Confidentiality:* {view.confidentiality}\n"
            f"*How to reach each other:* {view.contact}\n"
            f"*No-fault clause:* {view.no_fault}\n"
            f"*First goals:*\n{goals}")


def standing(view: AgreementView) -> str:
    partner = escape_mrkdwn(view.partner.name)
    if view.change is not None:
        proposal = f"{every(view.change.cadence_days)} for {view.change.duration_months} months"
        if view.change_is_mine:
            return f"You proposed {proposal}; waiting for {partner} to confirm."
        return f"{escape_mrkdwn(view.change.by.name)} proposes {proposal}."
    if view.agreed:
        return f"Agreed by you and {partner}."
    if view.acked_by_me:
        return f"You agreed; waiting for {partner}."
    return f"{partner} has agreed; it's your turn." if view.acked_by_partner else "Neither of you has agreed yet."


def _buttons(view: AgreementView) -> list[Block]:
    value = f"{view.agreement_id}:{view.version}"
    if view.change is not None and not view.change_is_mine:
        return [actions(ids.AGREEMENT_ACTIONS, button("Confirm the change", ids.AGREEMENT_CONFIRM, value, "primary"),
                        button("Propose something else", ids.AGREEMENT_CHANGE, value))]
    if view.agreed or view.acked_by_me or view.change is not None:
        return []
    return [actions(ids.AGREEMENT_ACTIONS, button("I agree", ids.AGREEMENT_ACK, value, "primary"),
                    button("Propose a change", ids.AGREEMENT_CHANGE, value))]


def build_agreement(view: AgreementView) -> dict[str, Any]:
    """The agreement as `view.me` reads it, with the buttons that fit where it stands."""
    title = f"{'Reminder: ' if view.reminder else ''}your {_kind(view.kind)} mentoring agreement"
    title = title[0].upper() + title[1:]
    partner = escape_mrkdwn(view.partner.name)
    intro = (f"Welcome to your match with {partner}! Here is what the program asks of you "
             "both. One click says you agree; or propose another rhythm and they confirm it.")
    if view.offered_late:
        intro = (f"Your match with {partner} began before the program had mentoring agreements, so here is yours now. "
                 "It keeps the rhythm you already have, and its term starts today: one click says you agree, or "
                 f"propose another rhythm and {partner} confirms it.")
    blocks = [header(title), section(intro), section(terms_text(view)), context(standing(view)), *_buttons(view)]
    return message(f"{title}: {standing(view)}", blocks)


def build_agreement_change(view: AgreementView) -> dict[str, Any]:
    assert view.change is not None
    text = (f"{escape_mrkdwn(view.change.by.name)} proposes a change to your {_kind(view.kind)} mentoring agreement: "
            f"meet {every(view.change.cadence_days)} for {view.change.duration_months} months. Confirm it with one "
            "click, or propose something else.")
    return message("A change to your mentoring agreement", [section(text), section(terms_text(view)),
                                                              context(standing(view)), *_buttons(view)])


def build_agreement_agreed(view: AgreementView) -> dict[str, Any]:
    text = (f"Your {_kind(view.kind)} mentoring agreement with {escape_mrkdwn(view.partner.name)} is in place: meet "
            f"{every(view.cadence_days)} until {view.ends_on:%B %-d, %Y}. It's on your App Home.")
    return message(text, [section(text)])


def build_agreement_change_modal(view: AgreementView) -> dict[str, Any]:
    cadences = {str(days): every(days).capitalize() for days in CADENCE_CHOICES}
    durations = {str(months): f"{months} months" for months in DURATION_CHOICES}
    start = view.change or view
    return {"type": "modal", "callback_id": ids.AGREEMENT_CHANGE_VIEW, "title": plain("Propose a change", 24),
            "submit": plain("Propose", 24), "close": plain("Cancel", 24),
            "private_metadata": f"{view.agreement_id}:{view.version}",
            "blocks": [context(f"{escape_mrkdwn(view.partner.name)} is asked to confirm it with one click."),
                       input_block(ids.AGREEMENT_CADENCE, "How often to meet",
                                   choice_input("static_select", cadences, str(start.cadence_days))),
                       input_block(ids.AGREEMENT_DURATION, "For how long",
                                   choice_input("static_select", durations, str(start.duration_months)))]}


def build_pulse(view: PromptView) -> dict[str, Any]:
    partner = escape_mrkdwn(view.partner.name)
    question = f"How is your {_kind(view.mentoring_kind)} mentoring match with {partner} going?"
    blocks: list[Block] = [section(f"*{question}*"), context(COORDINATORS_SEE)]
    if view.answer is None:
        blocks.append(actions(ids.PULSE_ACTIONS, *[button(label, f"{ids.PULSE_ANSWER_PREFIX}{answer}",
                                                          f"{view.prompt_id}:{answer}")
                                                   for answer, label in PULSE_WORDS.items()]))
        return message(question, blocks)
    blocks.append(section(f"Thank you: you said *{PULSE_WORDS[view.answer].lower()}*."
                          + (f"\n_Your note:_ {escape_mrkdwn(view.note)}" if view.note else "")))
    follow = [button("Add a note" if not view.note else "Change the note", ids.PULSE_NOTE, str(view.prompt_id))]
    if view.answer == "not_working":
        blocks.append(section("I'm sorry it isn't working. That happens, and it's nobody's fault: you can end this "
                              "match and be matched again (the other person is told kindly, without reasons)."))
        follow.append(confirmed(button("End it, no fault", ids.REMATCH_END, str(view.match_id), "danger"),
                                "End this match?", f"{view.partner.name} is told kindly, without reasons.", "End it"))
    blocks.append(actions(ids.PULSE_ACTIONS, *follow))
    return message(question, blocks)


def build_pulse_note_modal(view: PromptView, where: str) -> dict[str, Any]:
    """`where`: "channel|ts" of the pulse message, edited to show the note once it is saved."""
    return {"type": "modal", "callback_id": ids.PULSE_NOTE_VIEW, "title": plain("A note for the program", 24),
            "submit": plain("Save", 24), "close": plain("Cancel", 24), "private_metadata": f"{view.prompt_id}|{where}",
            "blocks": [context(COORDINATORS_SEE),
                       input_block(ids.PULSE_NOTE_BLOCK, "Anything you'd like to add?",
                                   text_input(view.note, multiline=True, max_length=max_chars(MatchPrompt, "note")),
                                   optional=True)]}


def build_review(view: PromptView, *, outcome: str = "") -> dict[str, Any]:
    partner = escape_mrkdwn(view.partner.name)
    when = "halfway through" if view.kind == "midpoint" else "at the end of"
    ends = f" (it runs until {view.ends_on:%B %-d, %Y})" if view.ends_on else ""
    question = f"You're {when} your {_kind(view.mentoring_kind)} mentoring agreement with {partner}{ends}. What next?"
    blocks: list[Block] = [section(question),
                           context("Complete is a success: the match ends with thanks and no new search starts. "
                                   "Renewing takes you both choosing it. " + COORDINATORS_SEE)]
    if view.answer is None:
        blocks.append(actions(ids.REVIEW_ACTIONS, *[button(label, f"{ids.REVIEW_ANSWER_PREFIX}{answer}",
                                                           f"{view.prompt_id}:{answer}",
                                                           "primary" if answer == "continue" else None)
                                                    for answer, label in REVIEW_WORDS.items()]))
    else:
        blocks.append(section(f"You chose *{REVIEW_WORDS[view.answer].lower()}*. {review_outcome_text(outcome, partner)}"))
    return message(question, blocks)


def review_outcome_text(outcome: str, partner: str) -> str:
    return {"completed": "The match is complete. Thank you!",
            "renewed": f"You and {partner} both chose to renew: a new term has started.",
            "waiting": f"You'll renew as soon as {partner} chooses it too.",
            }.get(outcome, "Noted, thank you.")


def build_completion_thanks(match: MatchInfo, role: str) -> dict[str, Any]:
    partner = escape_mrkdwn(match.mentor.name if role == "mentee" else match.mentee.name)
    text = (f"Your {_kind(match.kind)} mentoring with {partner} is complete. Thank you for the time and care you "
            "gave it: a finished match is the program working as it should.")
    if role == "mentee":
        text += f" If you'd like another {_kind(match.kind)} mentor later, `/mentor find {match.kind}` starts a new search."
    return message(text, [section(text)])


def build_renewed(match: MatchInfo, role: str, ends_on: date) -> dict[str, Any]:
    partner = escape_mrkdwn(match.mentor.name if role == "mentee" else match.mentee.name)
    text = (f"You and {partner} renewed your {_kind(match.kind)} mentoring agreement for another term, until "
            f"{ends_on:%B %-d, %Y}. Same rhythm, same no-fault clause.")
    return message(text, [section(text)])


def build_completion_to_coordinators(match: MatchInfo, thanked: bool) -> dict[str, Any]:
    mentee, mentor = escape_mrkdwn(match.mentee.name), escape_mrkdwn(match.mentor.name)
    text = f"{mentee}'s {_kind(match.kind)} mentoring with {mentor} is complete: a success for the program."
    if thanked:
        return message(text + f" The program has thanked {mentor}.", [section(text + f" The program has thanked {mentor}.")])
    return message(text, [section(text), actions(ids.COMPLETION_THANKS_BLOCK,
                                                 button(f"Thank {match.mentor.name[:40]}", ids.THANK_MENTOR,
                                                        str(match.match_id), style="primary"))])


def build_mentor_thanks(match: MatchInfo) -> dict[str, Any]:
    mentee = escape_mrkdwn(match.mentee.name)
    text = (f"On behalf of the mentorship program: thank you for completing your {_kind(match.kind)} mentoring with "
            f"{mentee}. Your time is the program's most valuable gift. `/mentor my-record` gives you a statement of "
            "your mentoring for your dossier.")
    return message(text, [section(text)])
