"""Local clock times on a day in a time zone, where summer time makes the clock jump.

In spring the clock jumps forward: a time in the gap (02:30 on the last Sunday of March
in Copenhagen) never happens, so it is refused with a Danish message. In autumn it falls
back: a time in the overlap (02:30 on the last Sunday of October) happens twice, so which
one is meant is kept with the time as PEP 495's `fold` (0: the first, still summer time,
which is also how RFC 5545 reads such a local time; 1: the second, winter time).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from shared.danish import long_date

FIRST, SECOND = 0, 1


def at(day: date, clock: time, zone: str, fold: int | None = FIRST) -> datetime:
    """The aware local datetime, the occurrence `fold` chooses when the time happens twice."""
    return datetime.combine(day, clock, tzinfo=ZoneInfo(zone)).replace(fold=fold or FIRST)


def _round_trip(value: datetime) -> datetime:
    return value.astimezone(UTC).astimezone(value.tzinfo)


def exists(day: date, clock: time, zone: str) -> bool:
    """False for a time the clock jumps over."""
    value = at(day, clock, zone)
    return _round_trip(value).replace(tzinfo=None) == value.replace(tzinfo=None)


def is_ambiguous(day: date, clock: time, zone: str) -> bool:
    """True for a time the clock shows twice."""
    return exists(day, clock, zone) and at(day, clock, zone, FIRST).utcoffset() != at(day, clock, zone, SECOND).utcoffset()


def missing_time_message(day: date, clock: time, zone: str) -> str | None:
    """Why the time cannot be used (Danish), or None when it exists."""
    if exists(day, clock, zone):
        return None
    value = at(day, clock, zone)
    jump = (at(day, clock, zone, SECOND).utcoffset() or timedelta()) - (value.utcoffset() or timedelta())
    hours = abs(jump) // timedelta(hours=1)
    return (f"Klokken {clock:%H:%M} findes ikke {long_date(day)}: urene stilles {hours} time{'r' if hours != 1 else ''} "
            f"frem den nat (sommertid). Vælg et andet tidspunkt.")


def occurrence_names(day: date, clock: time, zone: str) -> tuple[str, str]:
    """How the two occurrences of a time shown twice are named to a user."""
    first, second = at(day, clock, zone, FIRST), at(day, clock, zone, SECOND)
    return (f"Første gang, kl. {clock:%H:%M} sommertid ({_offset(first)})",
            f"Anden gang, kl. {clock:%H:%M} vintertid ({_offset(second)})")


def _offset(value: datetime) -> str:
    minutes = int((value.utcoffset() or timedelta()).total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def local_time_errors(day: date | None, times: dict[str, time | None], zone: str) -> dict[str, list[str]]:
    """Danish messages for the named times that do not exist on `day` (empty when all do)."""
    if day is None:
        return {}
    return {name: [message] for name, clock in times.items()
            if clock is not None and (message := missing_time_message(day, clock, zone))}


def kept_fold(day: date | None, clock: time | None, zone: str, fold: int | None) -> int:
    """The fold worth storing: the chosen occurrence for a time shown twice, else 0."""
    if day is None or clock is None or not is_ambiguous(day, clock, zone):
        return FIRST
    return SECOND if fold == SECOND else FIRST
