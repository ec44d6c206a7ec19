"""When a nominator's contact data must be deleted."""

from __future__ import annotations

import calendar
from datetime import date


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day if it is shorter."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def purge_due_on(round_ended_on: date, months: int) -> date:
    """The first day the contact data of a round that ended on `round_ended_on` must be gone."""
    if months < 0:
        raise ValueError("months must not be negative")
    return add_months(round_ended_on, months)


def purge_is_due(round_ended_on: date, months: int, today: date) -> bool:
    return today >= purge_due_on(round_ended_on, months)
