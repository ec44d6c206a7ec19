"""Reading calendar feeds in tests the way clients do: with two independent parsers."""

from __future__ import annotations

from dataclasses import dataclass

import icalendar
import vobject


@dataclass
class ParsedFeed:
    calendar: icalendar.Calendar  # the library the feed is built with
    vcalendar: object  # vobject: shares no code with icalendar
    text: str

    def events(self) -> dict[str, icalendar.cal.Component]:
        return {str(event["UID"]): event for event in self.calendar.walk("VEVENT")}

    def vevents(self) -> dict[str, object]:
        return {event.uid.value: event for event in getattr(self.vcalendar, "vevent_list", [])}


def parse_feed(response) -> ParsedFeed:
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.content_type == "text/calendar; charset=utf-8"
    body = response.get_data()
    calendar = icalendar.Calendar.from_ical(body)
    vcalendar = vobject.readOne(body.decode("utf-8"))
    # Both read the same events.
    assert {str(e["UID"]) for e in calendar.walk("VEVENT")} == {e.uid.value for e in getattr(vcalendar, "vevent_list", [])}
    return ParsedFeed(calendar, vcalendar, body.decode("utf-8"))
