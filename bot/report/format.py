"""How a number is written in the report, the Slack summary and the CSV file, so all three read the same."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # for annotations only: Home and Slack summaries format figures without loading the indicators
    from bot.report.indicators import Indicator

NO_VALUE = "–"


def shown(value: float | None, unit: str) -> str:
    if value is None:
        return NO_VALUE
    if unit == "percent":
        return f"{value * 100:.0f}%"
    if unit == "days":
        return f"{value:.1f} days"
    if unit == "hours":
        return f"{value:,.1f} h"
    if unit == "ratio":
        return f"{value:.2f}"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def shown_indicator(indicator: Indicator) -> str:
    if indicator.key == "mentees_per_mentor" and indicator.value is not None:
        return f"1:{indicator.value:.1f}"
    return shown(indicator.value, indicator.unit)
