"""A committee's code (the prefix before item titles) is optional: a committee without
one is created, published and found at addresses made from its name; its titles carry
no prefix; its events say it has no code. Committees with a code keep their addresses."""

from __future__ import annotations

import pytest

from services.agenda.tests.integration.calendar_support import parse_feed
from services.agenda.tests.integration.helpers import (
    add_item,
    outbox_events,
    register_municipality,
    schedule_meeting,
)
from tests.support.pages import log_in, post_form

pytestmark = pytest.mark.integration

NAME = "Teknik- og Miljøudvalget"


@pytest.fixture
def secretary(client, accounts):
    register_municipality(client, accounts.admin(), "roskilde")
    return accounts.secretary("roskilde")


def _create(client, secretary, **body) -> dict:
    response = client.post("/api/v1/municipalities/roskilde/committees", json={"name": NAME, **body},
                           headers=secretary)
    assert response.status_code == 201, response.json
    return response.json


def test_a_committee_without_a_code_gets_a_slug_from_its_name_and_an_event_without_a_code(
        client, secretary, runtime):
    committee = _create(client, secretary)
    namesake = _create(client, secretary, code="")

    assert (committee["code"], committee["slug"]) == (None, "teknik-og-miljoeudvalget")
    assert (namesake["code"], namesake["slug"]) == (None, "teknik-og-miljoeudvalget-2")
    [first, _second] = outbox_events(runtime, "agenda.committee.created.v1")
    assert first["data"]["committee"]["code"] is None


def test_removing_a_code_keeps_the_slug_and_a_rename_keeps_it_too(client, secretary):
    committee = _create(client, secretary, code="TM")
    url = f"/api/v1/committees/{committee['id']}"

    renamed = client.patch(url, json={"name": "Klimaudvalget", "code": None}, headers=secretary)

    assert renamed.status_code == 200, renamed.json
    assert (renamed.json["code"], renamed.json["slug"]) == (None, "teknik-og-miljoeudvalget")


def test_titles_carry_no_prefix_and_the_published_agenda_says_no_code(client, secretary, runtime):
    committee = _create(client, secretary)
    meeting = schedule_meeting(client, secretary, committee["id"])
    add_item(client, secretary, meeting["id"], title="Budgetopfølgning")

    published = client.post(f"/api/v1/meetings/{meeting['id']}/publish", headers=secretary)

    assert published.status_code == 200, published.json
    [event] = outbox_events(runtime, "agenda.agenda.published.v1")
    assert event["data"]["meeting"]["committee_code"] is None
    [item] = event["data"]["items"]
    assert item["owner_code"] is None and item["committees"][0]["committee_code"] is None
    agenda = client.get(f"/api/v1/meetings/{meeting['id']}", headers=secretary).json
    assert [i["display_title"] for i in agenda["items"]] == ["Budgetopfølgning"]
    [feed_event] = parse_feed(client.get("/calendar/roskilde/teknik-og-miljoeudvalget.ics")).events().values()
    assert "1. Budgetopfølgning" in str(feed_event["DESCRIPTION"])


def test_the_public_pages_name_a_committee_without_a_code_by_its_slug(client, secretary):
    _create(client, secretary)

    municipality = client.get("/roskilde/").get_data(as_text=True)
    page = client.get("/roskilde/udvalg/teknik-og-miljoeudvalget/")

    assert 'href="/roskilde/udvalg/teknik-og-miljoeudvalget/"' in municipality
    assert page.status_code == 200 and NAME in page.get_data(as_text=True)
    assert "/calendar/roskilde/teknik-og-miljoeudvalget.ics" in page.get_data(as_text=True)
    assert client.get("/aarshjul/roskilde/teknik-og-miljoeudvalget/2030").status_code == 200


def test_a_committee_with_a_code_answers_at_its_code_and_its_slug(client, secretary):
    _create(client, secretary, code="TM")

    assert 'href="/roskilde/udvalg/TM/"' in client.get("/roskilde/").get_data(as_text=True)
    assert client.get("/roskilde/udvalg/TM/").status_code == 200
    assert client.get("/roskilde/udvalg/teknik-og-miljoeudvalget/").status_code == 200
    assert client.get("/calendar/roskilde/TM.ics").status_code == 200


def test_the_secretariat_creates_a_committee_without_a_code_from_its_page(client, accounts):
    from services.agenda.tests.conftest import PASSWORD

    register_municipality(client, accounts.admin(), "roskilde")
    accounts.secretary("roskilde")
    log_in(client, "sekretaer@roskilde.dk", PASSWORD)

    created = post_form(client, "/sekretariat/udvalg/",
                        data={"name": NAME, "code": "", "default_place": "", "default_start_time": ""})

    assert created.status_code == 302, created.get_data(as_text=True)
    listed = client.get("/sekretariat/udvalg/").get_data(as_text=True)
    assert NAME in listed and "Kode (valgfri)" in listed
