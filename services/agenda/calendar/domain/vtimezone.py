"""A VTIMEZONE (RFC 5545 3.6.5) from the IANA zone, written as calendar programs write it:
the zone's present yearly rules as RRULEs, valid for every year to come.

Why not one onset per year for just the years a feed covers (icalendar's Timezone.from_tzid):
clients keep a time zone by its TZID, so a definition that ends with the feed's last year
gives wrong times to the events of a later feed. Onsets are in local time before the
change (TZOFFSETFROM), e.g. DAYLIGHT at 02:00 on the last Sunday of March in Copenhagen.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard
from icalendar.prop import vRecur

FIRST_YEAR = 1970
# Zone rules are known this far ahead; a rule that holds until here holds "for ever".
HORIZON = 2037
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class Onset:
    """A change of offset: when (local time before it) and to what."""

    local: datetime  # naive, in offset_from
    offset_from: timedelta
    offset_to: timedelta
    name: str
    daylight: bool

    @property
    def year(self) -> int:
        return self.local.year

    def shape(self) -> tuple:
        """What a yearly rule must keep the same from year to year."""
        return (self.daylight, self.local.month, self.local.weekday(), self.local.time(), self.offset_from,
                self.offset_to, self.name)

    def ordinals(self) -> set[int]:
        """The BYDAY positions that name this day: n-th weekday of the month, and -1 if last."""
        found = {(self.local.day - 1) // 7 + 1}
        if self.local.day + 7 > calendar.monthrange(self.local.year, self.local.month)[1]:
            found.add(-1)
        return found


def _offset(zone: ZoneInfo, instant: datetime) -> tuple[timedelta, str, bool]:
    local = instant.astimezone(zone)
    # An aware datetime in a ZoneInfo always has both.
    return local.utcoffset() or timedelta(0), local.tzname() or "", bool(local.dst())


@lru_cache(maxsize=8)
def onsets(tzid: str, first_year: int = FIRST_YEAR, last_year: int = HORIZON) -> tuple[Onset, ...]:
    """Every change of offset in the years, found day by day and then to the quarter hour
    (a slow scan, so done once per zone)."""
    zone = ZoneInfo(tzid)
    found = []
    day = datetime(first_year, 1, 1, tzinfo=UTC)
    end = datetime(last_year + 1, 1, 1, tzinfo=UTC)
    before = _offset(zone, day)
    while day < end:
        after = _offset(zone, day + timedelta(days=1))
        if after[0] != before[0]:
            instant = day
            while _offset(zone, instant + timedelta(minutes=15))[0] == before[0]:
                instant += timedelta(minutes=15)
            instant += timedelta(minutes=15)
            found.append(Onset(local=(instant + before[0]).replace(tzinfo=None), offset_from=before[0],
                               offset_to=after[0], name=after[1], daylight=after[2]))
        before = after
        day += timedelta(days=1)
    return tuple(found)


def _yearly_rule(onsets_of_kind: list[Onset]) -> tuple[list[Onset], int | None]:
    """The longest run, up to the horizon, of one onset a year in the same shape: the onsets
    it covers and its BYDAY position (None: no present rule)."""
    if not onsets_of_kind or onsets_of_kind[-1].year != HORIZON:
        return [], None
    run, ordinals = [onsets_of_kind[-1]], onsets_of_kind[-1].ordinals()
    for onset in reversed(onsets_of_kind[:-1]):
        common = ordinals & onset.ordinals()
        if onset.shape() != run[0].shape() or onset.year != run[0].year - 1 or not common:
            break
        run.insert(0, onset)
        ordinals = common
    return run, (-1 if -1 in ordinals else min(ordinals)) if len(run) > 1 else None


def _component(onset: Onset, ordinal: int | None = None):
    component = TimezoneDaylight() if onset.daylight else TimezoneStandard()
    component.add("dtstart", onset.local)
    component.add("tzoffsetfrom", onset.offset_from)
    component.add("tzoffsetto", onset.offset_to)
    component.add("tzname", onset.name)
    if ordinal is not None:
        component.add("rrule", vRecur(freq="YEARLY", bymonth=onset.local.month,
                                      byday=f"{ordinal}{WEEKDAYS[onset.local.weekday()]}"))
    return component


@lru_cache(maxsize=32)
def vtimezone(tzid: str, first_year: int) -> Timezone:
    """The VTIMEZONE for events from first_year on: the present yearly rules, and the single
    onsets before them back to first_year (none for Europe/Copenhagen after 1996)."""
    every = onsets(tzid)
    daylight, daylight_at = _yearly_rule([o for o in every if o.daylight])
    standard, standard_at = _yearly_rule([o for o in every if not o.daylight])
    ruled = set(daylight + standard) if daylight_at is not None and standard_at is not None else set()
    component = Timezone()
    component.add("tzid", tzid)
    earlier = [o for o in every if o not in ruled and o.year >= first_year]
    if not earlier and not ruled:
        # No change of offset in the years that matter: one fixed offset.
        now = _offset(ZoneInfo(tzid), datetime(max(first_year, FIRST_YEAR), 1, 1, tzinfo=UTC))
        earlier = [Onset(local=datetime(FIRST_YEAR, 1, 1), offset_from=now[0], offset_to=now[0], name=now[1],
                         daylight=False)]
    for onset in earlier:
        component.add_component(_component(onset))
    if ruled:
        component.add_component(_component(standard[0], standard_at))
        component.add_component(_component(daylight[0], daylight_at))
    return component
