"""iCalendar files as real clients need them, checked with two independent parsers
(icalendar, which builds them, and vobject, which does not share its code)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time
from typing import Any

import icalendar
import recurring_ical_events
import vobject

from services.agenda.calendar.domain.ical import (
    DEFAULT_LENGTH,
    NO_END_NOTE,
    FeedCalendar,
    FeedEvent,
    build_calendar,
)
from services.agenda.calendar.operations.feeds import (
    EventLinks,
    PublishedAgenda,
    agenda_lines,
    meeting_event,
)
from services.agenda.models import Committee, Meeting, Municipality
from shared.housestyle import DocumentStyle
from shared.localtime import at

ZONE = "Europe/Copenhagen"
STAMP = datetime(2030, 3, 1, 9, 15, tzinfo=UTC)
LINKS = EventLinks(meeting=lambda m: f"https://udvalg.example/lejre/moeder/{m.id}",
                   wheel=lambda c, year: f"https://udvalg.example/aarshjul/lejre/{c.code}/{year}")


def _event(**changes) -> FeedEvent:
    values: dict[str, Any] = {"uid": "m-1@udvalg", "sequence": 0, "summary": "Møde i Udvalget for Job & Arbejdsmarked",
                  "start": at(date(2030, 3, 20), time(16, 30), ZONE), "end": at(date(2030, 3, 20), time(19), ZONE),
                  "created": STAMP, "modified": STAMP, "description": "Dagsorden: https://udvalg.example/m/1",
                  "location": "Mødelokale 1, Lejrevej 15, Allerslev", "url": "https://udvalg.example/m/1"}
    values.update(changes)
    return FeedEvent(**values)


def _feed(*events: FeedEvent) -> bytes:
    return build_calendar(FeedCalendar(name="Udvalget for Job & Arbejdsmarked – møder", timezone=ZONE,
                                       events=list(events)))


def test_a_feed_has_one_vtimezone_and_local_times_carry_its_tzid():
    body = _feed(_event(), _event(uid="m-2@udvalg", start=at(date(2031, 6, 4), time(16, 30), ZONE), end=None))
    calendar = icalendar.Calendar.from_ical(body)
    [zone] = calendar.walk("VTIMEZONE")
    assert zone["TZID"] == ZONE
    assert b"DTSTART;TZID=Europe/Copenhagen:20300320T163000" in body
    assert b"DTSTART;TZID=Europe/Copenhagen:20310604T163000" in body


def test_the_calendar_names_itself_and_asks_to_be_refreshed_hourly():
    body = _feed(_event())
    calendar = icalendar.Calendar.from_ical(body)
    assert calendar["METHOD"] == "PUBLISH"
    assert calendar["NAME"] == calendar["X-WR-CALNAME"] == "Udvalget for Job & Arbejdsmarked – møder"
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in body
    assert b"X-PUBLISHED-TTL:PT1H\r\n" in body


def test_dtstamp_and_last_modified_come_from_the_row_so_equal_data_gives_equal_bytes():
    first, second = _feed(_event()), _feed(_event())
    assert first == second
    [event] = icalendar.Calendar.from_ical(first).walk("VEVENT")
    assert event.decoded("DTSTAMP") == event.decoded("LAST-MODIFIED") == STAMP


def test_lines_are_crlf_terminated_and_folded_at_75_octets():
    body = _feed(_event(description="Dagsorden: " + "æøå lang tekst " * 40))
    lines = body.split(b"\r\n")
    assert body.endswith(b"END:VCALENDAR\r\n")
    assert max(len(line) for line in lines) <= 75


def test_vobject_reads_the_same_instant_through_the_feeds_own_vtimezone():
    winter = _event(uid="winter@udvalg")
    summer = _event(uid="summer@udvalg", start=at(date(2030, 4, 3), time(16, 30), ZONE), end=None)
    parsed = vobject.readOne(_feed(winter, summer).decode("utf-8"))
    starts = {event.uid.value: event.dtstart.value for event in parsed.vevent_list}
    # 16:30 in Copenhagen is 15:30 UTC in March (CET) and 14:30 UTC in April (CEST).
    assert starts["winter@udvalg"].astimezone(UTC) == datetime(2030, 3, 20, 15, 30, tzinfo=UTC)
    assert starts["summer@udvalg"].astimezone(UTC) == datetime(2030, 4, 3, 14, 30, tzinfo=UTC)


def test_a_cancelled_event_stays_with_status_cancelled_and_says_so_in_its_title():
    body = _feed(_event(cancelled=True, sequence=2))
    [event] = vobject.readOne(body.decode("utf-8")).vevent_list
    assert event.status.value == "CANCELLED"
    assert event.sequence.value == "2"
    assert event.summary.value == "AFLYST: Møde i Udvalget for Job & Arbejdsmarked"
    occurrences = recurring_ical_events.of(icalendar.Calendar.from_ical(body)).between(date(2030, 3, 1),
                                                                                         date(2030, 4, 1))
    assert [str(o["STATUS"]) for o in occurrences] == ["CANCELLED"]


def test_an_all_day_milestone_is_transparent():
    body = _feed(_event(uid="frist@udvalg", summary="Beskæftigelsesplan 2031 godkendes", start=date(2030, 12, 31),
                        end=date(2031, 1, 1)))
    calendar = icalendar.Calendar.from_ical(body)
    [event] = calendar.walk("VEVENT")
    assert event.decoded("DTSTART") == date(2030, 12, 31) and event["TRANSP"] == "TRANSPARENT"


def _meeting(items_closed: bool, style: DocumentStyle | None = None) -> tuple[Meeting, PublishedAgenda]:
    municipality = Municipality(slug="lejre", name="Lejre Kommune", timezone=ZONE)
    committee = Committee(id=uuid.uuid4(), name="Udvalget for Job & Arbejdsmarked", code="JA",
                          municipality=municipality)
    meeting = Meeting(id=uuid.uuid4(), uid="m-3@udvalg", committee=committee, date=date(2030, 4, 10),
                      start_time=time(16, 30), end_time=None, place="Mødelokale 1", status="published", sequence=1,
                      created_at=STAMP, updated_at=STAMP)
    agenda = [{"id": "i-1", "number": 1, "owner_code": "JA", "title": "Godkendelse af dagsorden", "kind": "standing",
               "closed": False},
              {"id": "i-2", "number": 2, "owner_code": "JA", "title": "Virksomhedspris - valg af prisvinder",
               "kind": "case", "closed": items_closed}]
    return meeting, PublishedAgenda(agenda, style or DocumentStyle())


def test_a_closed_items_title_is_left_out_unless_the_reader_sits_on_the_committee():
    meeting, agenda = _meeting(items_closed=True)
    public = meeting_event(meeting, agenda, LINKS, include_closed_titles=False)
    assert "prisvinder" not in public.description and "2. Lukket punkt" in public.description
    members = meeting_event(meeting, agenda, LINKS, include_closed_titles=True)
    assert "2. JA - Virksomhedspris - valg af prisvinder (Lukket punkt)" in members.description
    assert agenda_lines(agenda, include_closed_titles=False)[0] == "1. JA - Godkendelse af dagsorden"


def test_a_public_feed_shows_a_closed_items_title_when_the_municipality_publishes_closed_titles():
    style = DocumentStyle(closed_in_public="title", closed_marker="Fortroligt", closed_marker_position="before",
                          title_with_code=False)
    _, agenda = _meeting(items_closed=True, style=style)
    assert agenda_lines(agenda, include_closed_titles=False) == [
        "1. Godkendelse af dagsorden", "2. (Fortroligt) Virksomhedspris - valg af prisvinder"]


def test_a_meeting_event_links_to_its_page_in_url_and_description():
    meeting, agenda = _meeting(items_closed=False)
    event = meeting_event(meeting, agenda, LINKS, include_closed_titles=False)
    assert event.url == f"https://udvalg.example/lejre/moeder/{meeting.id}"
    assert event.description.endswith(f"Dagsorden og referat: {event.url}")
    assert (event.uid, event.sequence, event.start) == ("m-3@udvalg", 1, at(date(2030, 4, 10), time(16, 30), ZONE))


def _vtimezone_text(body: bytes) -> str:
    text = body.decode("utf-8")
    return text[text.index("BEGIN:VTIMEZONE"):text.index("END:VTIMEZONE")]


def test_the_vtimezone_states_copenhagens_yearly_rules_and_is_the_same_in_every_feed():
    early = _feed(_event(start=at(date(2020, 1, 8), time(16, 30), ZONE), end=None))
    late = _feed(_event())
    assert _vtimezone_text(early) == _vtimezone_text(late)
    zone = icalendar.Calendar.from_ical(late).walk("VTIMEZONE")[0]
    rules = {sub.name: sub for sub in zone.subcomponents}
    # Summer time from 02:00 (CET) on the last Sunday of March to 03:00 (CEST) on the last Sunday of October.
    assert rules["DAYLIGHT"]["RRULE"].to_ical() == b"FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3"
    assert rules["DAYLIGHT"].decoded("DTSTART").time() == time(2)
    assert rules["STANDARD"]["RRULE"].to_ical() == b"FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10"
    assert rules["STANDARD"].decoded("DTSTART").time() == time(3)


def test_a_zone_without_summer_time_gets_one_fixed_offset():
    body = build_calendar(FeedCalendar(name="UTC", timezone="UTC", events=[_event(
        start=datetime.combine(date(2030, 6, 1), time(12), tzinfo=UTC), end=None)]))
    [zone] = icalendar.Calendar.from_ical(body).walk("VTIMEZONE")
    assert [(sub.name, sub["TZOFFSETTO"].to_ical()) for sub in zone.subcomponents] == [("STANDARD", "+0000")]


# --- §15: valid when empty, a stated length, confidential closed titles ----------------------

def test_a_feed_without_events_is_still_a_valid_calendar():
    body = _feed()
    calendar = icalendar.Calendar.from_ical(body)
    calendar.validate()  # RFC 5545 3.4: a VCALENDAR holds at least one component
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == [ZONE]
    assert calendar.walk("VEVENT") == []
    vobject.readOne(body.decode("utf-8"))


def test_a_timed_event_without_an_end_lasts_the_stated_default_length():
    body = _feed(_event(end=None, description="Dialogmøde efter udvalgsmødet."))
    [event] = icalendar.Calendar.from_ical(body).walk("VEVENT")
    assert event.decoded("DTEND") - event.decoded("DTSTART") == DEFAULT_LENGTH
    assert str(event["DESCRIPTION"]).endswith(NO_END_NOTE)
    [vevent] = vobject.readOne(body.decode("utf-8")).vevent_list
    assert vevent.dtend.value - vevent.dtstart.value == DEFAULT_LENGTH


def test_the_default_length_is_real_time_across_the_change_to_winter_time():
    start = at(date(2030, 10, 27), time(2, 30), ZONE, fold=0)  # the first 02:30, summer time
    [event] = icalendar.Calendar.from_ical(_feed(_event(start=start, end=None))).walk("VEVENT")
    assert event.decoded("DTEND").astimezone(UTC) - event.decoded("DTSTART").astimezone(UTC) == DEFAULT_LENGTH


def test_a_member_feed_event_showing_a_closed_items_title_is_confidential():
    meeting, agenda = _meeting(items_closed=True)
    member = meeting_event(meeting, agenda, LINKS, include_closed_titles=True)
    public = meeting_event(meeting, agenda, LINKS, include_closed_titles=False)
    open_meeting, open_agenda = _meeting(items_closed=False)
    assert (member.classification, public.classification) == ("CONFIDENTIAL", "PUBLIC")
    assert meeting_event(open_meeting, open_agenda, LINKS, include_closed_titles=True).classification == "PUBLIC"
    [event] = icalendar.Calendar.from_ical(_feed(member)).walk("VEVENT")
    assert event["CLASS"] == "CONFIDENTIAL"


# --- §14: a local time shown twice keeps which one is meant --------------------------------

def test_the_second_of_two_equal_local_times_is_written_in_utc_and_the_first_with_its_tzid():
    first = at(date(2030, 10, 27), time(2, 30), ZONE, fold=0)
    second = at(date(2030, 10, 27), time(2, 30), ZONE, fold=1)
    body = _feed(_event(uid="first@udvalg", start=first, end=None), _event(uid="second@udvalg", start=second, end=None))
    assert b"DTSTART;TZID=Europe/Copenhagen:20301027T023000" in body
    assert b"DTSTART:20301027T013000Z" in body
    events = {str(e["UID"]): e for e in icalendar.Calendar.from_ical(body).walk("VEVENT")}
    assert events["first@udvalg"].decoded("DTSTART").astimezone(UTC) == datetime(2030, 10, 27, 0, 30, tzinfo=UTC)
    assert events["second@udvalg"].decoded("DTSTART").astimezone(UTC) == datetime(2030, 10, 27, 1, 30, tzinfo=UTC)
