"""Who sits on a committee on a given day: a membership counts from its first to its
last day, both included; an open end is open. One rule for every service, which hold the
periods as dates (the agenda's rows) or ISO strings (the copies kept from events)."""

from __future__ import annotations

from datetime import date


def _day(value: date | str | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


def in_period(day: date, starts_on: date | str | None, ends_on: date | str | None) -> bool:
    first, last = _day(starts_on), _day(ends_on)
    return (first is None or first <= day) and (last is None or day <= last)


def periods_overlap(a: tuple[date | None, date | None], b: tuple[date | None, date | None]) -> bool:
    """Whether two periods (first day, last day; None is open) share a day."""
    a_first, a_last = a
    b_first, b_last = b
    return (a_last is None or b_first is None or b_first <= a_last) and \
        (b_last is None or a_first is None or a_first <= b_last)
