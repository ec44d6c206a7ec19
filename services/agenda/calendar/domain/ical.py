"""iCalendar files (RFC 5545, RFC 7986) from plain event data, with the icalendar package.

What real clients (Outlook, Google Calendar, Apple Calendar) need, and what this does:
- local times with TZID=Europe/Copenhagen and one VTIMEZONE for it, with yearly rules (vtimezone.py);
- UID from the stored row (never regenerated), SEQUENCE from the stored counter;
- DTSTAMP and LAST-MODIFIED from the row's updated_at, never "now", so equal data gives
  equal bytes (and the same ETag);
- METHOD:PUBLISH, NAME and X-WR-CALNAME, REFRESH-INTERVAL and X-PUBLISHED-TTL of one hour;
- a cancelled event stays, with STATUS:CANCELLED (and "AFLYST:" before its title, since
  some clients hide the status);
- the link in DESCRIPTION as well as URL: clients often ignore URL;
- the VTIMEZONE always, so a feed without events still holds a component (RFC 5545 3.4:
  a VCALENDAR holds at least one), and stays valid;
- a timed event without an end lasts DEFAULT_LENGTH, stated in its description: without
  DTEND an event with a start time would take no time at all (RFC 5545 3.6.1);
- CLASS:CONFIDENTIAL for an event that shows what only the committee may read (a closed
  item's title in a member's feed), CLASS:PRIVATE for internal entries;
- the second occurrence of a local time shown twice (autumn's 02:30) in UTC: a local time
  with TZID means its first occurrence (RFC 5545 3.3.5).

The same events go out by e-mail as iTIP invitations (RFC 5546, build_invitation):
METHOD:REQUEST for a new or moved meeting, CANCEL for a cancelled one, with the feed's
UID and SEQUENCE, an ORGANIZER and the one ATTENDEE the mail is for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event
from icalendar.prop import vDuration

from services.agenda.calendar.domain.vtimezone import vtimezone

PRODID = "-//Udvalg//Udvalgskalender 1.0//DA"
REFRESH = timedelta(hours=1)
CANCELLED_PREFIX = "AFLYST: "
DEFAULT_LENGTH = timedelta(hours=1)
NO_END_NOTE = "Sluttidspunktet er ikke fastsat; i kalenderen vises det som 1 time."
CLASSIFICATIONS = ("PUBLIC", "PRIVATE", "CONFIDENTIAL")


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
    # PUBLIC; PRIVATE for entries only the municipality's people see; CONFIDENTIAL when the
    # event shows what only the committee may read (a closed item's title).
    classification: str = "PUBLIC"

    def __post_init__(self) -> None:
        if self.classification not in CLASSIFICATIONS:
            raise ValueError(f"no CLASS {self.classification!r}")


@dataclass(frozen=True)
class CalendarAddress:
    email: str
    name: str = ""


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
    description = item.description
    if isinstance(item.start, datetime):
        event.add("dtstart", _unambiguous(item.start))
        if isinstance(item.end, datetime):
            event.add("dtend", _unambiguous(item.end))
        else:
            event.add("dtend", _unambiguous(later(item.start, DEFAULT_LENGTH)))
            description = "\n".join(filter(None, (description, NO_END_NOTE)))
    else:
        event.add("dtstart", item.start)
        event.add("dtend", item.end if item.end is not None else item.start + timedelta(days=1))
        event.add("transp", "TRANSPARENT")
    if item.location:
        event.add("location", item.location)
    if description:
        event.add("description", description)
    if item.url:
        event.add("url", item.url)
    event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
    event.add("class", item.classification)
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
    years = [item.start.year for item in feed.events]
    calendar.add_component(vtimezone(feed.timezone, min(years, default=datetime.now(UTC).year)))
    for item in feed.events:
        calendar.add_component(_event(item))
    return calendar.to_ical()


def later(value: datetime, length: timedelta) -> datetime:
    """`length` of real time after `value`, in its zone (across a change of summer time too)."""
    return (value.astimezone(UTC) + length).astimezone(value.tzinfo)


def _unambiguous(value: datetime) -> datetime:
    """A local time as the feed writes it: with its TZID, unless it is the second
    occurrence of a time shown twice, which a TZID time cannot say: then in UTC."""
    if value.fold and value.replace(fold=0).utcoffset() != value.utcoffset():
        return value.astimezone(UTC)
    return value


def build_invitation(item: FeedEvent, timezone: str, *, method: str, organizer: CalendarAddress,
                     attendee: CalendarAddress) -> bytes:
    """One event as an iTIP message: the feed's event with ORGANIZER and ATTENDEE. No RSVP
    is asked for: the organizer is the system's address, and attendance is reported to
    the secretariat as afbud, not by a calendar reply."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    if isinstance(item.start, datetime):
        calendar.add_component(vtimezone(timezone, item.start.year))
    event = _event(item)
    event.add("organizer", f"mailto:{organizer.email}", parameters={"CN": organizer.name} if organizer.name else {})
    attendee_parameters = {"CUTYPE": "INDIVIDUAL", "ROLE": "REQ-PARTICIPANT", "RSVP": "FALSE",
                           "PARTSTAT": "NEEDS-ACTION"}
    if attendee.name:
        attendee_parameters["CN"] = attendee.name
    event.add("attendee", f"mailto:{attendee.email}", parameters=attendee_parameters)
    calendar.add_component(event)
    return calendar.to_ical()
