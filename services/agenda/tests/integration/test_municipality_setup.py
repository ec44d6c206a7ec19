"""The secretariat sets its municipality up from the browser: committees with their fixed
place and time, members, and memberships whose periods decide who sits on a given day."""

from __future__ import annotations

import re

import pytest

from services.agenda.tests.conftest import PASSWORD
from services.agenda.tests.integration.helpers import outbox_events, register_municipality
from tests.support.pages import found, log_in, post_form

pytestmark = pytest.mark.integration


@pytest.fixture
def secretary(client, accounts):
    register_municipality(client, accounts.admin(), "roskilde", address="Rådhusbuen 1, 4000 Roskilde")
    client.api_headers = accounts.secretary("roskilde")
    log_in(client, "sekretaer@roskilde.dk", PASSWORD)
    return client


def _error_beside(html: str, field: str) -> str:
    match = re.search(rf'<p class="error-text" id="{field}-error">([^<]+)</p>', html)
    assert match, f"no error beside {field}"
    return match.group(1)


def _committee(client, **fields) -> str:
    data = {"name": "Teknik- og Miljøudvalget", "code": "TM", "default_place": "", "default_start_time": "", **fields}
    response = post_form(client, "/sekretariat/udvalg/", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"]


def _member(client, name: str, party: str = "A") -> str:
    response = post_form(client, "/sekretariat/medlemmer/", data={"name": name, "party": party, "email": ""})
    assert response.status_code == 302, response.get_data(as_text=True)
    html = client.get("/sekretariat/medlemmer/").get_data(as_text=True)
    return found(rf'href="/sekretariat/medlemmer/([0-9a-f-]+)">{name}</a>', html)


def _seat(client, committee: str, member_id: str, role: str = "member", starts_on: str = "", ends_on: str = ""):
    return post_form(client, committee, f"{committee}medlemskaber",
                     data={"member_id": member_id, "role": role, "starts_on": starts_on, "ends_on": ends_on})


def test_a_committee_proposes_its_place_and_time_for_a_new_meeting(secretary):
    page = _committee(secretary, default_place="Byrådssalen", default_start_time="17:00")
    committee_id = page.rstrip("/").rsplit("/", 1)[1]

    form = secretary.get(f"/sekretariat/udvalg/{committee_id}/nyt-moede").get_data(as_text=True)

    assert 'value="Byrådssalen"' in form and 'value="17:00"' in form


def test_without_a_place_of_its_own_a_committee_meets_at_the_municipalitys_address(secretary):
    committee_id = _committee(secretary).rstrip("/").rsplit("/", 1)[1]

    form = secretary.get(f"/sekretariat/udvalg/{committee_id}/nyt-moede").get_data(as_text=True)

    assert 'value="Rådhusbuen 1, 4000 Roskilde"' in form


@pytest.mark.parametrize(("field", "value", "message"), [
    ("code", "tm1", "Brug 1-6 store bogstaver, fx KF."),
    ("name", "", "Skriv udvalgets navn."),
    ("default_start_time", "halv fem", "Skriv klokkeslættet som TT:MM, fx 16:30."),
])
def test_bad_committee_input_is_refused_beside_its_field_and_kept(secretary, field, value, message):
    data = {"name": "Teknik- og Miljøudvalget", "code": "TM", "default_place": "Byrådssalen", "default_start_time": "",
            field: value}
    response = post_form(secretary, "/sekretariat/udvalg/", data=data)

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert _error_beside(html, field) == message
    assert 'value="Byrådssalen"' in html


def test_a_taken_code_is_refused_beside_the_code(secretary):
    _committee(secretary)

    response = post_form(secretary, "/sekretariat/udvalg/", data={"name": "Andet", "code": "TM"})

    assert response.status_code == 409 and _error_beside(response.get_data(as_text=True), "code") == "Koden er optaget."


def test_memberships_follow_their_periods(secretary, runtime):
    committee = _committee(secretary)
    anne, bo, carl = (_member(secretary, name) for name in ("Anne Andersen", "Bo Berg", "Carl Carlsen"))
    assert _seat(secretary, committee, anne, "chair", "2022-01-01").status_code == 302
    assert _seat(secretary, committee, bo, "member", "2022-01-01", "2023-12-31").status_code == 302
    assert _seat(secretary, committee, carl, "substitute", "2022-01-01").status_code == 302

    page = secretary.get(committee).get_data(as_text=True)
    today, former = page.split("Tidligere medlemmer")
    assert "Anne Andersen" in today.split("Stedfortrædere efter parti")[0]
    assert "Bo Berg" in former and "Bo Berg" not in today
    assert re.search(r"<dt>A</dt><dd><a [^>]+>Carl Carlsen</a></dd>", page)
    members = outbox_events(runtime, "agenda.committee.updated.v1")[-1]["data"]["committee"]["members"]
    assert {(m["name"], m["role"], m["ends_on"]) for m in members} == {
        ("Anne Andersen", "chair", None), ("Bo Berg", "member", "2023-12-31"), ("Carl Carlsen", "substitute", None)}


def test_overlapping_seats_are_refused_beside_their_field(secretary):
    committee = _committee(secretary)
    anne, bo = _member(secretary, "Anne Andersen"), _member(secretary, "Bo Berg")
    _seat(secretary, committee, anne, "chair", "2022-01-01", "2025-12-31")

    twice = _seat(secretary, committee, anne, "member", "2025-06-01")
    two_chairs = _seat(secretary, committee, bo, "chair", "2024-01-01")
    backwards = _seat(secretary, committee, bo, "member", "2024-01-01", "2023-01-01")
    after = _seat(secretary, committee, bo, "chair", "2026-01-01")

    assert _error_beside(twice.get_data(as_text=True), "member_id") == "Medlemmet sidder allerede i udvalget i perioden."
    assert _error_beside(two_chairs.get_data(as_text=True), "role") == "Der er allerede en formand i perioden."
    assert _error_beside(backwards.get_data(as_text=True), "ends_on") == "Slutdatoen ligger før startdatoen."
    assert 'value="2023-01-01"' in backwards.get_data(as_text=True)
    assert after.status_code == 302


def test_a_membership_ends_on_the_day_the_member_leaves(secretary):
    committee = _committee(secretary)
    anne = _member(secretary, "Anne Andersen")
    _seat(secretary, committee, anne, "member", "2022-01-01")
    membership = found(r'href="(/sekretariat/udvalg/[^"]+/medlemskaber/[0-9a-f-]+)"',
                       secretary.get(committee).get_data(as_text=True))

    saved = post_form(secretary, membership, data={"role": "member", "starts_on": "2022-01-01", "ends_on": "2024-06-30"})

    assert saved.status_code == 302
    assert "Anne Andersen" in secretary.get(committee).get_data(as_text=True).split("Tidligere medlemmer")[1]


def test_a_bad_party_letter_is_refused_beside_the_party(secretary):
    response = post_form(secretary, "/sekretariat/medlemmer/", data={"name": "Anne Andersen", "party": "V1"})

    assert response.status_code == 422
    assert _error_beside(response.get_data(as_text=True), "party") == "Brug partibogstavet, fx O."
    assert 'value="Anne Andersen"' in response.get_data(as_text=True)


def test_a_closed_committee_plans_no_meetings_and_can_be_reopened(secretary):
    committee = _committee(secretary)
    committee_id = committee.rstrip("/").rsplit("/", 1)[1]
    api, headers = secretary.application.test_client(), secretary.api_headers
    meeting = {"date": "2030-01-01", "start_time": "16:00", "place": "Rådhuset"}

    closed = post_form(secretary, committee, f"{committee}nedlaeg", data={"closed_on": "2025-12-31"})
    planned = api.post(f"/api/v1/committees/{committee_id}/meetings", json=meeting, headers=headers)

    assert closed.status_code == 302 and "blev nedlagt 31-12-2025" in secretary.get(committee).get_data(as_text=True)
    assert planned.status_code == 409 and planned.json["detail"] == "Udvalget er nedlagt og holder ikke flere møder."
    post_form(secretary, committee, f"{committee}genopret")
    assert api.post(f"/api/v1/committees/{committee_id}/meetings", json=meeting, headers=headers).status_code == 201


def test_the_setup_pages_are_for_the_municipalitys_secretariat(client, demo_client):
    from services.agenda.demo.load import DEMO_ACCOUNTS, DEMO_PASSWORD

    assert client.get("/sekretariat/udvalg/").status_code == 302
    log_in(demo_client, DEMO_ACCOUNTS["member"], DEMO_PASSWORD)
    assert demo_client.get("/sekretariat/udvalg/").status_code == 403
