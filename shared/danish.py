"""Danish formatting of dates and times, as the municipalities write them.

Weekday and month names are spelled out here, never taken from the machine's locale:
servers run with C or English locales, and the documents must read the same everywhere.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from zoneinfo import ZoneInfo

WEEKDAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
MONTHS = (
    "januar", "februar", "marts", "april", "maj", "juni",
    "juli", "august", "september", "oktober", "november", "december",
)


def weekday_name(day: date) -> str:
    """'onsdag' (lower case, as in running Danish text)."""
    return WEEKDAYS[day.weekday()]


def month_name(month: int | date) -> str:
    """'januar' for 1 or for any date in January."""
    number = month if isinstance(month, int) else month.month
    if not 1 <= number <= 12:
        raise ValueError(f"no month {number}")
    return MONTHS[number - 1]


def _local(value: datetime, zone: str | tzinfo | None) -> datetime:
    if zone is None or value.tzinfo is None:
        return value
    return value.astimezone(ZoneInfo(zone) if isinstance(zone, str) else zone)


def clock(value: datetime, zone: str | tzinfo | None = None) -> str:
    """'16:30'."""
    return f"{_local(value, zone):%H:%M}"


def long_meeting_datetime(value: datetime | date, zone: str | tzinfo | None = None) -> str:
    """'Onsdag d. 8. januar 2020 kl. 16:30', as on the front page of a Danish agenda
    (the day without a leading zero, as Danish writes dates in words).

    An aware datetime is shown in `zone` when given (else in its own zone); a bare
    date gives the same text without the time."""
    if isinstance(value, datetime):
        value = _local(value, zone)
    text = f"{weekday_name(value).capitalize()} d. {value.day}. {month_name(value)} {value.year}"
    if isinstance(value, datetime):
        text += f" kl. {value:%H:%M}"
    return text


def short_date(value: date) -> str:
    """'08-01-2020'."""
    return f"{value.day:02d}-{value.month:02d}-{value.year:04d}"


def long_date(value: date) -> str:
    """'8. januar 2020'."""
    return f"{value.day}. {month_name(value)} {value.year}"


def kroner(amount: int) -> str:
    """'10.000 kr.' (a dot between thousands, as Danish writes amounts)."""
    return f"{amount:,} kr.".replace(",", ".")


def decimal(value: float, places: int = 1) -> str:
    """'12,5' (a decimal comma)."""
    return f"{value:.{places}f}".replace(".", ",")
