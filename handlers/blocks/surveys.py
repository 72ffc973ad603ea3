"""What respondents see: the survey DM (answered by one click, or through the answer modal) and that modal.

Every surface states plainly whether the survey is anonymous and what that means. Confirmations never repeat
an anonymous answer back, so no message or log line pairs a person with what they said.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from bot.i18n import _, current_language, format_clock, format_count, format_day
from bot.surveys.answers import AnswerForm, Answers
from bot.surveys.audience import NO_SUBJECT
from bot.surveys.invitations import Invitation, SubjectRef
from bot.surveys.questions import TEXT_MAX_LENGTH, QuestionDef
from handlers import ids
from handlers.blocks.common import (
    MODAL_TITLE_LIMIT,
    Block,
    actions,
    button,
    context,
    divider,
    escape_mrkdwn,
    header,
    message,
    plain,
    section,
)
from handlers.blocks.forms import choice_input, input_block, read_input, text_input
from handlers.view_metadata import SurveyAnswerRef

RADIO_LIMIT = 10  # Slack's radio buttons and checkboxes take at most 10 options


def anonymity_note(anonymous: bool, minimum_group: int) -> str:
    if anonymous:
        return "🔒 " + _("*Anonymous.* Your answers are stored without your name and without the time you answered; "
                        "mentorbot only notes *that* you responded, so it stops reminding you. Results are shown "
                        "only for groups of {n} or more, after the survey closes. Because nobody can tell which "
                        "answers are yours, you answer once and can't change it afterwards.").format(n=minimum_group)
    return _("*Not anonymous.* Your answers are stored with your name, so you can change them until the survey "
             "closes. Coordinators see only results for groups of {n} or more, never yours alone.").format(
        n=minimum_group)


def _when(closes_at: datetime) -> str:
    if closes_at.time() == time(0, 0):  # "midnight at the end of Monday" reads better than "Tuesday at 12 AM"
        return _("the end of {day}").format(day=format_day((closes_at - timedelta(days=1)).date()))
    if current_language() == "en":
        return f"{closes_at:%A %B %-d} at {closes_at:%-I:%M %p}".replace(":00 ", " ")
    return _("{day} at {time}").format(day=format_day(closes_at.date()), time=format_clock(closes_at))


def support_blocks(text: str | None) -> list[Block]:
    """The support resources that end every wellbeing survey, shown to everyone alike."""
    return [divider(), section(_("*Support is here for everyone*") + f"\n{text}")] if text else []


def build_survey_invitation(invitation: Invitation) -> dict[str, Any]:
    title = (_("Reminder: {title}") if invitation.reminder else "{title}").format(title=invitation.title)
    blocks: list[Block] = [header(title)]
    if invitation.intro:
        blocks.append(section(invitation.intro))
    blocks.append(context(anonymity_note(invitation.anonymous, invitation.minimum_group)))
    if invitation.one_click:
        blocks += _one_click(invitation)
    else:
        blocks += [block for subject in invitation.subjects for block in _subject_row(invitation, subject)]
    blocks.append(context(_("Open until {when} (your time).").format(when=_when(invitation.closes_at))))
    blocks += support_blocks(invitation.support_text)
    return message(_("{title}: a short survey from the mentorship program").format(title=title), blocks)


def _one_click(invitation: Invitation) -> list[Block]:
    question, answered = invitation.questions[0], invitation.subjects[0].answered
    if answered and invitation.anonymous:
        return [section(f"*{escape_mrkdwn(question.text)}*\n✓ " + _("Thank you: your answer is recorded anonymously."))]
    buttons = [button(option.label, f"{ids.SURVEY_PICK_PREFIX}{position}", f"{invitation.round_id}:{option.value}",
                      style="primary" if option.value == invitation.chosen else None)
               for position, option in enumerate(question.options)]
    blocks = [section(f"*{escape_mrkdwn(question.text)}*"), actions(f"{ids.SURVEY_PICK_BLOCK_PREFIX}{invitation.round_id}", *buttons)]
    if invitation.chosen is not None:
        blocks.append(context("✓ " + _("Recorded: *{answer}*. Click another answer to change it until the survey "
                                       "closes.").format(answer=escape_mrkdwn(question.label_of(invitation.chosen)))))
    return blocks


def _subject_row(invitation: Invitation, subject: SubjectRef) -> list[Block]:
    value = f"{invitation.round_id}:{subject.subject}"
    count, minutes = len(invitation.questions), max(1, round(len(invitation.questions) / 5))
    what = f"*{escape_mrkdwn(subject.label)}*" if subject.subject != NO_SUBJECT else (
        format_count("{n} question", "{n} questions", count) + ", "
        + format_count("about {n} minute.", "about {n} minutes.", minutes))
    if not subject.answered:
        return [section(what, accessory=button(_("Answer"), ids.SURVEY_OPEN, value, style="primary"))]
    if invitation.anonymous:
        return [section(f"{what}\n✓ " + _("Thank you: your answers are recorded anonymously."))]
    return [section(f"{what}\n✓ " + _("Thank you: your answers are recorded."),
                    accessory=button(_("Change my answers"), ids.SURVEY_OPEN, value))]


def answer_metadata(round_id: int, subject: int, channel: str | None, ts: str | None) -> str:
    """Where the answer modal came from, so the DM can be updated after it is sent (no user id in it)."""
    return SurveyAnswerRef(round=round_id, subject=subject, channel=channel, ts=ts).text()


def build_answer_modal(form: AnswerForm, metadata: str) -> dict[str, Any]:
    blocks: list[Block] = []
    if form.about:
        blocks.append(section(_("About *{subject}*").format(subject=escape_mrkdwn(form.about))))
    blocks.append(context(anonymity_note(form.anonymous, form.minimum_group)))
    if form.given:
        blocks.append(section(_("You have already answered: your answers are filled in below. Change anything and "
                                "press Send to update them.")))
    blocks += [_question_input(question, form.given.get(question.key, [])) for question in form.questions]
    blocks.append(context(_("Open until {when} (your time).").format(when=_when(form.closes_at))))
    blocks += support_blocks(form.support_text)
    return {"type": "modal", "callback_id": ids.SURVEY_ANSWER_VIEW, "private_metadata": metadata,
            "title": plain(form.title, MODAL_TITLE_LIMIT), "submit": plain(_("Send"), MODAL_TITLE_LIMIT),
            "close": plain(_("Cancel"), MODAL_TITLE_LIMIT), "blocks": blocks}


def _question_input(question: QuestionDef, given: list[str]) -> Block:
    block_id = f"{ids.SURVEY_QUESTION_BLOCK_PREFIX}{question.key}"
    if question.type == "text":
        element = text_input(given[0] if given else "", multiline=True, max_length=TEXT_MAX_LENGTH)
        return input_block(block_id, question.text, element, optional=not question.required)
    choices = {o.value: _option_label(question, o.value, o.label) for o in question.options}
    if question.type == "multiple":
        kind = "checkboxes" if len(choices) <= RADIO_LIMIT else "multi_static_select"
        return input_block(block_id, question.text, choice_input(kind, choices, given), optional=not question.required)
    kind = "radio_buttons" if len(choices) <= RADIO_LIMIT else "static_select"
    return input_block(block_id, question.text, choice_input(kind, choices, given[:1]), optional=not question.required)


def _option_label(question: QuestionDef, value: str, label: str) -> str:
    if question.type == "scale" and label != value:
        return f"{value}: {label}"  # the labelled ends of a 0-10 scale
    return label


def parse_answer_submission(values: dict[str, Any], questions: tuple[QuestionDef, ...]) -> Answers:
    answers: Answers = {}
    for question in questions:
        value = read_input(values, f"{ids.SURVEY_QUESTION_BLOCK_PREFIX}{question.key}")
        answers[question.key] = value if isinstance(value, list) else ([value] if value else [])
    return answers


def answer_errors(errors: dict[str, str]) -> dict[str, str]:
    """Validation errors keyed by the modal's block ids."""
    return {f"{ids.SURVEY_QUESTION_BLOCK_PREFIX}{key}": text for key, text in errors.items()}
