"""iCalendar files (RFC 5545, RFC 7986) from plain event data, with the icalendar package.

What real clients (Outlook, Google Calendar, Apple Calendar) need, and what this does:
- local times with TZID=Europe/Copenhagen and one VTIMEZONE for it, with yearly rules (vtimezone.py);
- UID from the stored row (never regenerated), SEQUENCE from the stored counter;
- DTSTAMP and LAST-MODIFIED from the row's updated_at, never "now", so equal data gives
  equal bytes (and the same ETag);
- METHOD:PUBLISH, NAME and X-WR-CALNAME, REFRESH-INTERVAL and X-PUBLISHED-TTL of one hour;
- a cancelled event stays, with STATUS:CANCELLED (and "AFLYST:" before its title, since
  some clients hide the status);
- the link in DESCRIPTION as well as URL: clients often ignore URL.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event
from icalendar.prop import vDuration

from services.agenda.calendar.domain.vtimezone import vtimezone

PRODID = "-//Udvalg//Udvalgskalender 1.0//DA"
REFRESH = timedelta(hours=1)
CANCELLED_PREFIX = "AFLYST: "


@dataclass(frozen=True)
class FeedEvent:
    uid: str
    sequence: int
    summary: str
    start: datetime | date  # an aware local datetime, or a date for an all-day event
    end: datetime | date | None
    created: datetime  # aware (UTC)
    modified: datetime  # aware (UTC): DTSTAMP and LAST-MODIFIED
    description: str = ""
    location: str | None = None
    url: str | None = None
    cancelled: bool = False
    categories: tuple[str, ...] = ()
    private: bool = False  # CLASS:PRIVATE for what only members see


@dataclass(frozen=True)
class FeedCalendar:
    name: str
    timezone: str
    events: list[FeedEvent] = field(default_factory=list)
    description: str | None = None


def _event(item: FeedEvent) -> Event:
    event = Event()
    event.add("uid", item.uid)
    event.add("sequence", item.sequence)
    event.add("dtstamp", item.modified)
    event.add("last-modified", item.modified)
    event.add("created", item.created)
    event.add("summary", (CANCELLED_PREFIX + item.summary) if item.cancelled else item.summary)
    if isinstance(item.start, datetime):
        event.add("dtstart", item.start)
        if item.end is not None:
            event.add("dtend", item.end)
    else:
        event.add("dtstart", item.start)
        event.add("dtend", item.end if item.end is not None else item.start + timedelta(days=1))
        event.add("transp", "TRANSPARENT")
    if item.location:
        event.add("location", item.location)
    if item.description:
        event.add("description", item.description)
    if item.url:
        event.add("url", item.url)
    event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
    event.add("class", "PRIVATE" if item.private else "PUBLIC")
    if item.categories:
        event.add("categories", list(item.categories))
    return event


def build_calendar(feed: FeedCalendar, *, method: str = "PUBLISH") -> bytes:
    """The feed as iCalendar bytes (UTF-8, CRLF line ends, long lines folded)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    calendar.add("name", feed.name)
    calendar.add("x-wr-calname", feed.name)
    if feed.description:
        calendar.add("description", feed.description)
        calendar.add("x-wr-caldesc", feed.description)
    calendar.add("x-wr-timezone", feed.timezone)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH))
    timed = [item.start for item in feed.events if isinstance(item.start, datetime)]
    if timed:
        calendar.add_component(vtimezone(feed.timezone, min(value.year for value in timed)))
    for item in feed.events:
        calendar.add_component(_event(item))
    return calendar.to_ical()


def local(day: date, clock, zone: str) -> datetime:
    return datetime.combine(day, clock, tzinfo=ZoneInfo(zone))
