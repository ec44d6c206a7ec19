"""Planning meetings and publishing agendas through the agenda API (real PostgreSQL)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from services.agenda.tests.integration.helpers import (
    add_item,
    create_committee,
    outbox_events,
    register_municipality,
    schedule_meeting,
)

pytestmark = pytest.mark.integration

EXPECTED = json.loads((Path(__file__).parents[4] / "tests/fixtures/lejre_2020_01_08_expected.json").read_text())


@pytest.fixture
def secretary(client, accounts):
    register_municipality(client, accounts.admin(), "roskilde")
    return accounts.secretary("roskilde")


@pytest.fixture
def meeting(client, secretary):
    committee = create_committee(client, secretary, "roskilde")
    return schedule_meeting(client, secretary, committee["id"])


def _meeting_on(client, day: str) -> dict:
    return next(m for m in client.get("/api/v1/meetings").json if m["date"] == day)


def test_demo_meeting_of_8_january_2020_has_the_11_items_of_the_reference_in_order(demo_client):
    listed = demo_client.get("/api/v1/meetings?municipality=lejre&year=2020")
    assert listed.status_code == 200
    assert {m["date"] for m in listed.json} == {"2020-01-07", "2020-01-08", "2020-04-15"}
    detail = demo_client.get(f"/api/v1/meetings/{_meeting_on(demo_client, '2020-01-08')['id']}").json
    headings = [f"Punkt {item['number']}: {item['display_title']}" for item in detail["items"]]
    assert headings == [item["heading"] for item in EXPECTED["items"]]
    assert [item["case_number"] for item in detail["items"]] == [item["case_number"] for item in EXPECTED["items"]]


def test_demo_shared_item_stands_on_both_committees_agendas(demo_client):
    bu = demo_client.get(f"/api/v1/meetings/{_meeting_on(demo_client, '2020-01-07')['id']}").json
    ja = demo_client.get(f"/api/v1/meetings/{_meeting_on(demo_client, '2020-01-08')['id']}").json
    shared_bu, shared_ja = bu["items"][0], ja["items"][9]
    assert shared_bu["id"] == shared_ja["id"]
    assert shared_ja["display_title"] == "BU - Status for tværgående indsatser. Kernevelværd"
    assert [c["committee_code"] for c in shared_ja["committees"]] == ["BU", "JA"]


def test_publishing_records_a_version_and_its_event_in_the_same_transaction(client, secretary, meeting, runtime):
    add_item(client, secretary, meeting["id"], title="Budgetopfølgning")
    response = client.post(f"/api/v1/meetings/{meeting['id']}/publish", headers=secretary)
    assert response.status_code == 200, response.json
    assert response.json["version"] == 1 and response.json["meeting"]["status"] == "published"
    [event] = outbox_events(runtime, "agenda.agenda.published.v1")
    assert event["specversion"] == "1.0" and event["subject"] == f"meetings/{meeting['id']}"
    assert event["data"]["version"] == 1
    assert [item["title"] for item in event["data"]["items"]] == ["Budgetopfølgning"]


def test_publish_reports_validation_errors_by_field_and_publishes_nothing(client, secretary, meeting, runtime):
    item = add_item(client, secretary, meeting["id"], sections={})["items"][0]
    response = client.post(f"/api/v1/meetings/{meeting['id']}/publish", headers=secretary)
    assert response.status_code == 422
    assert response.content_type == "application/problem+json"
    assert response.json["errors"] == {f"items.{item['id']}.sections.resume": ["Punkt 1: afsnittet »Resumé« skal udfyldes."]}
    assert outbox_events(runtime, "agenda.agenda.published.v1") == []
    assert client.get(f"/api/v1/meetings/{meeting['id']}", headers=secretary).json["status"] == "planned"


def test_a_change_after_publishing_is_published_as_a_new_version(client, secretary, meeting, runtime):
    first = add_item(client, secretary, meeting["id"])["items"][0]
    client.post(f"/api/v1/meetings/{meeting['id']}/publish", headers=secretary)
    client.patch(f"/api/v1/items/{first['id']}", json={"title": "Ny titel"}, headers=secretary)
    detail = client.get(f"/api/v1/meetings/{meeting['id']}", headers=secretary).json
    assert detail["has_unpublished_changes"] is True
    public = client.get(f"/api/v1/meetings/{meeting['id']}").json
    assert public["items"][0]["title"] == "Sag", "the public keeps seeing the published version"
    response = client.post(f"/api/v1/meetings/{meeting['id']}/publish", headers=secretary)
    assert response.json["version"] == 2
    versions = [e["data"]["version"] for e in outbox_events(runtime, "agenda.agenda.published.v1")]
    assert versions == [1, 2]
    assert client.get(f"/api/v1/meetings/{meeting['id']}").json["items"][0]["title"] == "Ny titel"


def test_publishing_an_unchanged_agenda_again_is_refused(client, secretary, meeting):
    add_item(client, secretary, meeting["id"])
    client.post(f"/api/v1/meetings/{meeting['id']}/publish", headers=secretary)
    again = client.post(f"/api/v1/meetings/{meeting['id']}/publish", headers=secretary)
    assert again.status_code == 409
    assert again.json["detail"] == "Dagsordenen er ikke ændret siden den sidst blev offentliggjort."


def test_moving_a_meeting_across_daylight_saving_raises_sequence_and_keeps_uid(client, secretary, meeting, runtime):
    assert meeting["starts_at"] == "2030-03-13T16:30:00+01:00"
    response = client.post(f"/api/v1/meetings/{meeting['id']}/reschedule",
                           json={"date": "2030-04-10", "place": "Byrådssalen"}, headers=secretary)
    assert response.status_code == 200
    moved = response.json
    assert moved["uid"] == meeting["uid"] and moved["sequence"] == meeting["sequence"] + 1
    assert moved["starts_at"] == "2030-04-10T16:30:00+02:00"
    [event] = outbox_events(runtime, "agenda.meeting.rescheduled.v1")
    assert event["data"]["previous"]["starts_at"] == "2030-03-13T16:30:00+01:00"
    assert event["data"]["meeting"]["place"] == "Byrådssalen"


def test_moving_a_meeting_to_the_same_time_changes_nothing(client, secretary, meeting, runtime):
    response = client.post(f"/api/v1/meetings/{meeting['id']}/reschedule", json={"date": "2030-03-13"}, headers=secretary)
    assert response.json["sequence"] == meeting["sequence"]
    assert outbox_events(runtime, "agenda.meeting.rescheduled.v1") == []


def test_a_cancelled_meeting_is_announced_and_cannot_be_moved(client, secretary, meeting, runtime):
    response = client.post(f"/api/v1/meetings/{meeting['id']}/cancel", json={"reason": "Ingen sager"}, headers=secretary)
    assert response.json["status"] == "cancelled" and response.json["sequence"] == 1
    [event] = outbox_events(runtime, "agenda.meeting.cancelled.v1")
    assert event["data"]["reason"] == "Ingen sager" and event["data"]["meeting"]["uid"] == meeting["uid"]
    moved = client.post(f"/api/v1/meetings/{meeting['id']}/reschedule", json={"date": "2030-05-01"}, headers=secretary)
    assert moved.status_code == 409 and moved.json["detail"].startswith("Mødet er aflyst. Genoptag det først")


def test_a_future_meeting_cannot_be_marked_as_held(client, secretary, meeting):
    add_item(client, secretary, meeting["id"])
    client.post(f"/api/v1/meetings/{meeting['id']}/publish", headers=secretary)
    response = client.post(f"/api/v1/meetings/{meeting['id']}/held", headers=secretary)
    assert response.status_code == 409


def test_closed_item_content_is_for_the_committee_and_never_for_the_public(demo_client, demo_accounts, demo_runtime):
    april = _meeting_on(demo_client, "2020-04-15")
    public = demo_client.get(f"/api/v1/meetings/{april['id']}")
    closed = public.json["items"][2]
    assert closed == {**closed, "title": "Lukket punkt", "display_title": "Lukket punkt", "sections": [],
                      "case_number": None, "recommendation": None, "attachments": []}
    assert "Hvalsø Tømrer" not in public.get_data(as_text=True)
    with demo_runtime.uow() as uow:
        from services.agenda.models import Member

        plank = uow.session.query(Member).filter_by(name="Christian Plank").one().id
    member = demo_accounts.headers("plank@test.dk", "member", "lejre", member_id=plank)
    as_member = demo_client.get(f"/api/v1/meetings/{april['id']}", headers=member)
    assert as_member.json["items"][2]["title"] == "Virksomhedspris 2019 - valg af prisvinder"
    assert "Hvalsø Tømrer" in as_member.get_data(as_text=True)


def test_a_new_open_case_goes_before_the_closed_items_and_eventuelt(client, secretary, meeting):
    add_item(client, secretary, meeting["id"], title="Godkendelse af dagsorden", kind="standing", case_number=None, sections={})
    add_item(client, secretary, meeting["id"], title="Eventuelt", kind="standing", case_number=None, sections={})
    add_item(client, secretary, meeting["id"], title="Personsag", closed=True)
    detail = add_item(client, secretary, meeting["id"], title="Ny åben sag")
    assert [i["title"] for i in detail["items"]] == ["Godkendelse af dagsorden", "Ny åben sag", "Personsag", "Eventuelt"]
    assert [i["number"] for i in detail["items"]] == [1, 2, 3, 4]


def test_reordering_must_name_every_item_once(client, secretary, meeting):
    a = add_item(client, secretary, meeting["id"], title="A")["items"][0]
    detail = add_item(client, secretary, meeting["id"], title="B")
    b = detail["items"][1]
    bad = client.put(f"/api/v1/meetings/{meeting['id']}/items/order", json={"item_ids": [a["id"], a["id"]]}, headers=secretary)
    assert bad.status_code == 422 and "item_ids" in bad.json["errors"]
    good = client.put(f"/api/v1/meetings/{meeting['id']}/items/order", json={"item_ids": [b["id"], a["id"]]}, headers=secretary)
    assert [(i["number"], i["title"]) for i in good.json["items"]] == [(1, "B"), (2, "A")]


def test_removing_an_item_renumbers_the_rest(client, secretary, meeting):
    a = add_item(client, secretary, meeting["id"], title="A")["items"][0]
    add_item(client, secretary, meeting["id"], title="B")
    assert client.delete(f"/api/v1/meetings/{meeting['id']}/items/{a['id']}", headers=secretary).status_code == 204
    detail = client.get(f"/api/v1/meetings/{meeting['id']}", headers=secretary).json
    assert [(i["number"], i["title"]) for i in detail["items"]] == [(1, "B")]


def test_an_item_is_put_before_a_second_committee_with_its_own_meeting(client, secretary, meeting):
    other = create_committee(client, secretary, "roskilde", code="BU", name="Udvalget for Børn & Ungdom")
    other_meeting = schedule_meeting(client, secretary, other["id"], date="2030-03-12")
    item = add_item(client, secretary, meeting["id"], title="Fælles sag")["items"][0]
    response = client.post(f"/api/v1/items/{item['id']}/meetings", json={"meeting_id": other_meeting["id"]}, headers=secretary)
    assert response.status_code == 201
    placed = response.json["items"][0]
    assert placed["display_title"] == "JA - Fælles sag"
    assert {c["committee_code"] for c in placed["committees"]} == {"JA", "BU"}
    twice = client.post(f"/api/v1/items/{item['id']}/meetings", json={"meeting_id": other_meeting["id"]}, headers=secretary)
    assert twice.status_code == 409


def test_committee_changes_announce_the_full_roster(client, secretary, runtime):
    committee = create_committee(client, secretary, "roskilde")
    member = client.post("/api/v1/municipalities/roskilde/members", json={"name": "Steen Hansen", "party": "O"},
                         headers=secretary).json
    response = client.post(f"/api/v1/committees/{committee['id']}/members",
                           json={"member_id": member["id"], "role": "chair"}, headers=secretary)
    assert response.status_code == 201
    event = outbox_events(runtime, "agenda.committee.updated.v1")[-1]
    assert event["data"]["committee"]["members"][0]["name"] == "Steen Hansen"
    assert event["data"]["committee"]["members"][0]["party"] == "O"
    second_chair = client.post(f"/api/v1/committees/{committee['id']}/members",
                               json={"member_id": member["id"], "role": "chair"}, headers=secretary)
    assert second_chair.status_code == 409
