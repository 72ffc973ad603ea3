"""The evaluation report in Slack: the summary message posted with the charts, and App Home's headline numbers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.i18n import _, format_number
from bot.report.format import shown_indicator
from bot.report.perspectives import Perspective, perspectives, pulse_sentence
from bot.report.warnings import WARNING_KINDS
from handlers.blocks.common import Block, context, divider, escape_mrkdwn, header, message, section

if TYPE_CHECKING:
    from bot.report.service import Headline, Report


def build_report_summary(report: Report) -> dict[str, Any]:
    o, a, g, p = report.outputs, report.activities, report.goals, report.pulse
    lines = [
        f"*Inputs*: {shown_indicator(report.inputs.mentors)} mentors, {shown_indicator(report.inputs.mentees)} mentees "
        f"(ratio {shown_indicator(report.inputs.mentees_per_mentor)}), "
        f"{shown_indicator(report.inputs.free_places)} free places",
        f"*Activities*: {shown_indicator(a.introductions)} introductions, {shown_indicator(a.meetings_logged)} meetings, "
        f"{shown_indicator(a.checkins_sent)} check-ins ({shown_indicator(a.checkin_answer_rate)} answered), "
        f"{shown_indicator(a.nudges_sent)} nudges, {shown_indicator(a.broadcasts)} announcements",
        f"*Scheduling*: {shown_indicator(report.scheduling.meetings_scheduled)} meetings scheduled, "
        f"{shown_indicator(report.scheduling.scheduled_meetings_held)} held; "
        f"{shown_indicator(report.scheduling.days_to_first_meeting)} from introduction to first meeting (median); "
        f"{shown_indicator(report.scheduling.pairs_without_common_slot)} pairs with no time in common",
        f"*Beyond pairs*: {shown_indicator(report.formats.flash_conversations)} flash conversations "
        f"({shown_indicator(report.formats.flash_became_ongoing)} became matches), "
        f"{shown_indicator(report.formats.speed_events)} speed-mentoring events with "
        f"{shown_indicator(report.formats.event_conversations)} conversations and "
        f"{shown_indicator(report.formats.event_mutual_picks)} mutual picks",
        f"*Peer circles*: {shown_indicator(report.circles.circles_formed)} formed, "
        f"{shown_indicator(report.circles.circle_members)} people in circles, "
        f"{shown_indicator(report.circles.circle_checkins_sent)} check-ins "
        f"({shown_indicator(report.circles.circle_checkins_answered)} answered), "
        f"{shown_indicator(report.circles.circle_leaves)} left",
        f"*Outputs*: coverage {shown_indicator(o.network_coverage)}, {shown_indicator(o.days_to_match_median)} to match "
        f"(median), meetings vs cadence {shown_indicator(o.meetings_vs_cadence)}, rematch rate "
        f"{shown_indicator(o.rematch_rate)}, survey response {shown_indicator(o.survey_response_rate)}",
        f"*Outcomes*: {shown_indicator(g.goals_set)} goals set, {shown_indicator(g.goals_progressing)} on track, "
        f"{shown_indicator(g.goals_done)} done; mentors who would continue {shown_indicator(p.would_continue_mentors)}",
        f"*Mentor load*: {shown_indicator(report.load.over_capacity)} over capacity, "
        f"{shown_indicator(report.load.without_mentee)} with no mentee",
    ]
    counts = [f"{label}: *{sum(1 for w in report.warnings if w.kind == kind)}*" for kind, label in WARNING_KINDS.items()]
    blocks: list[Block] = [
        header(f"Evaluation report: {report.period.label}"), section(f"*{escape_mrkdwn(report.scope_label)}*\n" + "\n".join(lines)),
        divider(),
        section("\n".join(_perspective_line(view) for view in perspectives(report))), divider(),
        section("*Early warnings* (names in the HTML report)\n" + " · ".join(counts)),
        context(f"{len(report.changes)} program changes marked on the trend charts. Groups under {report.minimum_group} "
                "people are hidden. Charts and the full report (HTML, self-contained, prints cleanly) follow as files."),
    ]
    return message(f"Evaluation report: {report.period.label}", blocks)


def _perspective_line(view: Perspective) -> str:
    figures = ", ".join(f"{indicator.label.lower()} {shown_indicator(indicator)}" for indicator in view.indicators)
    pulse = f" {pulse_sentence(view.latest_pulse)}" if view.latest_pulse else ""
    return f"*{view.title}*: {figures}.{pulse}"


def build_headline_blocks(data: Headline | None) -> list[Block]:
    """Coordinator App Home: the evaluation headline, as the data stands now."""
    if data is None:
        return []
    return [section(_("*Evaluation now*\nNetwork coverage: *{coverage}* · mentees waiting: *{waiting}* · "
                      "mentor:mentee *{ratio}*\nMentors over capacity: *{over}* · with no mentee: *{idle}* · "
                      "open early warnings: *{alerts}*").format(
                coverage=shown_indicator(data.coverage), waiting=format_number(data.waiting_mentees),
                ratio=shown_indicator(data.mentees_per_mentor), over=format_number(data.over_capacity),
                idle=format_number(data.without_mentee), alerts=format_number(data.open_alerts))),
            context(_("`/mentor report [from] [to]` for the full evaluation report with charts."))]
