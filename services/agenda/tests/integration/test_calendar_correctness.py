"""Calendar correctness a client relies on (real PostgreSQL): Last-Modified moves with
every change of the bytes, local times that do not exist are refused and those shown
twice are kept unambiguously, an empty feed is valid, an entry without an end gets a
stated length, and a member's event with a closed item's title is confidential."""

from __future__ import annotations

import time as sleeping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import icalendar
import pytest

from services.agenda.calendar.domain.ical import DEFAULT_LENGTH, NO_END_NOTE
from services.agenda.tests.conftest import PASSWORD
from services.agenda.tests.integration.calendar_support import parse_feed
from services.agenda.tests.integration.helpers import (
    add_item,
    create_committee,
    register_municipality,
    schedule_meeting,
)
from services.agenda.tests.integration.test_calendar_tokens import _new_link, member  # noqa: F401 - fixture
from tests.support.pages import log_in, post_form

pytestmark = pytest.mark.integration


def _modified(response) -> datetime:
    return parsedate_to_datetime(response.headers["Last-Modified"])


def _changes_for_a_client_that_has_the_old_body(client, url: str, before) -> None:
    """The body changed: a new ETag, a later Last-Modified, and neither validator answers 304."""
    after = client.get(url)
    assert after.status_code == 200
    assert after.headers["ETag"] != before.headers["ETag"]
    assert _modified(after) > _modified(before)
    assert client.get(url, headers={"If-Modified-Since": before.headers["Last-Modified"]}).status_code == 200
    assert client.get(url, headers={"If-None-Match": before.headers["ETag"]}).status_code == 200


# --- §13 ---------------------------------------------------------------------------------------

def test_a_members_feed_moves_last_modified_when_a_committee_leaves_it(client, secretary, member):  # noqa: F811
    link = _new_link(client, member["headers"])
    before = client.get(link)
    assert "Børn & Ungdom" in before.get_data(as_text=True)
    committee = member["committees"][1]
    memberships = client.get(f"/api/v1/committees/{committee['id']}", headers=secretary).json["members"]
    [anne] = [m for m in memberships if m["member"]["id"] == member["id"]]

    removed = client.delete(f"/api/v1/committees/{committee['id']}/members/{anne['id']}", headers=secretary)

    assert removed.status_code == 204
    _changes_for_a_client_that_has_the_old_body(client, link, before)
    assert "Børn & Ungdom" not in client.get(link).get_data(as_text=True)


def test_the_single_meeting_ics_moves_last_modified_when_the_committee_is_renamed(client, secretary):
    committee = create_committee(client, secretary, "roskilde")
    meeting = schedule_meeting(client, secretary, committee["id"])
    url = f"/calendar/meetings/{meeting['id']}.ics"
    before = client.get(url)
    sleeping.sleep(1.1)  # Last-Modified has whole seconds

    renamed = client.patch(f"/api/v1/committees/{committee['id']}", json={"name": "Beskæftigelsesudvalget"},
                           headers=secretary)

    assert renamed.status_code == 200
    _changes_for_a_client_that_has_the_old_body(client, url, before)
    assert "Møde i Beskæftigelsesudvalget" in client.get(url).get_data(as_text=True)


def test_a_deleted_entry_moves_the_committee_feeds_last_modified_even_within_the_same_second(client, secretary):
    committee = create_committee(client, secretary, "roskilde")
    entry = client.post(f"/api/v1/committees/{committee['id']}/aarshjul/2030/entries", headers=secretary, json={
        "kind": "milestone", "title": "Beskæftigelsesplan godkendes", "date": "2030-12-01"}).json
    before = client.get("/calendar/roskilde/JA.ics")

    client.delete(f"/api/v1/aarshjul/entries/{entry['id']}", headers=secretary)

    _changes_for_a_client_that_has_the_old_body(client, "/calendar/roskilde/JA.ics", before)


def test_an_unchanged_feed_keeps_its_last_modified(client, secretary):
    committee = create_committee(client, secretary, "roskilde")
    schedule_meeting(client, secretary, committee["id"])
    first = client.get("/calendar/roskilde/JA.ics")
    again = client.get("/calendar/roskilde/JA.ics")
    assert (again.headers["Last-Modified"], again.headers["ETag"]) == (first.headers["Last-Modified"],
                                                                       first.headers["ETag"])
    assert client.get("/calendar/roskilde/JA.ics",
                      headers={"If-Modified-Since": first.headers["Last-Modified"]}).status_code == 304


# --- §14 ---------------------------------------------------------------------------------------

def test_a_meeting_at_a_time_the_clock_jumps_over_is_refused_in_danish(client, secretary):
    committee = create_committee(client, secretary, "roskilde")
    response = client.post(f"/api/v1/committees/{committee['id']}/meetings", headers=secretary, json={
        "date": "2026-03-29", "start_time": "02:30", "place": "Mødelokale 1"})
    assert response.status_code == 422
    message = ("Klokken 02:30 findes ikke 29. marts 2026: urene stilles 1 time frem den nat (sommertid). "
               "Vælg et andet tidspunkt.")
    assert response.json["errors"]["start_time"] == [message]
    meeting = schedule_meeting(client, secretary, committee["id"], date="2026-03-28", start="02:30", end=None)
    moved = client.post(f"/api/v1/meetings/{meeting['id']}/reschedule", json={"date": "2026-03-29"},
                        headers=secretary)
    assert moved.status_code == 422 and "findes ikke" in moved.json["errors"]["start_time"][0]


def test_an_arshjul_entry_at_a_time_the_clock_jumps_over_is_refused(client, secretary):
    committee = create_committee(client, secretary, "roskilde")
    response = client.post(f"/api/v1/committees/{committee['id']}/aarshjul/2030/entries", headers=secretary, json={
        "kind": "deadline", "title": "Frist", "date": "2030-03-31", "start_time": "02:15"})
    assert response.status_code == 422 and "findes ikke" in response.json["errors"]["start_time"][0]


def test_a_time_shown_twice_is_stored_as_the_occurrence_chosen(client, secretary):
    committee = create_committee(client, secretary, "roskilde")
    first = schedule_meeting(client, secretary, committee["id"], date="2026-10-25", start="02:30", end=None)
    second = client.post(f"/api/v1/committees/{committee['id']}/meetings", headers=secretary, json={
        "date": "2026-10-25", "start_time": "02:30", "start_fold": 1, "place": "Mødelokale 1"}).json

    assert first["starts_at"] == "2026-10-25T02:30:00+02:00"
    assert second["starts_at"] == "2026-10-25T02:30:00+01:00"
    events = parse_feed(client.get("/calendar/roskilde/JA.ics")).events()
    assert events[first["uid"]].decoded("DTSTART").astimezone(UTC) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert events[second["uid"]].decoded("DTSTART").astimezone(UTC) == datetime(2026, 10, 25, 1, 30, tzinfo=UTC)


def test_a_fold_on_an_ordinary_time_is_not_kept(client, secretary):
    committee = create_committee(client, secretary, "roskilde")
    response = client.post(f"/api/v1/committees/{committee['id']}/meetings", headers=secretary, json={
        "date": "2026-10-26", "start_time": "02:30", "start_fold": 1, "place": "Mødelokale 1"})
    assert response.json["starts_at"] == "2026-10-26T02:30:00+01:00"


# --- §15 ---------------------------------------------------------------------------------------

def test_an_empty_committee_feed_is_a_valid_calendar(client, secretary):
    create_committee(client, secretary, "roskilde")
    body = client.get("/calendar/roskilde/JA.ics").get_data()
    calendar = icalendar.Calendar.from_ical(body)
    calendar.validate()
    assert calendar.walk("VEVENT") == [] and len(calendar.walk("VTIMEZONE")) == 1


def test_a_timed_entry_without_an_end_gets_the_stated_default_length(client, secretary):
    committee = create_committee(client, secretary, "roskilde")
    entry = client.post(f"/api/v1/committees/{committee['id']}/aarshjul/2030/entries", headers=secretary, json={
        "kind": "dialogue_meeting", "title": "Dialogmøde", "date": "2030-02-05", "start_time": "17:00"}).json
    event = parse_feed(client.get("/calendar/roskilde/JA.ics")).events()[entry["uid"]]
    assert event.decoded("DTEND") - event.decoded("DTSTART") == DEFAULT_LENGTH
    assert NO_END_NOTE in str(event["DESCRIPTION"])


def test_a_members_event_with_a_closed_items_title_is_confidential_and_the_public_one_is_not(
        client, secretary, member):  # noqa: F811
    committee = member["committees"][0]
    meeting = schedule_meeting(client, secretary, committee["id"], date="2030-05-15")
    add_item(client, secretary, meeting["id"], title="Personalesag", closed=True)
    client.post(f"/api/v1/meetings/{meeting['id']}/publish", headers=secretary)

    private = parse_feed(client.get(_new_link(client, member["headers"]))).events()[meeting["uid"]]
    public = parse_feed(client.get("/calendar/roskilde/JA.ics")).events()[meeting["uid"]]

    assert "Personalesag" in str(private["DESCRIPTION"]) and private["CLASS"] == "CONFIDENTIAL"
    assert "Personalesag" not in str(public["DESCRIPTION"]) and public["CLASS"] == "PUBLIC"


def test_the_meeting_form_refuses_a_missing_time_and_asks_which_of_two_equal_times(client, accounts):
    register_municipality(client, accounts.admin(), "roskilde")
    headers = accounts.secretary("roskilde")
    committee = create_committee(client, headers, "roskilde")
    log_in(client, "sekretaer@roskilde.dk", PASSWORD)
    page = f"/sekretariat/udvalg/{committee['id']}/nyt-moede"

    missing = post_form(client, page, data={"date": "2026-03-29", "start_time": "02:30", "place": "Mødelokale 1"})
    assert missing.status_code == 422
    assert 'id="start_time-error">Klokken 02:30 findes ikke 29. marts 2026' in missing.get_data(as_text=True)

    twice = post_form(client, page, data={"date": "2026-10-25", "start_time": "02:30", "place": "Mødelokale 1"})
    html = twice.get_data(as_text=True)
    assert twice.status_code == 422 and "forekommer to gange 25. oktober 2026" in html
    assert "Anden gang, kl. 02:30 vintertid (UTC+01:00)" in html and 'name="start_fold"' in html

    chosen = post_form(client, page, data={"date": "2026-10-25", "start_time": "02:30", "start_fold": "1",
                                           "place": "Mødelokale 1"})
    assert chosen.status_code == 302
    [meeting] = client.get(f"/api/v1/meetings?committee={committee['id']}").json
    assert meeting["starts_at"] == "2026-10-25T02:30:00+01:00"
