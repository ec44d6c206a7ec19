"""Login sessions end when they should: a cookie copied before logout, deactivation or a
role change is refused on its next request, and the other services hear of it."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import text

from services.agenda.bootstrap import MIGRATIONS
from services.agenda.tests.conftest import PASSWORD
from services.agenda.tests.integration.helpers import outbox_events, register_municipality
from shared.db.migrate import alembic_config, upgrade_to_head
from tests.support.pages import log_in, post_form

pytestmark = pytest.mark.integration


@pytest.fixture
def roskilde(client, accounts):
    register_municipality(client, accounts.admin(), "roskilde")
    return accounts.secretary("roskilde")


def _member_account(client, secretary) -> dict:
    member = client.post("/api/v1/municipalities/roskilde/members", json={"name": "Mette Medlem"},
                         headers=secretary).json
    return member


def _copied_cookie(source, target) -> None:
    target.set_cookie("udvalg_session", source.get_cookie("udvalg_session").value)


def test_a_cookie_copied_before_logout_is_refused_after_it(client, roskilde):
    log_in(client, "sekretaer@roskilde.dk", PASSWORD)
    thief = client.application.test_client()
    _copied_cookie(client, thief)
    assert thief.get("/sekretariat/").status_code == 200

    post_form(client, "/sekretariat/", "/logout")

    assert thief.get("/sekretariat/").status_code == 302
    assert thief.get("/api/v1/me").json["authenticated"] is False


def test_logging_in_again_after_logout_works(client, roskilde):
    log_in(client, "sekretaer@roskilde.dk", PASSWORD)
    post_form(client, "/sekretariat/", "/logout")

    log_in(client, "sekretaer@roskilde.dk", PASSWORD)

    assert client.get("/sekretariat/").status_code == 200


def test_a_deactivated_accounts_open_session_is_refused_on_its_next_request(client, roskilde):
    created = client.post("/api/v1/municipalities/roskilde/users", headers=roskilde,
                          json={"email": "anden@roskilde.dk", "name": "Anden Sekretær", "role": "secretary"}).json
    other = client.application.test_client()
    path = created["password_link"]["url"].split("/agenda", 1)[1]
    post_form(other, path, data={"password": "en-god-lang-kode", "repeat": "en-god-lang-kode"})
    assert other.get("/sekretariat/").status_code == 200

    response = client.patch(f"/api/v1/users/{created['id']}", json={"active": False}, headers=roskilde)

    assert response.status_code == 200 and response.json["active"] is False
    assert other.get("/sekretariat/").status_code == 302


def test_a_role_change_ends_the_session(client, roskilde):
    created = client.post("/api/v1/municipalities/roskilde/users", headers=roskilde,
                          json={"email": "anden@roskilde.dk", "name": "Anden", "role": "secretary"}).json
    member = _member_account(client, roskilde)
    other = client.application.test_client()
    post_form(other, created["password_link"]["url"].split("/agenda", 1)[1],
              data={"password": "en-god-lang-kode", "repeat": "en-god-lang-kode"})

    client.patch(f"/api/v1/users/{created['id']}", json={"role": "member", "member_id": member["id"]}, headers=roskilde)

    assert other.get("/sekretariat/").status_code == 302
    log_in(other, "anden@roskilde.dk", "en-god-lang-kode")
    assert other.get("/sekretariat/").status_code == 403


def test_a_secretary_cannot_deactivate_themself(client, roskilde):
    me = client.get("/api/v1/me", headers=roskilde).json

    response = client.patch(f"/api/v1/users/{me['user_id']}", json={"active": False}, headers=roskilde)

    assert response.status_code == 403


def test_every_session_ending_change_is_announced_without_secrets(client, runtime, roskilde):
    log_in(client, "sekretaer@roskilde.dk", PASSWORD)
    post_form(client, "/sekretariat/", "/logout")

    events = [e["data"]["account"] for e in outbox_events(runtime, "agenda.account.changed.v1")]
    secretary = [a for a in events if a["role"] == "secretary"]

    assert [a["session_generation"] for a in secretary][-1] == 1
    assert all(set(a) == {"id", "name", "role", "municipality_id", "member_id", "active", "session_generation",
                          "updated_at"} for a in events)


def test_upgrading_announces_the_accounts_that_exist(fresh_database):
    url = fresh_database()
    config = alembic_config(url, MIGRATIONS)
    command.upgrade(config, "0008")
    from sqlalchemy import create_engine

    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO users (id, email, name, password_hash, role, active, created_at, updated_at) "
                          "VALUES ('6f1c1b7e-0000-4000-8000-000000000001', 'a@x.dk', 'A', 'scrypt:x', 'admin', true, "
                          "now(), now())"))
    upgrade_to_head(url, MIGRATIONS)
    with engine.connect() as conn:
        envelopes = [row.envelope for row in conn.execute(text(
            "SELECT envelope FROM outbox WHERE event_type = 'agenda.account.changed.v1'"))]
    engine.dispose()

    assert [(e["data"]["account"]["name"], e["data"]["account"]["active"]) for e in envelopes] == [("A", True)]
