"""Guessing passwords: the login page and the token API count together, per account and
client, per account and per client; the lock is short and the real user, elsewhere, gets in."""

from __future__ import annotations

import pytest

from services.agenda.login_limits import MESSAGE
from services.agenda.tests.conftest import PASSWORD
from services.agenda.tests.integration.helpers import register_municipality
from tests.support.pages import post_form

pytestmark = pytest.mark.integration

ATTACKER = {"REMOTE_ADDR": "203.0.113.66"}
OFFICE = {"REMOTE_ADDR": "198.51.100.10"}


@pytest.fixture
def victim(client, accounts):
    register_municipality(client, accounts.admin(), "roskilde")
    accounts.secretary("roskilde")
    return "sekretaer@roskilde.dk"


def _guess(client, email: str, password: str = "forkert-gaet", environ=ATTACKER):
    return client.post("/api/v1/tokens", json={"email": email, "password": password}, environ_base=environ)


def test_150_wrong_passwords_from_one_client_are_refused_after_five(client, victim):
    statuses = [_guess(client, victim).status_code for _ in range(150)]

    assert statuses[:5] == [401] * 5
    assert statuses[5:] == [429] * 145


def test_a_refused_guess_says_so_in_danish_with_retry_after(client, victim):
    for _ in range(5):
        _guess(client, victim)

    api = _guess(client, victim)
    page = post_form(client, "/login", data={"email": victim, "password": "forkert-gaet"}, environ_base=ATTACKER)

    assert api.status_code == 429 and api.content_type == "application/problem+json"
    assert api.json["detail"] == MESSAGE and 0 < int(api.headers["Retry-After"]) <= 60
    assert page.status_code == 429 and MESSAGE in page.get_data(as_text=True)
    assert 0 < int(page.headers["Retry-After"]) <= 60


def test_the_login_page_and_the_api_share_the_count(client, victim):
    for _ in range(3):
        post_form(client, "/login", data={"email": victim, "password": "forkert-gaet"}, environ_base=ATTACKER)

    assert [_guess(client, victim).status_code for _ in range(3)] == [401, 401, 429]


def test_the_real_user_logs_in_from_elsewhere_while_one_client_guesses(client, victim):
    for _ in range(150):
        _guess(client, victim)

    response = _guess(client, victim, PASSWORD, environ=OFFICE)

    assert response.status_code == 201


def test_one_client_guessing_many_accounts_is_held_back(client, victim):
    statuses = [_guess(client, f"person{n}@roskilde.dk").status_code for n in range(40)]

    assert statuses.count(401) == 30 and statuses[30:] == [429] * 10


def test_many_clients_guessing_one_account_are_held_back_by_the_account_limit(client, victim):
    statuses = [_guess(client, victim, environ={"REMOTE_ADDR": f"203.0.113.{n}"}).status_code for n in range(30)]

    # Every attempt counts, the secretary's own login a moment ago (by the fixture) too: 1 + 19 = 20.
    assert statuses[:19] == [401] * 19 and statuses[19:] == [429] * 11


def test_reading_the_login_page_is_not_limited(client, victim):
    assert {client.get("/login", environ_base=ATTACKER).status_code for _ in range(60)} == {200}
