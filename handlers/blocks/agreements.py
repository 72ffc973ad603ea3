"""Block Kit for the mentoring agreement, the early pulse, the term reviews, renewals and completions (pure)."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.agreements.prompts import PromptView
from bot.agreements.terms import CADENCE_CHOICES, DURATION_CHOICES, AgreementView
from bot.i18n import N_, _, format_count, format_date, labelled, lazy
from bot.matching.service import MatchInfo
from bot.vocabulary import KINDS
from handlers import ids
from handlers.blocks.common import Block, actions, button, confirmed, context, escape_mrkdwn, header, message, plain, section
from handlers.blocks.forms import choice_input, input_block, text_input
from handlers.view_metadata import AgreementRef
from storage.limits import max_chars
from storage.tables import MatchPrompt

PULSE_WORDS = {"great": N_("Great"), "fine": N_("Fine"), "not_sure": N_("Not sure"), "not_working": N_("Not working")}
REVIEW_WORDS = {"continue": N_("Continue as agreed"), "renew": N_("Renew for another term"), "complete": N_("Complete")}
COORDINATORS_SEE = lazy("Program coordinators see your answer (and any note); your partner does not.")



def clause(text: str) -> str:
    """A clause of the pair's agreement: the program's default wording (bot.program_settings.AGREEMENT_TEXTS) reads
    in the reader's language; wording a coordinator wrote is shown as written."""
    return _(text) if text else text

def _kind(kind: str) -> str:
    return _(KINDS[kind]).lower() if kind in KINDS else kind


def every(days: int) -> str:
    named = {7: N_("every week"), 14: N_("every two weeks"), 21: N_("every three weeks"), 30: N_("about once a month")}
    return _(named[days]) if days in named else _("every {days} days").format(days=days)


def months(count: int) -> str:
    return format_count("{n} month", "{n} months", count)


def terms_text(view: AgreementView) -> str:
    goals = ("\n".join(f"  • {escape_mrkdwn(goal)}" for goal in view.first_goals) if view.first_goals
             else "  • " + _("Agree on one to three at your first meeting (`/mentor goals` keeps them)."))
    return "\n".join((
        _("*Meeting frequency:* {cadence}").format(cadence=every(view.cadence_days)),
        _("*Expected duration:* {months} (until {ends}), with a review halfway and at the end").format(
            months=months(view.duration_months), ends=format_date(view.ends_on, "long")),
        _("*Confidentiality:* {text}").format(text=clause(view.confidentiality)),
        _("*How to reach each other:* {text}").format(text=clause(view.contact)),
        _("*No-fault clause:* {text}").format(text=clause(view.no_fault)),
        _("*First goals:*") + f"\n{goals}"))


def standing(view: AgreementView) -> str:
    partner = escape_mrkdwn(view.partner.name)
    if view.change is not None:
        proposal = _("{cadence} for {months}").format(cadence=every(view.change.cadence_days),
                                                       months=months(view.change.duration_months))
        if view.change_is_mine:
            return _("You proposed {proposal}; waiting for {partner} to confirm.").format(proposal=proposal,
                                                                                         partner=partner)
        return _("{name} proposes {proposal}.").format(name=escape_mrkdwn(view.change.by.name), proposal=proposal)
    if view.agreed:
        return _("Agreed by you and {partner}.").format(partner=partner)
    if view.acked_by_me:
        return _("You agreed; waiting for {partner}.").format(partner=partner)
    if view.acked_by_partner:
        return _("{partner} has agreed; it's your turn.").format(partner=partner)
    return _("Neither of you has agreed yet.")


def _buttons(view: AgreementView) -> list[Block]:
    value = f"{view.agreement_id}:{view.version}"
    if view.change is not None and not view.change_is_mine:
        return [actions(ids.AGREEMENT_ACTIONS, button(_("Confirm the change"), ids.AGREEMENT_CONFIRM, value, "primary"),
                        button(_("Propose something else"), ids.AGREEMENT_CHANGE, value))]
    if view.agreed or view.acked_by_me or view.change is not None:
        return []
    return [actions(ids.AGREEMENT_ACTIONS, button(_("I agree"), ids.AGREEMENT_ACK, value, "primary"),
                    button(_("Propose a change"), ids.AGREEMENT_CHANGE, value))]


def build_agreement(view: AgreementView) -> dict[str, Any]:
    """The agreement as `view.me` reads it, with the buttons that fit where it stands."""
    kind = _kind(view.kind)
    title = (_("Reminder: your {kind} mentoring agreement") if view.reminder
             else _("Your {kind} mentoring agreement")).format(kind=kind)
    partner = escape_mrkdwn(view.partner.name)
    intro = _("Welcome to your match with {partner}! Here is what the program asks of you both. One click says you "
              "agree; or propose another rhythm and they confirm it.").format(partner=partner)
    if view.offered_late:
        intro = _("Your match with {partner} began before the program had mentoring agreements, so here is yours "
                  "now. It keeps the rhythm you already have, and its term starts today: one click says you agree, "
                  "or propose another rhythm and {partner} confirms it.").format(partner=partner)
    blocks = [header(title), section(intro), section(terms_text(view)), context(standing(view)), *_buttons(view)]
    return message(labelled(title, standing(view)), blocks)


def build_agreement_change(view: AgreementView) -> dict[str, Any]:
    assert view.change is not None
    text = _("{name} proposes a change to your {kind} mentoring agreement: meet {cadence} for {months}. Confirm it "
             "with one click, or propose something else.").format(
        name=escape_mrkdwn(view.change.by.name), kind=_kind(view.kind), cadence=every(view.change.cadence_days),
        months=months(view.change.duration_months))
    return message(_("A change to your mentoring agreement"), [section(text), section(terms_text(view)),
                                                                 context(standing(view)), *_buttons(view)])


def build_agreement_agreed(view: AgreementView) -> dict[str, Any]:
    text = _("Your {kind} mentoring agreement with {partner} is in place: meet {cadence} until {ends}. It's on your "
             "App Home.").format(kind=_kind(view.kind), partner=escape_mrkdwn(view.partner.name),
                                 cadence=every(view.cadence_days), ends=format_date(view.ends_on, "long"))
    return message(text, [section(text)])


def build_agreement_change_modal(view: AgreementView) -> dict[str, Any]:
    cadences = {str(days): every(days).capitalize() for days in CADENCE_CHOICES}
    durations = {str(count): months(count) for count in DURATION_CHOICES}
    start = view.change or view
    return {"type": "modal", "callback_id": ids.AGREEMENT_CHANGE_VIEW, "title": plain(_("Propose a change"), 24),
            "submit": plain(_("Propose"), 24), "close": plain(_("Cancel"), 24),
            "private_metadata": AgreementRef(agreement=view.agreement_id, version=view.version).text(),
            "blocks": [context(_("{name} is asked to confirm it with one click.").format(
                           name=escape_mrkdwn(view.partner.name))),
                       input_block(ids.AGREEMENT_CADENCE, _("How often to meet"),
                                   choice_input("static_select", cadences, str(start.cadence_days))),
                       input_block(ids.AGREEMENT_DURATION, _("For how long"),
                                   choice_input("static_select", durations, str(start.duration_months)))]}


def build_pulse(view: PromptView) -> dict[str, Any]:
    partner = escape_mrkdwn(view.partner.name)
    question = _("How is your {kind} mentoring match with {partner} going?").format(
        kind=_kind(view.mentoring_kind), partner=partner)
    blocks: list[Block] = [section(f"*{question}*"), context(str(COORDINATORS_SEE))]
    if view.answer is None:
        blocks.append(actions(ids.PULSE_ACTIONS, *[button(_(label), f"{ids.PULSE_ANSWER_PREFIX}{answer}",
                                                          f"{view.prompt_id}:{answer}")
                                                   for answer, label in PULSE_WORDS.items()]))
        return message(question, blocks)
    blocks.append(section(_("Thank you: you said *{answer}*.").format(answer=_(PULSE_WORDS[view.answer]).lower())
                          + ("\n" + _("_Your note:_ {note}").format(note=escape_mrkdwn(view.note)) if view.note else "")))
    follow = [button(_("Add a note") if not view.note else _("Change the note"), ids.PULSE_NOTE, str(view.prompt_id))]
    if view.answer == "not_working":
        blocks.append(section(_("I'm sorry it isn't working. That happens, and it's nobody's fault: you can end this "
                                "match and be matched again (the other person is told kindly, without reasons).")))
        follow.append(confirmed(button(_("End it, no fault"), ids.REMATCH_END, str(view.match_id), "danger"),
                                _("End this match?"),
                                _("{name} is told kindly, without reasons.").format(name=view.partner.name),
                                _("End it")))
    blocks.append(actions(ids.PULSE_ACTIONS, *follow))
    return message(question, blocks)


def build_pulse_note_modal(view: PromptView, where: str) -> dict[str, Any]:
    """`where`: "channel|ts" of the pulse message, edited to show the note once it is saved."""
    return {"type": "modal", "callback_id": ids.PULSE_NOTE_VIEW, "title": plain(_("A note for the program"), 24),
            "submit": plain(_("Save"), 24), "close": plain(_("Cancel"), 24),
            "private_metadata": f"{view.prompt_id}|{where}",
            "blocks": [context(str(COORDINATORS_SEE)),
                       input_block(ids.PULSE_NOTE_BLOCK, _("Anything you'd like to add?"),
                                   text_input(view.note, multiline=True, max_length=max_chars(MatchPrompt, "note")),
                                   optional=True)]}


def build_review(view: PromptView, *, outcome: str = "") -> dict[str, Any]:
    partner = escape_mrkdwn(view.partner.name)
    fields = {"kind": _kind(view.mentoring_kind), "partner": partner,
              "ends": format_date(view.ends_on, "long") if view.ends_on else ""}
    if view.kind == "midpoint":
        question = (_("You're halfway through your {kind} mentoring agreement with {partner} (it runs until {ends}). "
                      "What next?") if view.ends_on else
                    _("You're halfway through your {kind} mentoring agreement with {partner}. What next?"))
    else:
        question = (_("You're at the end of your {kind} mentoring agreement with {partner} (it runs until {ends}). "
                      "What next?") if view.ends_on else
                    _("You're at the end of your {kind} mentoring agreement with {partner}. What next?"))
    question = question.format(**fields)
    blocks: list[Block] = [section(question),
                           context(_("Complete is a success: the match ends with thanks and no new search starts. "
                                     "Renewing takes you both choosing it.") + " " + str(COORDINATORS_SEE))]
    if view.answer is None:
        blocks.append(actions(ids.REVIEW_ACTIONS, *[button(_(label), f"{ids.REVIEW_ANSWER_PREFIX}{answer}",
                                                           f"{view.prompt_id}:{answer}",
                                                           "primary" if answer == "continue" else None)
                                                    for answer, label in REVIEW_WORDS.items()]))
    else:
        blocks.append(section(_("You chose *{answer}*.").format(answer=_(REVIEW_WORDS[view.answer]).lower())
                              + " " + review_outcome_text(outcome, partner)))
    return message(question, blocks)


OUTCOME_WORDS = {"completed": N_("The match is complete. Thank you!"),
                 "renewed": N_("You and {partner} both chose to renew: a new term has started."),
                 "waiting": N_("You'll renew as soon as {partner} chooses it too.")}


def review_outcome_text(outcome: str, partner: str) -> str:
    return _(OUTCOME_WORDS.get(outcome, N_("Noted, thank you."))).format(partner=partner)


def build_completion_thanks(match: MatchInfo, role: str) -> dict[str, Any]:
    partner = escape_mrkdwn(match.mentor.name if role == "mentee" else match.mentee.name)
    text = _("Your {kind} mentoring with {partner} is complete. Thank you for the time and care you gave it: a "
             "finished match is the program working as it should.").format(kind=_kind(match.kind), partner=partner)
    if role == "mentee":
        text += " " + _("If you'd like another {kind} mentor later, `/mentor find {code}` starts a new search.").format(
            kind=_kind(match.kind), code=match.kind)
    return message(text, [section(text)])


def build_renewed(match: MatchInfo, role: str, ends_on: date) -> dict[str, Any]:
    partner = escape_mrkdwn(match.mentor.name if role == "mentee" else match.mentee.name)
    text = _("You and {partner} renewed your {kind} mentoring agreement for another term, until {ends}. Same rhythm, "
             "same no-fault clause.").format(partner=partner, kind=_kind(match.kind), ends=format_date(ends_on, "long"))
    return message(text, [section(text)])


def build_completion_to_coordinators(match: MatchInfo, thanked: bool) -> dict[str, Any]:
    mentee, mentor = escape_mrkdwn(match.mentee.name), escape_mrkdwn(match.mentor.name)
    text = _("{mentee}'s {kind} mentoring with {mentor} is complete: a success for the program.").format(
        mentee=mentee, kind=_kind(match.kind), mentor=mentor)
    if thanked:
        text += " " + _("The program has thanked {mentor}.").format(mentor=mentor)
        return message(text, [section(text)])
    return message(text, [section(text), actions(ids.COMPLETION_THANKS_BLOCK,
                                                 button(_("Thank {name}").format(name=match.mentor.name[:40]),
                                                        ids.THANK_MENTOR, str(match.match_id), style="primary"))])


def build_mentor_thanks(match: MatchInfo) -> dict[str, Any]:
    mentee = escape_mrkdwn(match.mentee.name)
    text = _("On behalf of the mentorship program: thank you for completing your {kind} mentoring with {mentee}. Your "
             "time is the program's most valuable gift. `/mentor my-record` gives you a statement of your mentoring "
             "for your dossier.").format(kind=_kind(match.kind), mentee=mentee)
    return message(text, [section(text)])
