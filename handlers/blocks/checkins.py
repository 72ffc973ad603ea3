"""Check-in DMs, their answered state, the coordinators' weekly digest and the transition prompt."""

from __future__ import annotations

from typing import Any

from bot.alerts import AlertInfo
from bot.checkins import MET_ANSWERS, CheckInInfo
from bot.goals import STATUSES
from bot.i18n import N_, _, format_count, format_number
from handlers import ids
from handlers.blocks.alert_details import detail_words
from handlers.blocks.common import Block, actions, button, clip, context, divider, escape_mrkdwn, header, message, section
from handlers.blocks.matching import kind_label
from storage.tables import GoalStatus

GOAL_BUTTONS = ((GoalStatus.ON_TRACK, N_("On track")), (GoalStatus.AT_RISK, N_("At risk")), (GoalStatus.DONE, N_("Done")))


def status_words(status: str) -> str:
    return _(STATUSES[status]).lower()


def _goal_rows(info: CheckInInfo) -> list[Block]:
    if info.role != "mentee":
        if not info.goals:
            return []
        lines = "\n".join(f"• {escape_mrkdwn(g.title)} · _{status_words(g.status)}_" for g in info.goals)
        return [section(_("*Goals {name} shares with you:*").format(name=escape_mrkdwn(info.partner.name))
                        + f"\n{lines}")]
    rows: list[Block] = []
    for goal in info.goals[:10]:
        rows.append(section(f"*{escape_mrkdwn(goal.title)}* · _{status_words(goal.status)}_"))
        rows.append(actions(f"{ids.CHECKIN_GOAL_BLOCK_PREFIX}{info.checkin_id}_{goal.goal_id}",
                            *(button(_(label), ids.CHECKIN_GOAL_PREFIX + status,
                                     f"{info.checkin_id}:{goal.goal_id}:{status}",
                                     "primary" if status == goal.status else None) for status, label in GOAL_BUTTONS),
                            button(_("Add a note"), ids.CHECKIN_GOAL_NOTE, f"{info.checkin_id}:{goal.goal_id}")))
    return rows or [context(_("No open goals yet: `/mentor goals` helps you write one with your mentor."))]


def _met_question(info: CheckInInfo) -> list[Block]:
    question = escape_mrkdwn(info.met_question)  # plain words and the partner's name: nothing to format
    if info.met:
        return [section(f"{question}\n:white_check_mark: "
                        + _("Received, thank you: *{answer}*.").format(answer=_(MET_ANSWERS[info.met])))]
    buttons = [button(_(label), ids.CHECKIN_MET_PREFIX + answer, f"{info.checkin_id}:{answer}",
                      "primary" if answer == "yes" else None)
               for answer, label in MET_ANSWERS.items()]
    return [section(question), actions(f"{ids.CHECKIN_MET_BLOCK_PREFIX}{info.checkin_id}", *buttons)]


def build_checkin(info: CheckInInfo) -> dict[str, Any]:
    title = (_("Reminder: check-in on your {kind} mentoring") if info.reminder
             else _("Check-in on your {kind} mentoring")).format(kind=kind_label(info.kind))
    blocks = [header(title), *_met_question(info), *_goal_rows(info)]
    if info.role == "mentor":
        blocks += [divider(), section(_("Anything the program should know? (Optional; only coordinators see it.)"),
                                      accessory=button(_("Tell the program"), ids.CHECKIN_PROGRAM_NOTE,
                                                       str(info.checkin_id)))]
    if info.match_id:
        blocks.append(actions(f"{ids.MEET_FIND_BLOCK_PREFIX}{info.match_id}", button(
            _("Find a time with {name}").format(name=clip(info.partner.name, 40)), ids.MEET_FIND, str(info.match_id))))
    blocks.append(context(_("Mentoring is never assessment: your answers stay with the program, never with "
                            "assessors.")))
    return message(title, blocks)


ALERT_TITLES = {"quiet_pair": N_("Quiet pair"), "stalled_goal": N_("Stalled goal"), "early_pulse": N_("Early warning")}


def build_digest(alerts: list[AlertInfo], unacknowledged: int = 0) -> dict[str, Any]:
    blocks: list[Block] = [header(_("Weekly mentorship digest: {n} to look at").format(n=format_number(len(alerts)))),
                           context(_("Private to coordinators. A nudge sends both people a kind reminder."))]
    if unacknowledged:
        blocks.append(section(format_count("*Agreements not yet acknowledged:* {n} match (each person is reminded "
                                           "once).", "*Agreements not yet acknowledged:* {n} matches (each person is "
                                           "reminded once).", unacknowledged)))
    for alert in alerts[:20]:
        what = _(ALERT_TITLES[alert.kind]) if alert.kind in ALERT_TITLES else _("Alert")
        line = f"*{what}:* {escape_mrkdwn(f'{alert.mentee.name} & {alert.mentor.name}: {detail_words(alert.detail)}')}"
        if alert.kind == "early_pulse":  # a nudge to meet is no answer to "not working": the person was offered a rematch
            blocks.append(section(line + " " + _("_(they were offered a no-fault rematch)_")))
            continue
        blocks.append(section(line + (" " + _("_(nudged)_") if alert.nudged else ""),
                              accessory=button(_("Nudge"), ids.ALERT_NUDGE, str(alert.alert_id))))
    return message(format_count("Weekly mentorship digest: {n} alert", "Weekly mentorship digest: {n} alerts",
                                len(alerts)), blocks)


def build_transition_prompt() -> dict[str, Any]:
    text = _("A new training year is starting. Has your stage changed, or the kinds of mentoring you need now? "
             "Updating your profile keeps your mentors right for you (new needs start a new search). It's also time "
             "to review your development plan: where you are, where you want to be, and your goals for the year.")
    return message(_("Time to update your mentoring needs"),
                   [section(text), actions(ids.TRANSITION_BLOCK, button(_("Update my profile"), ids.TRANSITION_UPDATE,
                                                                        style="primary"),
                                           button(_("Review my development plan"), ids.TRANSITION_IDP))])


def nudge_text(alert: AlertInfo, for_mentee: bool) -> str:
    partner = escape_mrkdwn(alert.mentor.name if for_mentee else alert.mentee.name)
    return _("A friendly nudge from the mentorship program: it's been a while since you and {partner} connected. "
             "Even 20 minutes helps; `/mentor met` logs it when you do.").format(partner=partner)
