"""The iCal feeds a committee member subscribes to: correct for real clients, following
every move and cancellation without a manual step, never showing a closed item's title
in public (real PostgreSQL; each feed read with icalendar and vobject)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time

import pytest
import recurring_ical_events
from sqlalchemy import select

from services.agenda.calendar.operations import wheel
from services.agenda.models import Committee
from services.agenda.operations.access import committee_by_key
from services.agenda.tests.integration.calendar_support import parse_feed
from services.agenda.tests.integration.helpers import (
    add_item,
    create_committee,
    schedule_meeting,
)
from shared.errors import NotFound

pytestmark = pytest.mark.integration

CLOSED_TITLE = "Virksomhedspris 2019 - valg af prisvinder"


@pytest.fixture
def committee(client, secretary):
    return create_committee(client, secretary, "roskilde")


def _utc(value) -> datetime:
    return value.astimezone(UTC)


def test_committee_feed_is_named_refreshes_hourly_and_has_one_vtimezone(demo_client):
    feed = parse_feed(demo_client.get("/calendar/lejre/JA.ics"))
    assert feed.calendar["METHOD"] == "PUBLISH"
    assert feed.calendar["NAME"] == feed.calendar["X-WR-CALNAME"] == "Udvalget for Job & Arbejdsmarked – møder"
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in feed.text and "X-PUBLISHED-TTL:PT1H\r\n" in feed.text
    assert [str(zone["TZID"]) for zone in feed.calendar.walk("VTIMEZONE")] == ["Europe/Copenhagen"]
    for event in feed.calendar.walk("VEVENT"):
        assert {"UID", "SEQUENCE", "DTSTAMP", "LAST-MODIFIED", "DTSTART", "SUMMARY", "STATUS"} <= set(event)
        if isinstance(event.decoded("DTSTART"), datetime):
            assert event["DTSTART"].params["TZID"] == "Europe/Copenhagen"


def test_committee_feed_holds_meetings_dialogue_meetings_and_public_milestones_of_the_demo_year(demo_client):
    feed = parse_feed(demo_client.get("/calendar/lejre/JA.ics"))
    summaries = {str(event["SUMMARY"]) for event in feed.calendar.walk("VEVENT")}
    assert "Møde i Udvalget for Job & Arbejdsmarked" in summaries
    assert "Dialogmøde med Beskæftigelsesforum: strategier for beskæftigelsesindsatsen" in summaries
    assert "Beskæftigelsesplan 2021 godkendes inden årets udgang" in summaries
    # vobject reads the dialogue meeting of 5 February 2020 at 17:00 in Copenhagen (CET).
    [dialogue] = [e for e in feed.vevents().values() if e.summary.value.startswith("Dialogmøde med Besk")]
    assert _utc(dialogue.dtstart.value) == datetime(2020, 2, 5, 16, 0, tzinfo=UTC)
    assert "Tema: Afholdes med beskæftigelsesforum" in dialogue.description.value
    occurrences = recurring_ical_events.of(feed.calendar).between(date(2020, 1, 1), date(2021, 1, 1))
    assert len(occurrences) == len(feed.calendar.walk("VEVENT"))


def test_each_meeting_event_links_to_the_meetings_public_page(demo_client):
    feed = parse_feed(demo_client.get("/calendar/lejre/JA.ics"))
    meetings = {m["id"] for m in demo_client.get("/api/v1/meetings?municipality=lejre").json
                if m["committee"]["code"] == "JA"}
    links = {str(e["URL"]) for e in feed.calendar.walk("VEVENT") if str(e["SUMMARY"]).startswith("Møde i")}
    assert links == {f"http://127.0.0.1:8000/lejre/moeder/{meeting_id}" for meeting_id in meetings}
    for event in feed.calendar.walk("VEVENT"):
        assert str(event["URL"]) in str(event["DESCRIPTION"])


def test_moved_meeting_keeps_its_uid_raises_sequence_and_shows_the_new_time_across_summer_time(
        client, secretary, committee):
    meeting = schedule_meeting(client, secretary, committee["id"], date="2030-03-20", start="16:30", end="19:00")
    before = parse_feed(client.get("/calendar/roskilde/JA.ics"))
    [event] = before.events().values()
    assert _utc(event.decoded("DTSTART")) == datetime(2030, 3, 20, 15, 30, tzinfo=UTC)  # CET
    response = client.post(f"/api/v1/meetings/{meeting['id']}/reschedule", json={"date": "2030-04-03"},
                           headers=secretary)
    assert response.status_code == 200, response.json
    after = parse_feed(client.get("/calendar/roskilde/JA.ics"))
    [moved] = after.events().values()
    assert str(moved["UID"]) == str(event["UID"]) == meeting["uid"]
    assert moved["SEQUENCE"] > event["SEQUENCE"]
    assert moved["DTSTART"].params["TZID"] == "Europe/Copenhagen"
    # 16:30 in Copenhagen is 14:30 UTC after the move to summer time, in both parsers.
    assert _utc(moved.decoded("DTSTART")) == datetime(2030, 4, 3, 14, 30, tzinfo=UTC)
    [vmoved] = after.vevents().values()
    assert _utc(vmoved.dtstart.value) == datetime(2030, 4, 3, 14, 30, tzinfo=UTC)
    assert _utc(vmoved.dtend.value) == datetime(2030, 4, 3, 17, 0, tzinfo=UTC)
    assert moved.decoded("LAST-MODIFIED") >= event.decoded("LAST-MODIFIED")


def test_cancelled_meeting_stays_in_feed_as_cancelled(client, secretary, committee):
    meeting = schedule_meeting(client, secretary, committee["id"], date="2030-05-15")
    response = client.post(f"/api/v1/meetings/{meeting['id']}/cancel", json={"reason": "Ingen sager"},
                           headers=secretary)
    assert response.status_code == 200, response.json
    feed = parse_feed(client.get("/calendar/roskilde/JA.ics"))
    [event] = feed.events().values()
    assert str(event["UID"]) == meeting["uid"]
    assert event["STATUS"] == "CANCELLED" and event["SEQUENCE"] == 1
    assert str(event["SUMMARY"]).startswith("AFLYST: ")
    assert "Mødet er aflyst. Begrundelse: Ingen sager" in str(event["DESCRIPTION"])
    [vevent] = feed.vevents().values()
    assert vevent.status.value == "CANCELLED"


def test_unchanged_feed_answers_304_on_revalidation_and_a_change_gives_new_bytes(client, secretary, committee):
    meeting = schedule_meeting(client, secretary, committee["id"])
    first = client.get("/calendar/roskilde/JA.ics")
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert first.headers["Cache-Control"] == "public, no-cache"
    assert client.get("/calendar/roskilde/JA.ics", headers={"If-None-Match": etag}).status_code == 304
    assert client.get("/calendar/roskilde/JA.ics", headers={"If-Modified-Since": modified}).status_code == 304
    client.post(f"/api/v1/meetings/{meeting['id']}/reschedule", json={"place": "Byrådssalen"}, headers=secretary)
    changed = client.get("/calendar/roskilde/JA.ics", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert "LOCATION:Byrådssalen" in changed.get_data(as_text=True)


def test_closed_items_titles_are_never_in_a_public_feed(demo_client):
    april = next(m for m in demo_client.get("/api/v1/meetings?municipality=lejre").json if m["date"] == "2020-04-15")
    for url in ("/calendar/lejre/JA.ics", "/calendar/lejre.ics", f"/calendar/meetings/{april['id']}.ics"):
        text = parse_feed(demo_client.get(url)).text
        assert "prisvinder" not in text, url
        assert "Lukket punkt" in text, url


def test_internal_entries_stay_out_of_public_feeds(client, secretary, committee):
    response = client.post(f"/api/v1/committees/{committee['id']}/aarshjul/2030/entries", headers=secretary, json={
        "kind": "deadline", "title": "Intern frist: sagsfremstilling klar", "date": "2030-10-01", "public": False})
    assert response.status_code == 201, response.json
    assert "Intern frist" not in parse_feed(client.get("/calendar/roskilde/JA.ics")).text
    assert "Intern frist" not in parse_feed(client.get("/calendar/roskilde.ics")).text


def test_municipality_feed_holds_every_committees_meetings(demo_client):
    feed = parse_feed(demo_client.get("/calendar/lejre.ics"))
    assert feed.calendar["X-WR-CALNAME"] == "Lejre Kommune – udvalgsmøder"
    summaries = [str(e["SUMMARY"]) for e in feed.calendar.walk("VEVENT")]
    assert summaries.count("Møde i Udvalget for Job & Arbejdsmarked") == 2
    assert summaries.count("Møde i Udvalget for Børn & Ungdom") == 1
    # Årshjul entries say which committee they belong to.
    assert "JA: Beskæftigelsesplan 2021 godkendes inden årets udgang" in summaries


def test_single_meeting_ics_is_the_same_event_as_in_the_feed(client, secretary, committee):
    meeting = schedule_meeting(client, secretary, committee["id"], date="2030-06-12")
    client.post(f"/api/v1/meetings/{meeting['id']}/reschedule", json={"start_time": "15:00"}, headers=secretary)
    response = client.get(f"/calendar/meetings/{meeting['id']}.ics")
    assert response.headers["Content-Disposition"] == 'attachment; filename="moede-ja-2030-06-12.ics"'
    [single] = parse_feed(response).events().values()
    [in_feed] = parse_feed(client.get("/calendar/roskilde/JA.ics")).events().values()
    assert (str(single["UID"]), single["SEQUENCE"]) == (str(in_feed["UID"]), in_feed["SEQUENCE"]) == (meeting["uid"], 1)
    assert single.decoded("DTSTART") == in_feed.decoded("DTSTART")


def test_published_agenda_appears_in_the_events_description(client, secretary, committee):
    meeting = schedule_meeting(client, secretary, committee["id"])
    add_item(client, secretary, meeting["id"], title="Budgetopfølgning")
    assert "Dagsordenen er ikke offentliggjort endnu." in parse_feed(client.get("/calendar/roskilde/JA.ics")).text
    client.post(f"/api/v1/meetings/{meeting['id']}/publish", headers=secretary)
    [event] = parse_feed(client.get("/calendar/roskilde/JA.ics")).events().values()
    assert "1. JA - Budgetopfølgning" in str(event["DESCRIPTION"])


def test_award_ceremony_upserted_for_another_service_appears_in_the_feed_and_redelivery_changes_nothing(
        client, runtime, committee):
    ceremony = {"external_ref": "awards:rounds/2030/ceremony", "committee_id": committee["id"], "kind": "event",
                    "title": "Prisoverrækkelse: Virksomhedspris 2030", "on": date(2030, 5, 20), "start_time": time(15),
                    "end_time": time(17), "place": "Hos prisvinderen"}
    for _delivery in range(2):
        with runtime.uow() as uow:
            entry = wheel.upsert_external_entry(uow, **ceremony)
            uow.commit()
    [event] = parse_feed(client.get("/calendar/roskilde/JA.ics")).events().values()
    assert (str(event["SUMMARY"]), event["SEQUENCE"]) == ("Prisoverrækkelse: Virksomhedspris 2030", 0)
    assert _utc(event.decoded("DTSTART")) == datetime(2030, 5, 20, 13, 0, tzinfo=UTC)
    with runtime.uow() as uow:
        moved = wheel.upsert_external_entry(uow, **{**ceremony, "on": date(2030, 5, 27)})
        uow.commit()
        assert moved.uid == entry.uid
    with runtime.uow() as uow:
        wheel.upsert_external_entry(uow, **{**ceremony, "on": date(2030, 5, 27), "cancelled": True})
        uow.commit()
    [event] = parse_feed(client.get("/calendar/roskilde/JA.ics")).events().values()
    assert str(event["UID"]) == entry.uid
    assert (event["SEQUENCE"], event["STATUS"]) == (2, "CANCELLED")
    assert event.decoded("DTSTART").date() == date(2030, 5, 27)


def test_upsert_for_an_unknown_committee_is_refused(runtime):
    with runtime.uow() as uow, pytest.raises(NotFound):
        wheel.upsert_external_entry(uow, external_ref="awards:x", committee_id=uuid.uuid4(), kind="event",
                                    title="Prisoverrækkelse", on=date(2030, 5, 20))


def test_feed_of_an_unknown_committee_is_not_found(demo_client):
    assert demo_client.get("/calendar/lejre/XX.ics").status_code == 404
    assert demo_client.get("/calendar/ingen.ics").status_code == 404


def test_committee_lookup_is_per_municipality(demo_runtime):
    with demo_runtime.uow() as uow:
        committee = uow.session.scalar(select(Committee).where(Committee.code == "JA"))
        assert committee_by_key(uow.session, "lejre", "JA").id == committee.id


def test_public_meeting_page_offers_the_meeting_as_a_single_ics(demo_client):
    january = next(m for m in demo_client.get("/api/v1/meetings?municipality=lejre").json if m["date"] == "2020-01-08")
    html = demo_client.get(f"/lejre/moeder/{january['id']}").get_data(as_text=True)
    assert f'href="/calendar/meetings/{january["id"]}.ics"' in html
    [event] = parse_feed(demo_client.get(f"/calendar/meetings/{january['id']}.ics")).events().values()
    assert str(event["UID"]) == january["uid"]
