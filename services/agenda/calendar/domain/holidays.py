"""Danish public holidays (helligdage), computed, and the days a town hall is closed anyway.

The movable feasts follow Easter Sunday (Gregorian computus). Store bededag was a
public holiday until 2023; the law abolishing it took effect in 2024.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

LAST_YEAR_WITH_STORE_BEDEDAG = 2023


def easter_sunday(year: int) -> date:
    """Easter Sunday of the Gregorian calendar (the anonymous algorithm, Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday_offset = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weekday_offset) // 451
    month, day = divmod(h + weekday_offset - 7 * m + 114, 31)
    return date(year, month, day + 1)


@lru_cache(maxsize=256)
def _public_holidays(year: int) -> tuple[tuple[date, str], ...]:
    easter = easter_sunday(year)
    days = {
        date(year, 1, 1): "Nytårsdag",
        easter - timedelta(days=3): "Skærtorsdag",
        easter - timedelta(days=2): "Langfredag",
        easter: "Påskedag",
        easter + timedelta(days=1): "2. påskedag",
        easter + timedelta(days=39): "Kristi himmelfartsdag",
        easter + timedelta(days=49): "Pinsedag",
        easter + timedelta(days=50): "2. pinsedag",
        date(year, 12, 25): "Juledag",
        date(year, 12, 26): "2. juledag",
    }
    if year <= LAST_YEAR_WITH_STORE_BEDEDAG:
        days[easter + timedelta(days=26)] = "Store bededag"
    return tuple(sorted(days.items()))


def public_holidays(year: int) -> dict[date, str]:
    """The official Danish public holidays of the year, by date, with their Danish names."""
    return dict(_public_holidays(year))


def closing_days(year: int) -> dict[date, str]:
    """Days that are no public holidays but on which municipalities close (and hold no
    committee meetings): Grundlovsdag, juleaftensdag and nytårsaftensdag."""
    return {
        date(year, 6, 5): "Grundlovsdag",
        date(year, 12, 24): "Juleaftensdag",
        date(year, 12, 31): "Nytårsaftensdag",
    }


def days_off(year: int, *, include_closing_days: bool = True) -> dict[date, str]:
    """The days no committee meets: public holidays, and the closing days unless left out."""
    days = public_holidays(year)
    if include_closing_days:
        days.update(closing_days(year))
    return days
