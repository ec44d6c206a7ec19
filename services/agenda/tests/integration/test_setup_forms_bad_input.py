"""Every setup form answers bad input the same way: the page again, with a Danish message
beside the field and what was typed still in the form; nothing is stored."""

from __future__ import annotations

import re

import pytest

from services.agenda.operations.accounts import ensure_user
from services.agenda.tests.conftest import PASSWORD
from services.agenda.tests.integration.helpers import register_municipality
from tests.support.pages import found, log_in, post_form

pytestmark = pytest.mark.integration


def _refused(response, field: str, message: str, kept: str) -> None:
    html = response.get_data(as_text=True)
    assert response.status_code in (409, 422), html[-2000:]
    error = re.search(rf'<p class="error-text" id="{field}-error">([^<]+)</p>', html)
    assert error, f"no error beside {field}"
    assert error.group(1) == message
    assert f'value="{kept}"' in html, "what was typed is kept"


@pytest.fixture
def secretary(client, accounts):
    register_municipality(client, accounts.admin(), "roskilde")
    accounts.secretary("roskilde")
    log_in(client, "sekretaer@roskilde.dk", PASSWORD)
    return client


@pytest.fixture
def committee(secretary) -> str:
    created = post_form(secretary, "/sekretariat/udvalg/", data={"name": "Teknik- og Miljøudvalget", "code": "TM"})
    assert created.status_code == 302
    return created.headers["Location"]


@pytest.fixture
def member(secretary) -> str:
    post_form(secretary, "/sekretariat/medlemmer/", data={"name": "Anne Andersen", "party": "A", "email": ""})
    return found(r'href="(/sekretariat/medlemmer/[0-9a-f-]+)">Anne Andersen</a>',
                 secretary.get("/sekretariat/medlemmer/").get_data(as_text=True))


def test_a_committees_details_are_refused_beside_the_code(secretary, committee):
    response = post_form(secretary, committee, data={"name": "Klimaudvalget", "code": "tm1", "default_place": "",
                                                     "default_start_time": ""})

    _refused(response, "code", "Brug 1-6 store bogstaver, fx KF.", "Klimaudvalget")
    assert "Teknik- og Miljøudvalget" in secretary.get("/sekretariat/udvalg/").get_data(as_text=True)


def test_closing_a_committee_needs_a_real_day(secretary, committee):
    response = post_form(secretary, committee, f"{committee}nedlaeg", data={"closed_on": "31. juni"})

    _refused(response, "closed_on", "Vælg udvalgets sidste dag.", "31. juni")


def test_a_members_details_are_refused_beside_the_party(secretary, member):
    response = post_form(secretary, member, data={"name": "Anne Andersen-Berg", "party": "V1", "email": ""})

    _refused(response, "party", "Brug partibogstavet, fx O.", "Anne Andersen-Berg")


def test_a_membership_ending_before_it_starts_is_refused_beside_the_end(secretary, committee, member):
    member_id = member.rsplit("/", 1)[1]
    post_form(secretary, committee, f"{committee}medlemskaber",
              data={"member_id": member_id, "role": "member", "starts_on": "2022-01-01", "ends_on": ""})
    membership = found(r'href="(/sekretariat/udvalg/[^"]+/medlemskaber/[0-9a-f-]+)"',
                       secretary.get(committee).get_data(as_text=True))

    response = post_form(secretary, membership, data={"role": "member", "starts_on": "2024-01-01",
                                                      "ends_on": "2023-12-31"})

    _refused(response, "ends_on", "Slutdatoen ligger før startdatoen.", "2024-01-01")


def test_a_users_name_is_required_on_the_users_page(secretary):
    created = post_form(secretary, "/sekretariat/brugere/",
                        data={"name": "Niels Nybegynder", "email": "niels@roskilde.dk", "role": "secretary",
                              "member_id": ""})
    assert created.status_code == 201
    page = found(r'href="(/sekretariat/brugere/[0-9a-f-]+)">Niels Nybegynder</a>',
                 secretary.get("/sekretariat/brugere/").get_data(as_text=True))

    response = post_form(secretary, page, data={"name": "", "role": "secretary", "member_id": ""})

    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert re.search(r'<p class="error-text" id="name-error">Skriv brugerens navn.</p>', html)
    assert '<option selected value="secretary">' in html or '<option value="secretary" selected>' in html


@pytest.fixture
def admin(client, runtime, accounts):
    register_municipality(client, accounts.admin(), "roskilde")
    with runtime.uow() as uow:
        ensure_user(uow.session, email="drift@udvalg.example", name="Drift", password=PASSWORD, role="admin")
        uow.commit()
    browser = client.application.test_client()
    log_in(browser, "drift@udvalg.example", PASSWORD)
    return browser


def test_a_municipalitys_details_are_refused_beside_the_time_zone(admin):
    response = post_form(admin, "/admin/kommuner/roskilde",
                         data={"name": "Roskilde Kommune", "timezone": "Europe/Roskilde", "address": "Rådhusbuen 1"})

    _refused(response, "timezone", "Ukendt tidszone.", "Rådhusbuen 1")


def test_a_new_secretarys_email_is_refused_beside_it_on_the_municipality_page(admin):
    response = post_form(admin, "/admin/kommuner/roskilde", "/admin/kommuner/roskilde/sekretaerer",
                         data={"sekretaer-name": "Rasmus Rask", "sekretaer-email": "rasmus.roskilde.dk"})

    _refused(response, "sekretaer-email", "Ugyldig e-mailadresse.", "Rasmus Rask")
    assert response.get_data(as_text=True).count('id="name"') == 1, "one field per id on the page"
