"""Logging in looks the account up whatever its address, and the secretariat's pages
share one navigation that marks where the user is."""

from __future__ import annotations

import re

import pytest

from services.agenda.demo.load import DEMO_ACCOUNTS, DEMO_PASSWORD
from tests.support.pages import log_in, post_form

pytestmark = pytest.mark.integration


def _nav(html: str) -> list[tuple[str, bool]]:
    header = html.split('<nav aria-label="Hovedmenu">', 1)[1].split("</nav>", 1)[0]
    return [(label, bool(current)) for current, label in
            re.findall(r'<li><a href="[^"]+"( aria-current="page")?>([^<]+)</a></li>', header)]


def test_the_demo_administrator_logs_in_in_the_browser(demo_client):
    response = post_form(demo_client, "/login", data={"email": DEMO_ACCOUNTS["admin"], "password": DEMO_PASSWORD})

    assert response.status_code == 302
    assert "Møder" in demo_client.get("/sekretariat/").get_data(as_text=True)


def test_the_demo_administrator_gets_an_api_token(demo_client):
    response = demo_client.post("/api/v1/tokens", json={"email": DEMO_ACCOUNTS["admin"], "password": DEMO_PASSWORD})

    assert response.status_code == 201, response.json


def test_an_unknown_address_of_any_shape_is_just_a_wrong_login(demo_client):
    response = post_form(demo_client, "/login", data={"email": "nogen@intranet", "password": "forkert"})

    assert response.status_code == 401
    assert "Forkert e-mail eller adgangskode." in response.get_data(as_text=True)


def test_the_secretariat_navigation_marks_the_current_section(demo_client):
    log_in(demo_client, DEMO_ACCOUNTS["secretary"], DEMO_PASSWORD)

    nav = _nav(demo_client.get("/sekretariat/").get_data(as_text=True))

    assert ("Møder", True) in nav and ("Virksomhedspris", False) in nav


def test_a_member_sees_no_secretariat_navigation(demo_client):
    log_in(demo_client, DEMO_ACCOUNTS["member"], DEMO_PASSWORD)

    nav = _nav(demo_client.get("/start").get_data(as_text=True))

    assert [label for label, _ in nav] == ["Min kalender", "Mine e-mails"]


@pytest.mark.parametrize("query", [
    "next=/%09/evil.example", "next=%2F%2Fevil.example", "next=/%0A/evil.example", "next=/%5Cevil.example",
    "next=https://evil.example", "next=javascript:alert(1)", "next=/%252F/evil.example", "next=%0D%0A",
])
def test_login_never_sends_the_browser_to_another_site(demo_client, query):
    page = f"/login?{query}"

    response = post_form(demo_client, page, data={"email": DEMO_ACCOUNTS["secretary"], "password": DEMO_PASSWORD})

    assert response.status_code == 302
    assert response.headers["Location"] == "/start"


def test_login_returns_to_the_page_that_asked_for_it(demo_client):
    response = post_form(demo_client, "/login?next=/agenda/sekretariat/%3Fudvalg%3D1",
                         data={"email": DEMO_ACCOUNTS["secretary"], "password": DEMO_PASSWORD})

    assert response.headers["Location"] == "/agenda/sekretariat/?udvalg=1"
