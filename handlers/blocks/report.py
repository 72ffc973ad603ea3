"""The evaluation report in Slack: the summary message posted with the charts, and App Home's headline numbers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.i18n import _, format_number, ngettext
from bot.report.format import shown_indicator
from bot.report.perspectives import Perspective, perspectives, pulse_sentence
from bot.report.warnings import WARNING_KINDS
from handlers.blocks.common import Block, context, divider, escape_mrkdwn, header, message, section

if TYPE_CHECKING:
    from bot.report.indicators import Indicator
    from bot.report.service import Headline, Report


def build_report_summary(report: Report) -> dict[str, Any]:
    """The message posted with the report's files, in the language of the coordinator who asked."""
    title = _("Evaluation report: {period}").format(period=report.period.label)
    blocks: list[Block] = [
        header(title), section(f"*{escape_mrkdwn(report.scope_label)}*\n" + "\n".join(_summary_lines(report))),
        divider(), section("\n".join(_perspective_line(view) for view in perspectives(report))), divider(),
        section(_("*Early warnings* (names in the HTML report)") + "\n" + _warning_counts(report)),
        context(_closing_note(report)),
    ]
    return message(title, blocks)


def _summary_lines(report: Report) -> list[str]:
    return [_inputs(report), _activities(report), _scheduling(report), _beyond_pairs(report), _circles(report),
            _outputs(report), _outcomes(report), _load(report)]


def _n(indicator: Indicator) -> int:
    """The plural form's n: the count itself; a hidden or missing one reads as none."""
    return round(indicator.value) if indicator.value is not None else 0


def _inputs(report: Report) -> str:
    i = report.inputs
    return _("*Inputs*: {mentors}, {mentees} (ratio {ratio}), {free}").format(
        mentors=ngettext("{n} mentor", "{n} mentors", _n(i.mentors)).format(n=shown_indicator(i.mentors)),
        mentees=ngettext("{n} mentee", "{n} mentees", _n(i.mentees)).format(n=shown_indicator(i.mentees)),
        ratio=shown_indicator(i.mentees_per_mentor),
        free=ngettext("{n} free place", "{n} free places", _n(i.free_places)).format(n=shown_indicator(i.free_places)))


def _activities(report: Report) -> str:
    a = report.activities
    return _("*Activities*: {introductions}, {meetings}, {checkins} ({answered} answered), {nudges}, "
             "{announcements}").format(
        introductions=ngettext("{n} introduction", "{n} introductions", _n(a.introductions)).format(
            n=shown_indicator(a.introductions)),
        meetings=ngettext("{n} meeting", "{n} meetings", _n(a.meetings_logged)).format(
            n=shown_indicator(a.meetings_logged)),
        checkins=ngettext("{n} check-in", "{n} check-ins", _n(a.checkins_sent)).format(
            n=shown_indicator(a.checkins_sent)),
        answered=shown_indicator(a.checkin_answer_rate),
        nudges=ngettext("{n} nudge", "{n} nudges", _n(a.nudges_sent)).format(n=shown_indicator(a.nudges_sent)),
        announcements=ngettext("{n} announcement", "{n} announcements", _n(a.broadcasts)).format(
            n=shown_indicator(a.broadcasts)))


def _scheduling(report: Report) -> str:
    s = report.scheduling
    return _("*Scheduling*: {scheduled}, {held}; {days} from introduction to first meeting (median); "
             "{pairs}").format(
        scheduled=ngettext("{n} meeting scheduled", "{n} meetings scheduled", _n(s.meetings_scheduled)).format(
            n=shown_indicator(s.meetings_scheduled)),
        held=ngettext("{n} held", "{n} held", _n(s.scheduled_meetings_held)).format(
            n=shown_indicator(s.scheduled_meetings_held)),
        days=shown_indicator(s.days_to_first_meeting),
        pairs=ngettext("{n} pair with no time in common", "{n} pairs with no time in common",
                       _n(s.pairs_without_common_slot)).format(n=shown_indicator(s.pairs_without_common_slot)))


def _beyond_pairs(report: Report) -> str:
    f = report.formats
    return _("*Beyond pairs*: {flash} ({became}), {events} with {conversations} and {picks}").format(
        flash=ngettext("{n} flash conversation", "{n} flash conversations", _n(f.flash_conversations)).format(
            n=shown_indicator(f.flash_conversations)),
        became=_("{share} became matches").format(share=shown_indicator(f.flash_became_ongoing)),
        events=ngettext("{n} speed-mentoring event", "{n} speed-mentoring events", _n(f.speed_events)).format(
            n=shown_indicator(f.speed_events)),
        conversations=ngettext("{n} conversation", "{n} conversations", _n(f.event_conversations)).format(
            n=shown_indicator(f.event_conversations)),
        picks=ngettext("{n} mutual pick", "{n} mutual picks", _n(f.event_mutual_picks)).format(
            n=shown_indicator(f.event_mutual_picks)))


def _circles(report: Report) -> str:
    c = report.circles
    return _("*Peer circles*: {formed}, {members}, {checkins} ({answered} answered), {left}").format(
        formed=ngettext("{n} formed", "{n} formed", _n(c.circles_formed)).format(n=shown_indicator(c.circles_formed)),
        members=ngettext("{n} person in circles", "{n} people in circles", _n(c.circle_members)).format(
            n=shown_indicator(c.circle_members)),
        checkins=ngettext("{n} check-in", "{n} check-ins", _n(c.circle_checkins_sent)).format(
            n=shown_indicator(c.circle_checkins_sent)),
        answered=shown_indicator(c.circle_checkins_answered),
        left=ngettext("{n} left", "{n} left", _n(c.circle_leaves)).format(n=shown_indicator(c.circle_leaves)))


def _outputs(report: Report) -> str:
    o = report.outputs
    return _("*Outputs*: coverage {coverage}, {days} to match (median), meetings vs cadence {cadence}, rematch rate "
             "{rematch}, survey response {response}").format(
        coverage=shown_indicator(o.network_coverage), days=shown_indicator(o.days_to_match_median),
        cadence=shown_indicator(o.meetings_vs_cadence), rematch=shown_indicator(o.rematch_rate),
        response=shown_indicator(o.survey_response_rate))


def _outcomes(report: Report) -> str:
    g = report.goals
    return _("*Outcomes*: {set}, {on_track} on track, {done} done; mentors who would continue {continuing}").format(
        set=ngettext("{n} goal set", "{n} goals set", _n(g.goals_set)).format(n=shown_indicator(g.goals_set)),
        on_track=shown_indicator(g.goals_progressing), done=shown_indicator(g.goals_done),
        continuing=shown_indicator(report.pulse.would_continue_mentors))


def _load(report: Report) -> str:
    load = report.load
    return _("*Mentor load*: {over} over capacity, {idle} with no mentee").format(
        over=shown_indicator(load.over_capacity), idle=shown_indicator(load.without_mentee))


def _warning_counts(report: Report) -> str:
    return " · ".join(_("{label}: *{n}*").format(label=label, n=format_number(
        sum(1 for w in report.warnings if w.kind == kind))) for kind, label in WARNING_KINDS.items())


def _closing_note(report: Report) -> str:
    changes = ngettext("{n} program change marked on the trend charts.", "{n} program changes marked on the trend "
                       "charts.", len(report.changes)).format(n=format_number(len(report.changes)))
    return changes + " " + _("Groups under {n} people are hidden. Charts and the full report (HTML, self-contained, "
                             "prints cleanly) follow as files.").format(n=report.minimum_group)


def _perspective_line(view: Perspective) -> str:
    figures = ", ".join(f"{indicator.label.lower()} {shown_indicator(indicator)}" for indicator in view.indicators)
    pulse = f" {pulse_sentence(view.latest_pulse)}" if view.latest_pulse else ""
    return _("*{title}*: {figures}.").format(title=view.title, figures=figures) + pulse


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
