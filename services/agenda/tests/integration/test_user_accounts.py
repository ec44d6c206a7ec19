"""The secretariat makes logins for secretaries and members with one-time links, and a
deactivated account's open browser session is refused on its next request."""

from __future__ import annotations

import re

import pytest

from services.agenda.tests.conftest import PASSWORD
from services.agenda.tests.integration.helpers import register_municipality
from tests.support.pages import found, log_in, post_form

pytestmark = pytest.mark.integration


@pytest.fixture
def secretary(client, accounts):
    register_municipality(client, accounts.admin(), "roskilde")
    accounts.secretary("roskilde")
    log_in(client, "sekretaer@roskilde.dk", PASSWORD)
    return client


def _error_beside(html: str, field: str) -> str:
    match = re.search(rf'<p class="error-text" id="{field}-error">([^<]+)</p>', html)
    assert match, f"no error beside {field}"
    return match.group(1)


def _link(html: str) -> str:
    return found(r'value="https?://[^/"]+/agenda(/adgangskode/[^"]+)"', html)


def _new_user(client, **fields):
    return post_form(client, "/sekretariat/brugere/", data={"role": "secretary", "member_id": "", **fields})


def _user_page(client, name: str) -> str:
    return found(rf'href="(/sekretariat/brugere/[0-9a-f-]+)">{name}</a>',
                 client.get("/sekretariat/brugere/").get_data(as_text=True))


def test_a_new_secretary_gets_a_one_time_link_and_logs_in_with_the_password_they_chose(secretary):
    created = _new_user(secretary, name="Niels Nybegynder", email="niels@roskilde.dk")

    assert created.status_code == 201
    browser = secretary.application.test_client()
    post_form(browser, _link(created.get_data(as_text=True)),
              data={"password": "min-egen-kode-123", "repeat": "min-egen-kode-123"})
    assert browser.get("/sekretariat/").status_code == 200


def test_a_member_account_belongs_to_a_member(secretary):
    post_form(secretary, "/sekretariat/medlemmer/", data={"name": "Mette Medlem", "party": "A"})
    page = secretary.get("/sekretariat/brugere/").get_data(as_text=True)
    member_id = found(r'<option value="([0-9a-f-]+)">Mette Medlem</option>', page)

    missing = _new_user(secretary, name="Mette Medlem", email="mette@roskilde.dk", role="member")
    created = _new_user(secretary, name="Mette Medlem", email="mette@roskilde.dk", role="member", member_id=member_id)

    assert missing.status_code == 422
    assert _error_beside(missing.get_data(as_text=True), "member_id") == \
        "Et udvalgsmedlems konto skal knyttes til medlemmet."
    assert created.status_code == 201
    browser = secretary.application.test_client()
    post_form(browser, _link(created.get_data(as_text=True)), data={"password": "mettes-kode-1234",
                                                                    "repeat": "mettes-kode-1234"})
    assert browser.get("/start").status_code == 200 and browser.get("/sekretariat/").status_code == 403


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({"name": "Niels", "email": "niels.roskilde.dk"}, "email", "Ugyldig e-mailadresse."),
    ({"name": "Niels", "email": "sekretaer@roskilde.dk"}, "email", "E-mailen er i brug."),
    ({"name": "", "email": "niels@roskilde.dk"}, "name", "Skriv brugerens navn."),
])
def test_bad_input_for_a_new_user_is_refused_beside_its_field_and_kept(secretary, fields, field, message):
    response = _new_user(secretary, **fields)

    assert response.status_code in (409, 422)
    html = response.get_data(as_text=True)
    assert _error_beside(html, field) == message
    assert f'value="{fields["email"]}"' in html


def test_a_deactivated_accounts_existing_browser_session_is_refused_on_its_next_request(secretary):
    created = _new_user(secretary, name="Niels Nybegynder", email="niels@roskilde.dk")
    niels = secretary.application.test_client()
    post_form(niels, _link(created.get_data(as_text=True)),
              data={"password": "min-egen-kode-123", "repeat": "min-egen-kode-123"})
    assert niels.get("/sekretariat/").status_code == 200
    page = _user_page(secretary, "Niels Nybegynder")

    post_form(secretary, page, f"{page}/aktiv", data={"aktiv": "nej"})

    assert niels.get("/sekretariat/").status_code == 302
    assert "Deaktiveret" in secretary.get("/sekretariat/brugere/").get_data(as_text=True)
    again = post_form(niels, "/login", data={"email": "niels@roskilde.dk", "password": "min-egen-kode-123"})
    assert again.status_code == 401


def test_a_forgotten_password_gets_a_new_link(secretary):
    _new_user(secretary, name="Niels Nybegynder", email="niels@roskilde.dk")
    page = _user_page(secretary, "Niels Nybegynder")

    response = post_form(secretary, page, f"{page}/link")

    assert "/adgangskode/" in _link(response.get_data(as_text=True))


def test_a_secretary_cannot_change_their_own_role(secretary):
    page = _user_page(secretary, "sekretaer")

    assert "Det er din egen konto." in secretary.get(page).get_data(as_text=True)
    response = post_form(secretary, page, f"{page}/aktiv", data={"aktiv": "nej"})
    assert response.status_code == 302 and secretary.get("/sekretariat/").status_code == 200
