"""The secretariat's agenda pages: wrong input gets a Danish message beside its field and
keeps what was typed; publishing shows the agenda's problems where they are."""

from __future__ import annotations

import re

import pytest

from services.agenda.tests.conftest import PASSWORD
from services.agenda.tests.integration.helpers import (
    add_item,
    create_committee,
    register_municipality,
    schedule_meeting,
)
from tests.support.pages import csrf_token, log_in, post_form

pytestmark = pytest.mark.integration


@pytest.fixture
def setup(client, accounts):
    register_municipality(client, accounts.admin(), "roskilde")
    headers = accounts.secretary("roskilde")
    committee = create_committee(client, headers, "roskilde")
    meeting = schedule_meeting(client, headers, committee["id"])
    log_in(client, "sekretaer@roskilde.dk", PASSWORD)
    return {"headers": headers, "committee": committee, "meeting": meeting}


def _error_beside(html: str, field: str) -> str:
    match = re.search(rf'<p class="error-text" id="{field}-error">([^<]+)</p>', html)
    assert match, f"no error beside {field}"
    return match.group(1)


def test_wrong_password_says_so_in_danish_and_keeps_the_email(client, accounts):
    register_municipality(client, accounts.admin(), "roskilde")
    accounts.secretary("roskilde")

    response = post_form(client, "/login", data={"email": "sekretaer@roskilde.dk", "password": "forkert"})

    assert response.status_code == 401
    html = response.get_data(as_text=True)
    assert "Forkert e-mail eller adgangskode." in html
    assert 'value="sekretaer@roskilde.dk"' in html


def test_a_meeting_ending_before_it_starts_is_refused_beside_the_end_time(client, setup):
    page = f"/sekretariat/udvalg/{setup['committee']['id']}/nyt-moede"
    response = post_form(client, page, data={"date": "2030-04-10", "start_time": "16:30", "end_time": "15:00",
                                             "place": "Allerslev rådhus"})

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert _error_beside(html, "end_time") == "Sluttidspunktet skal ligge efter starttidspunktet."
    assert 'value="Allerslev rådhus"' in html and 'value="2030-04-10"' in html


def test_a_meeting_without_a_place_is_refused_beside_the_place(client, setup):
    page = f"/sekretariat/udvalg/{setup['committee']['id']}/nyt-moede"
    response = post_form(client, page, data={"date": "2030-04-10", "start_time": "16:30", "place": ""})

    assert response.status_code == 422
    assert _error_beside(response.get_data(as_text=True), "place") == "Skriv hvor mødet holdes."


def test_a_new_item_without_a_title_keeps_its_case_number(client, setup):
    page = f"/sekretariat/moeder/{setup['meeting']['id']}"
    response = post_form(client, page, f"{page}/punkter", data={"title": "", "kind": "case",
                                                                "case_number": "30/00077"})

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert _error_beside(html, "title") == "Skriv punktets titel."
    assert 'value="30/00077"' in html


def test_an_item_with_a_malformed_case_number_keeps_its_sections(client, setup):
    detail = add_item(client, setup["headers"], setup["meeting"]["id"], title="Budget")
    item_id = detail["items"][0]["id"]
    page = f"/sekretariat/punkter/{item_id}?moede={setup['meeting']['id']}"

    response = post_form(client, page, data={"title": "Budget", "kind": "case", "case_number": "sag 7",
                                             "section_resume": "Et **vigtigt** resumé.",
                                             "recommendation_intro": "Direktionen indstiller:"})

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert _error_beside(html, "case_number").startswith("Sagsnummeret har ikke den rigtige form")
    assert "Et **vigtigt** resumé." in html
    saved = client.get(f"/api/v1/meetings/{setup['meeting']['id']}", headers=setup["headers"]).json["items"][0]
    assert saved["case_number"] == "30/00001", "what was saved before is kept"


def test_publishing_an_incomplete_agenda_lists_the_problems_on_the_page(client, setup):
    add_item(client, setup["headers"], setup["meeting"]["id"], title="Budget", sections={"resume": ""})
    page = f"/sekretariat/moeder/{setup['meeting']['id']}"

    response = post_form(client, page, f"{page}/offentliggoer")

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Resumé" in html
    assert client.get(f"/api/v1/meetings/{setup['meeting']['id']}", headers=setup["headers"]).json["status"] \
        == "planned"


def test_a_form_without_its_csrf_token_is_refused(client, setup):
    page = f"/sekretariat/udvalg/{setup['committee']['id']}/nyt-moede"
    assert csrf_token(client.get(page).get_data(as_text=True))

    response = client.post(page, data={"date": "2030-04-10", "start_time": "16:30", "place": "Rådhuset"})

    assert response.status_code == 400
    meetings = client.get("/api/v1/meetings?year=2030", headers=setup["headers"]).json
    assert [m["id"] for m in meetings] == [setup["meeting"]["id"]]
