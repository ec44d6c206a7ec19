"""A meeting's life in the secretariat: moved (with what is tied to it), cancelled after a
confirmation with a reason, reinstated, previewed, copied, finished by approving its
minutes, and corrected after approval (real PostgreSQL)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time

import pytest

from services.agenda.calendar.models import WheelEntry
from services.agenda.handlers import minutes_approved, minutes_reopened
from services.agenda.models import Meeting
from services.agenda.tests.conftest import PASSWORD
from services.agenda.tests.integration.calendar_support import parse_feed
from services.agenda.tests.integration.helpers import (
    add_item,
    create_committee,
    outbox_events,
    register_municipality,
    schedule_meeting,
)
from shared.events import build_envelope, parse_envelope
from tests.support.pages import log_in, post_form

pytestmark = pytest.mark.integration


@pytest.fixture
def setup(client, accounts):
    register_municipality(client, accounts.admin(), "roskilde")
    headers = accounts.secretary("roskilde")
    committee = create_committee(client, headers, "roskilde")
    meeting = schedule_meeting(client, headers, committee["id"], date="2030-03-13")
    log_in(client, "sekretaer@roskilde.dk", PASSWORD)
    return {"headers": headers, "committee": committee, "meeting": meeting}


def _entry(client, headers, committee_id, **values) -> dict:
    response = client.post(f"/api/v1/committees/{committee_id}/aarshjul/2030/entries", headers=headers, json=values)
    assert response.status_code == 201, response.json
    return response.json


def _page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def _event(event_type: str, data: dict):
    return parse_envelope(build_envelope(event_type, data, source="/udvalg/decisions"))


def _approved(meeting_id, version=1, items=()):
    return _event("decisions.minutes.approved.v1", {
        "meeting_id": meeting_id, "committee_id": uuid.uuid4(), "municipality_slug": "roskilde", "version": version,
        "approved_at": datetime(2030, 3, 14, 9, tzinfo=UTC), "correction_reason": None,
        "participants": [{"name": "Steen Hansen", "party": "O", "absent": True, "substitute": "Lotte Greve"}],
        "items": list(items)})


# --- moving (§2) ----------------------------------------------------------------------------

def test_moving_a_meeting_moves_the_arshjul_entries_tied_to_it_in_the_wheel_and_the_feeds(client, setup):
    committee, meeting, headers = setup["committee"], setup["meeting"], setup["headers"]
    dialogue = _entry(client, headers, committee["id"], kind="dialogue_meeting", title="Dialogmøde om unge",
                      date="2030-03-13", start_time="19:15", meeting_id=meeting["id"])
    deadline = _entry(client, headers, committee["id"], kind="deadline", title="Sagsfremstillinger klar",
                      date="2030-03-06", meeting_id=meeting["id"])
    other = _entry(client, headers, committee["id"], kind="milestone", title="Ikke knyttet til mødet",
                   date="2030-03-13")

    response = post_form(client, f"/sekretariat/moeder/{meeting['id']}", f"/sekretariat/moeder/{meeting['id']}/detaljer",
                         data={"date": "2030-03-20", "start_time": "16:30", "end_time": "19:00",
                               "place": "Mødelokale 1"})

    assert response.status_code == 302
    page = _page(client, f"/sekretariat/moeder/{meeting['id']}")
    assert "»Dialogmøde om unge« er flyttet med til 20-03-2030 kl. 19:15" in page
    assert "»Sagsfremstillinger klar« er flyttet med til 13-03-2030" in page
    events = parse_feed(client.get("/calendar/roskilde/JA.ics")).events()
    moved = events[dialogue["uid"]]
    assert moved.decoded("DTSTART").replace(tzinfo=None) == datetime(2030, 3, 20, 19, 15)
    assert moved["SEQUENCE"] == 1
    assert events[deadline["uid"]].decoded("DTSTART") == date(2030, 3, 13)
    assert events[other["uid"]].decoded("DTSTART") == date(2030, 3, 13) and events[other["uid"]]["SEQUENCE"] == 0
    wheel = _page(client, "/aarshjul/roskilde/JA/2030")
    assert "20-03-2030" in wheel and "Dialogmøde om unge" in wheel


def test_a_meeting_with_approved_minutes_cannot_be_moved(client, runtime, setup):
    meeting = setup["meeting"]
    with runtime.uow() as uow:
        minutes_approved(uow, _approved(uuid.UUID(meeting["id"])))
        uow.commit()

    response = client.post(f"/api/v1/meetings/{meeting['id']}/reschedule", json={"date": "2030-03-20"},
                           headers=setup["headers"])

    assert response.status_code == 409 and "kan ikke flyttes" in response.json["detail"]


# --- cancelling and reinstating (§3) ------------------------------------------------------------

def test_aflys_moedet_asks_first_and_needs_a_reason_on_the_page(client, setup):
    meeting = setup["meeting"]
    meeting_page = _page(client, f"/sekretariat/moeder/{meeting['id']}")
    assert f'href="/sekretariat/moeder/{meeting["id"]}/aflys"' in meeting_page, "a link to a confirmation, no form"
    confirmation = _page(client, f"/sekretariat/moeder/{meeting['id']}/aflys")
    assert "Ja, aflys mødet" in confirmation and "Fortryd" in confirmation

    path = f"/sekretariat/moeder/{meeting['id']}/aflys"
    without_field = post_form(client, path, data={})
    empty = post_form(client, path, data={"reason": "   "})

    for response in (without_field, empty):
        assert response.status_code == 422
        assert "Skriv hvorfor mødet aflyses." in response.get_data(as_text=True)
    assert client.get(f"/api/v1/meetings/{meeting['id']}").json["status"] == "planned"


def test_the_cancel_api_needs_a_reason_and_answers_problem_json(client, setup):
    meeting, headers = setup["meeting"], setup["headers"]
    for body in ({}, {"reason": ""}, {"reason": "  "}):
        response = client.post(f"/api/v1/meetings/{meeting['id']}/cancel", json=body, headers=headers)
        assert response.status_code == 422, body
        assert response.content_type == "application/problem+json" and "reason" in response.json["errors"]["json"]


def test_a_cancelled_meeting_is_reinstated_and_returns_to_the_feed_with_a_raised_sequence(client, runtime, setup):
    meeting = setup["meeting"]
    post_form(client, f"/sekretariat/moeder/{meeting['id']}/aflys", data={"reason": "Ingen sager."})
    [cancelled] = parse_feed(client.get("/calendar/roskilde/JA.ics")).events().values()
    assert cancelled["STATUS"] == "CANCELLED"
    page = _page(client, f"/sekretariat/moeder/{meeting['id']}")
    assert "Begrundelse: Ingen sager." in page and "Genoptag mødet" in page

    response = post_form(client, f"/sekretariat/moeder/{meeting['id']}",
                         f"/sekretariat/moeder/{meeting['id']}/genoptag")

    assert response.status_code == 302
    [back] = parse_feed(client.get("/calendar/roskilde/JA.ics")).events().values()
    assert (back["STATUS"], str(back["UID"])) == ("CONFIRMED", meeting["uid"])
    assert back["SEQUENCE"] > cancelled["SEQUENCE"]
    assert not str(back["SUMMARY"]).startswith("AFLYST")
    [event] = outbox_events(runtime, "agenda.meeting.reinstated.v1")
    assert event["data"]["meeting"]["status"] == "planned"


def test_fjern_asks_first_and_removes_only_after_the_confirmation(client, setup):
    meeting = setup["meeting"]
    item = add_item(client, setup["headers"], meeting["id"], title="Budgetopfølgning")["items"][0]
    path = f"/sekretariat/moeder/{meeting['id']}/punkter/{item['id']}/fjern"
    assert f'href="{path}"' in _page(client, f"/sekretariat/moeder/{meeting['id']}")

    confirmation = _page(client, path)

    assert "Fjern punkt 1 fra dagsordenen?" in confirmation and "Budgetopfølgning" in confirmation
    assert client.get(f"/api/v1/meetings/{meeting['id']}", headers=setup["headers"]).json["item_count"] == 1
    assert post_form(client, path).status_code == 302
    assert client.get(f"/api/v1/meetings/{meeting['id']}", headers=setup["headers"]).json["item_count"] == 0


# --- preview, copy, quick adding (§5, §6) --------------------------------------------------------

def test_the_preview_shows_the_agenda_as_the_public_and_as_members_will_see_it(client, setup):
    meeting = setup["meeting"]
    add_item(client, setup["headers"], meeting["id"], title="Personalesag", closed=True,
             sections={"resume": "Fortroligt indhold."})
    path = f"/sekretariat/moeder/{meeting['id']}/forhaandsvisning"

    public = _page(client, path)
    members = _page(client, f"{path}?som=medlemmer")

    assert "Punkt 1: Lukket punkt" in public and "Personalesag" not in public and "Fortroligt" not in public
    assert "Punkt 1: JA - Personalesag" in members and "Fortroligt indhold." in members
    assert "Offentliggør dagsordenen" in public


def test_a_new_meeting_starts_from_the_last_ones_place_time_and_standing_items(client, setup):
    meeting, headers = setup["meeting"], setup["headers"]
    add_item(client, headers, meeting["id"], title="Godkendelse af dagsorden", kind="standing", case_number=None)
    add_item(client, headers, meeting["id"], title="Budgetopfølgning")
    add_item(client, headers, meeting["id"], title="Eventuelt", kind="standing", case_number=None)
    path = f"/sekretariat/udvalg/{setup['committee']['id']}/nyt-moede"

    form = _page(client, path)

    assert 'value="Mødelokale 1"' in form and 'value="16:30"' in form
    assert "Godkendelse af dagsorden, Eventuelt" in form
    response = post_form(client, path, data={"date": "2030-04-10", "start_time": "16:30", "end_time": "19:00",
                                             "place": "Mødelokale 1", "copy_from": meeting["id"], "copy_items": "y"})
    assert response.status_code == 302
    new_id = response.headers["Location"].rsplit("/", 1)[1]
    titles = [i["title"] for i in client.get(f"/api/v1/meetings/{new_id}", headers=headers).json["items"]]
    assert titles == ["Godkendelse af dagsorden", "Eventuelt"]


def test_items_are_added_one_after_another_without_leaving_the_agenda(client, setup):
    meeting = setup["meeting"]
    path = f"/sekretariat/moeder/{meeting['id']}"
    for title in ("Budgetopfølgning", "Status på mål"):
        response = post_form(client, path, f"{path}/punkter", data={
            "title": title, "kind": "case", "case_number": "30/00001", "handling": "fortsaet"})
        assert response.status_code == 302 and response.headers["Location"].endswith(f"{path}#nyt-punkt")
    assert "»Status på mål« er tilføjet" in _page(client, path)


# --- finishing and correcting (§4) -----------------------------------------------------------------

def test_approved_minutes_mark_the_meeting_held_and_the_lists_say_so(client, runtime, setup):
    meeting, headers = setup["meeting"], setup["headers"]
    add_item(client, headers, meeting["id"])
    client.post(f"/api/v1/meetings/{meeting['id']}/publish", headers=headers)
    assert "Dagsorden offentliggjort" in _page(client, f"/sekretariat/?udvalg={setup['committee']['id']}&aar=2030")

    with runtime.uow() as uow:
        minutes_approved(uow, _approved(uuid.UUID(meeting["id"])))
        uow.commit()

    listing = _page(client, f"/sekretariat/?udvalg={setup['committee']['id']}&aar=2030")
    assert "Referat godkendt" in listing and "Dagsorden offentliggjort" not in listing
    with runtime.uow() as uow:
        assert uow.session.get(Meeting, uuid.UUID(meeting["id"])).status == "held"
    [held] = outbox_events(runtime, "agenda.meeting.held.v1")
    assert held["data"]["meeting"]["status"] == "held"


def test_editing_an_item_after_approval_warns_and_leads_to_a_correction(client, runtime, setup):
    meeting, headers = setup["meeting"], setup["headers"]
    item = add_item(client, headers, meeting["id"], title="Budgetopfølgning")["items"][0]
    client.post(f"/api/v1/meetings/{meeting['id']}/publish", headers=headers)
    with runtime.uow() as uow:
        minutes_approved(uow, _approved(uuid.UUID(meeting["id"])))
        uow.commit()

    page = _page(client, f"/sekretariat/punkter/{item['id']}?moede={meeting['id']}")

    assert "Referatet er godkendt og låst." in page and "Gem punktet" not in page
    assert f'href="/decisions/sekretariat/moeder/{meeting["id"]}#ret"' in page
    refused = client.patch(f"/api/v1/items/{item['id']}", json={"title": "Ændret"}, headers=headers)
    assert refused.status_code == 409

    with runtime.uow() as uow:
        minutes_reopened(uow, _event("decisions.minutes.reopened.v1", {
            "meeting_id": uuid.UUID(meeting["id"]), "version": 1, "reason": "Forkert beløb."}))
        uow.commit()

    assert "Gem punktet" in _page(client, f"/sekretariat/punkter/{item['id']}?moede={meeting['id']}")
    changed = client.patch(f"/api/v1/items/{item['id']}", json={"title": "Budgetopfølgning, rettet"}, headers=headers)
    assert changed.status_code == 200
    republished = client.post(f"/api/v1/meetings/{meeting['id']}/publish", headers=headers)
    assert republished.status_code == 200 and republished.json["version"] == 2
    assert republished.json["meeting"]["status"] == "held"


def test_an_older_reopening_does_not_unlock_newer_approved_minutes(runtime, setup):
    meeting_id = uuid.UUID(setup["meeting"]["id"])
    with runtime.uow() as uow:
        minutes_approved(uow, _approved(meeting_id, version=2))
        minutes_reopened(uow, _event("decisions.minutes.reopened.v1",
                                     {"meeting_id": meeting_id, "version": 1, "reason": "Gammel rettelse."}))
        uow.commit()
    with runtime.uow() as uow:
        assert uow.session.get(Meeting, meeting_id).minutes_state == "approved"


def test_the_linked_entries_of_a_moved_meeting_keep_their_own_time(runtime, client, setup):
    committee, meeting, headers = setup["committee"], setup["meeting"], setup["headers"]
    entry = _entry(client, headers, committee["id"], kind="meeting", title="Udvalgsmøde", date="2030-03-13",
                   meeting_id=meeting["id"])
    client.post(f"/api/v1/meetings/{meeting['id']}/reschedule", json={"date": "2030-03-27", "start_time": "15:00"},
                headers=headers)
    with runtime.uow() as uow:
        moved = uow.session.get(WheelEntry, uuid.UUID(entry["id"]))
        assert (moved.date, moved.start_time, moved.month) == (date(2030, 3, 27), time(15, 0), 3)
