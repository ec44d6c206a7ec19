"""Placing a year's meetings by rule, and carrying recurring årshjul entries to the next year.

The rule is the one committees state in words: "the second Wednesday of the month at
16:30, not in July". A date that falls on a public holiday (or a day the town hall is
closed) moves to the same weekday of the FOLLOWING week; if that leaves the month, to
the same weekday of the week BEFORE instead. Either way the note says so.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from datetime import date, time, timedelta

from services.agenda.calendar.domain.holidays import days_off
from shared.danish import MONTHS, WEEKDAYS, short_date

ORDINAL_NAMES = {1: "første", 2: "anden", 3: "tredje", 4: "fjerde", -1: "sidste"}
SUMMER_BREAK = frozenset({7})


@dataclass(frozen=True)
class MeetingRule:
    weekday: int  # 0 = Monday ... 6 = Sunday
    ordinal: int  # 1-4, or -1 for the last one of the month
    start_time: time
    place: str
    end_time: time | None = None
    skip_months: frozenset[int] = SUMMER_BREAK
    skip_holidays: bool = True
    include_closing_days: bool = True
    # A dialogue meeting straight after the committee meeting (Lejre: 16.30 møde, 17.00 dialogmøde).
    dialogue_start_time: time | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.weekday <= 6:
            raise ValueError("weekday must be 0-6")
        if self.ordinal not in ORDINAL_NAMES:
            raise ValueError("ordinal must be 1-4 or -1")
        if any(not 1 <= month <= 12 for month in self.skip_months):
            raise ValueError("months are 1-12")

    def describe(self) -> str:
        """'anden onsdag i måneden kl. 16:30, ikke i juli'."""
        text = f"{ORDINAL_NAMES[self.ordinal]} {WEEKDAYS[self.weekday]} i måneden kl. {self.start_time:%H:%M}"
        if self.skip_months:
            text += ", ikke i " + _join([MONTHS[m - 1] for m in sorted(self.skip_months)])
        return text


@dataclass(frozen=True)
class PlannedMeeting:
    date: date
    start_time: time
    end_time: time | None
    place: str
    # dt.date: inside this class `date` names the field above.
    moved_from: dt.date | None = None
    reason: str | None = None  # the holiday's name when moved

    @property
    def note(self) -> str:
        if self.moved_from is None:
            return ""
        direction = "ugen efter" if self.date > self.moved_from else "ugen før"
        return f"Flyttet fra {short_date(self.moved_from)} ({self.reason}) til {direction}."


@dataclass(frozen=True)
class SkippedMonth:
    month: int
    reason: str


@dataclass(frozen=True)
class YearPlan:
    year: int
    meetings: list[PlannedMeeting] = field(default_factory=list)
    skipped: list[SkippedMonth] = field(default_factory=list)


def nth_weekday(year: int, month: int, weekday: int, ordinal: int) -> date:
    """The ordinal-th weekday of the month (ordinal -1: the last one)."""
    days_in_month = calendar.monthrange(year, month)[1]
    if ordinal == -1:
        last = date(year, month, days_in_month)
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    day = first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (ordinal - 1))
    if day.month != month:
        raise ValueError(f"{month}/{year} has no {ordinal}. weekday {weekday}")
    return day


def avoid_days_off(day: date, closed: dict[date, str]) -> tuple[date, str | None]:
    """The day itself if it is a working day; else a week later (a week earlier when a week
    later leaves the month), and the name of the day that was avoided."""
    if day not in closed:
        return day, None
    reason = closed[day]
    for step in (7, 14, -7, -14):
        candidate = day + timedelta(days=step)
        if candidate.month == day.month and candidate not in closed:
            return candidate, reason
    # Unreachable for real calendars: no weekday has more than two days off in a month.
    raise ValueError(f"no working {WEEKDAYS[day.weekday()]} in {day:%m/%Y}")


def plan_year(year: int, rule: MeetingRule) -> YearPlan:
    closed = days_off(year, include_closing_days=rule.include_closing_days) if rule.skip_holidays else {}
    plan = YearPlan(year=year)
    reason: str | None
    for month in range(1, 13):
        if month in rule.skip_months:
            reason = "Sommerferie" if month == 7 else "Intet møde efter reglen"
            plan.skipped.append(SkippedMonth(month, reason))
            continue
        ruled = nth_weekday(year, month, rule.weekday, rule.ordinal)
        day, reason = avoid_days_off(ruled, closed)
        plan.meetings.append(PlannedMeeting(
            date=day, start_time=rule.start_time, end_time=rule.end_time, place=rule.place,
            moved_from=ruled if reason else None, reason=reason,
        ))
    return plan


def carry_date(day: date, to_year: int) -> date:
    """The same day of the month in another year (29 February becomes the 28th)."""
    last = calendar.monthrange(to_year, day.month)[1]
    return date(to_year, day.month, min(day.day, last))


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " og " + words[-1]
