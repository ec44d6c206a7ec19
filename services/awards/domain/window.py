"""The nomination window and the round's dates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum


class WindowState(Enum):
    NOT_YET_OPEN = "not_yet_open"
    OPEN = "open"
    CLOSED = "closed"


def window_state(opens_at: datetime, closes_at: datetime, now: datetime, *, round_open: bool = True) -> WindowState:
    """Nominations are taken from `opens_at` up to (not including) `closes_at`, and only
    while the secretariat has not closed the round."""
    if not round_open or now >= closes_at:
        return WindowState.CLOSED
    if now < opens_at:
        return WindowState.NOT_YET_OPEN
    return WindowState.OPEN


@dataclass(frozen=True)
class RoundDates:
    year: int
    opens_at: datetime
    closes_at: datetime
    ceremony_on: date | None = None
    meeting_on: date | None = None


def round_date_errors(dates: RoundDates) -> dict[str, list[str]]:
    """Dates that do not fit together, by form field."""
    errors: dict[str, list[str]] = {}
    if not 2000 <= dates.year <= 2100:
        errors["year"] = ["Skriv et årstal mellem 2000 og 2100."]
    if dates.closes_at <= dates.opens_at:
        errors["closes_on"] = ["Fristen skal ligge efter åbningen."]
    if dates.meeting_on is not None and dates.meeting_on < dates.closes_at.date():
        errors["meeting_id"] = ["Vælg et møde efter fristen for indstillinger."]
    if dates.ceremony_on is not None and dates.ceremony_on < dates.closes_at.date():
        errors["ceremony_on"] = ["Prisoverrækkelsen skal ligge efter fristen for indstillinger."]
    if dates.ceremony_on is not None and dates.meeting_on is not None and dates.ceremony_on < dates.meeting_on:
        errors["ceremony_on"] = ["Prisoverrækkelsen skal ligge efter mødet, hvor vinderen vælges."]
    return errors


def round_end(closes_at: datetime, ceremony_on: date | None) -> date:
    """The day the round is over: the ceremony, or the nomination deadline if none is set."""
    closing_day = closes_at.date()
    return max(closing_day, ceremony_on) if ceremony_on else closing_day


def winner_is_public(ceremony_on: date | None, today: date) -> bool:
    """The winner is announced after the ceremony (the day after it)."""
    return ceremony_on is not None and today > ceremony_on

