"""The platform administrator opens a municipality with its first secretary, who sets a
password through a one-time link; deactivating a municipality ends its users' logins and
keeps its data."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from services.agenda.commands import create_admin
from services.agenda.models import Municipality, User
from services.agenda.operations.accounts import ensure_user
from services.agenda.tests.conftest import PASSWORD
from services.agenda.tests.integration.helpers import outbox_events, register_municipality
from tests.support.pages import log_in, post_form

pytestmark = pytest.mark.integration

NEW_MUNICIPALITY = {"name": "Fjordby Kommune", "slug": "fjordby", "timezone": "Europe/Copenhagen",
                    "address": "Torvet 1, 9999 Fjordby", "secretary_name": "Sara Sekretær",
                    "secretary_email": "sara@fjordby.dk"}


@pytest.fixture
def admin(client, runtime):
    with runtime.uow() as uow:
        ensure_user(uow.session, email="drift@udvalg.example", name="Drift", password=PASSWORD, role="admin")
        uow.commit()
    browser = client.application.test_client()
    log_in(browser, "drift@udvalg.example", PASSWORD)
    return browser


def link_path(html: str) -> str:
    """The one-time link shown on the page, as a path of the agenda app."""
    match = re.search(r'value="https?://[^/"]+/agenda(/adgangskode/[^"]+)"', html)
    assert match, "the page shows no one-time link"
    return match.group(1)


def _error_beside(html: str, field: str) -> str:
    match = re.search(rf'<p class="error-text" id="{field}-error">([^<]+)</p>', html)
    assert match, f"no error beside {field}"
    return match.group(1)


def open_fjordby(admin) -> str:
    response = post_form(admin, "/admin/kommuner/ny", data=NEW_MUNICIPALITY)
    assert response.status_code == 201, response.get_data(as_text=True)
    return link_path(response.get_data(as_text=True))


def choose_password(client, path: str, password: str = "fjordens-lange-vinter"):
    return post_form(client, path, data={"password": password, "repeat": password})


def test_the_administrator_opens_a_municipality_and_its_secretary_chooses_a_password(admin, client, runtime):
    path = open_fjordby(admin)
    post_form(admin, "/admin/kommuner/ny", "/logout")

    page = client.get(path)
    assert page.status_code == 200 and "Sara Sekretær" in page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store"
    chosen = choose_password(client, path)

    assert chosen.status_code == 302 and chosen.headers["Location"].endswith("/start")
    assert "Møder" in client.get("/sekretariat/").get_data(as_text=True)
    with runtime.uow() as uow:
        fjordby = uow.session.scalar(select(Municipality).where(Municipality.slug == "fjordby"))
        assert (fjordby.name, fjordby.address) == ("Fjordby Kommune", "Torvet 1, 9999 Fjordby")
        sara = uow.session.scalar(select(User).where(User.email == "sara@fjordby.dk"))
        assert (sara.role, sara.municipality_id) == ("secretary", fjordby.id)


def test_a_one_time_link_works_once(admin, client):
    path = open_fjordby(admin)
    assert choose_password(client, path).status_code == 302

    again = client.get(path)

    assert again.status_code == 404
    assert "Linket er brugt, udløbet eller ugyldigt" in again.get_data(as_text=True)


def test_a_new_link_replaces_the_old_one(admin, client, runtime):
    old = open_fjordby(admin)
    with runtime.uow() as uow:
        sara_id = uow.session.scalar(select(User.id).where(User.email == "sara@fjordby.dk"))
    page = "/admin/kommuner/fjordby"
    response = post_form(admin, page, f"{page}/brugere/{sara_id}/link")
    new = link_path(response.get_data(as_text=True))

    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_a_short_or_mistyped_password_is_refused_beside_the_field(admin, client):
    path = open_fjordby(admin)

    short = choose_password(client, path, "kort")
    mistyped = post_form(client, path, data={"password": "fjordens-lange-vinter", "repeat": "fjordens-lange-sommer"})

    assert short.status_code == 422
    assert _error_beside(short.get_data(as_text=True), "password") == "Adgangskoden skal have mindst 12 tegn."
    assert mistyped.status_code == 422
    assert _error_beside(mistyped.get_data(as_text=True), "repeat") == "De to adgangskoder er ikke ens."


@pytest.mark.parametrize(("field", "value", "message"), [
    ("slug", "Fjord By", "Brug små bogstaver, tal og bindestreg."),
    ("slug", "admin", "Ordet bruges af systemet; vælg en anden kortform."),
    ("timezone", "Europe/Fjordby", "Ukendt tidszone."),
    ("secretary_email", "sara-ved-fjordby", "Ugyldig e-mailadresse."),
    ("name", "", "Skriv kommunens navn."),
])
def test_bad_input_for_a_new_municipality_is_refused_beside_its_field_and_kept(admin, field, value, message):
    response = post_form(admin, "/admin/kommuner/ny", data={**NEW_MUNICIPALITY, field: value})

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert _error_beside(html, field) == message
    assert 'value="Torvet 1, 9999 Fjordby"' in html and 'value="sara@fjordby.dk"' in html or field == "secretary_email"


def test_a_taken_slug_or_email_is_refused_beside_its_field(admin):
    open_fjordby(admin)

    slug = post_form(admin, "/admin/kommuner/ny", data={**NEW_MUNICIPALITY, "secretary_email": "ny@fjordby.dk"})
    email = post_form(admin, "/admin/kommuner/ny", data={**NEW_MUNICIPALITY, "slug": "fjordby2"})

    assert _error_beside(slug.get_data(as_text=True), "slug") == "Kortformen er optaget."
    assert _error_beside(email.get_data(as_text=True), "secretary_email") == "E-mailen er i brug."


def test_deactivating_a_municipality_ends_its_users_logins_and_keeps_its_data(admin, client, runtime):
    path = open_fjordby(admin)
    secretary = client.application.test_client()
    choose_password(secretary, path)
    token = client.post("/api/v1/tokens", json={"email": "sara@fjordby.dk", "password": "fjordens-lange-vinter"})
    assert secretary.get("/sekretariat/").status_code == 200

    page = "/admin/kommuner/fjordby"
    assert "Intet slettes" in admin.get(page).get_data(as_text=True)
    post_form(admin, page, f"{page}/status", data={"aktiv": "nej"})

    assert secretary.get("/sekretariat/").status_code == 302
    refused = post_form(secretary, "/login", data={"email": "sara@fjordby.dk", "password": "fjordens-lange-vinter"})
    assert "Kontoen er lukket" in refused.get_data(as_text=True)
    api = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token.json['token']}"})
    assert api.status_code == 401
    assert client.get("/fjordby/").status_code == 200

    post_form(admin, page, f"{page}/status", data={"aktiv": "ja"})
    log_in(secretary, "sara@fjordby.dk", "fjordens-lange-vinter")
    assert secretary.get("/sekretariat/").status_code == 200
    accounts = [e["data"]["account"] for e in outbox_events(runtime, "agenda.account.changed.v1")
                if e["data"]["account"]["name"] == "Sara Sekretær"]
    assert [a["active"] for a in accounts][-2:] == [False, True]


def test_only_the_administrator_reaches_the_municipalities(client, accounts):
    assert client.get("/admin/kommuner/").status_code == 302
    register_municipality(client, accounts.admin(), "roskilde")
    accounts.secretary("roskilde")
    log_in(client, "sekretaer@roskilde.dk", PASSWORD)

    assert client.get("/admin/kommuner/").status_code == 403


def test_the_operator_command_creates_an_administrator_with_a_one_time_link(runtime, client, capsys):
    create_admin(runtime, ["--email", "Drift@Kommune.example", "--name", "Driften", "--base-url",
                           "https://udvalg.example.dk"])
    printed = capsys.readouterr().out
    match = re.search(r"https://udvalg\.example\.dk/agenda(/adgangskode/\S+)", printed)
    assert match, printed

    choose_password(client, match.group(1))

    assert client.get("/admin/kommuner/").status_code == 200
    create_admin(runtime, ["--email", "drift@kommune.example"])
    assert "/agenda/adgangskode/" in capsys.readouterr().out
