"""Roles, API tokens and tenant isolation: a secretary of one municipality never sees or
changes another municipality's data."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from services.agenda.models import ApiToken, User
from services.agenda.tests.integration.helpers import (
    add_item,
    create_committee,
    register_municipality,
    schedule_meeting,
)

pytestmark = pytest.mark.integration


@pytest.fixture
def two_municipalities(client, accounts):
    admin = accounts.admin()
    register_municipality(client, admin, "lejre")
    register_municipality(client, admin, "solrod")
    lejre, solrod = accounts.secretary("lejre"), accounts.secretary("solrod")
    committee = create_committee(client, lejre, "lejre")
    meeting = schedule_meeting(client, lejre, committee["id"])
    item = add_item(client, lejre, meeting["id"], title="Udkast med fortrolige detaljer")["items"][0]
    return {"lejre": lejre, "solrod": solrod, "committee": committee, "meeting": meeting, "item": item}


def test_secretary_cannot_create_a_committee_in_another_municipality(client, two_municipalities):
    response = client.post("/api/v1/municipalities/lejre/committees", json={"name": "Udvalg", "code": "XY"},
                           headers=two_municipalities["solrod"])
    assert response.status_code == 403
    assert response.json["detail"] == "Du kan kun ændre data i din egen kommune."


def test_another_municipalitys_meeting_and_item_do_not_exist_for_a_secretary(client, two_municipalities):
    solrod, meeting, item = two_municipalities["solrod"], two_municipalities["meeting"], two_municipalities["item"]
    writes = [
        client.post(f"/api/v1/meetings/{meeting['id']}/items", json={"title": "Indsmuglet"}, headers=solrod),
        client.post(f"/api/v1/meetings/{meeting['id']}/publish", headers=solrod),
        client.post(f"/api/v1/meetings/{meeting['id']}/cancel", json={"reason": "Indsmuglet"}, headers=solrod),
        client.patch(f"/api/v1/items/{item['id']}", json={"title": "Ændret"}, headers=solrod),
        client.patch(f"/api/v1/committees/{two_municipalities['committee']['id']}", json={"name": "X"}, headers=solrod),
    ]
    assert [w.status_code for w in writes] == [404] * len(writes)


def test_a_draft_agenda_is_seen_only_by_its_own_secretariat(client, two_municipalities):
    meeting_id = two_municipalities["meeting"]["id"]
    own = client.get(f"/api/v1/meetings/{meeting_id}", headers=two_municipalities["lejre"])
    other = client.get(f"/api/v1/meetings/{meeting_id}", headers=two_municipalities["solrod"])
    anonymous = client.get(f"/api/v1/meetings/{meeting_id}")
    assert [i["title"] for i in own.json["items"]] == ["Udkast med fortrolige detaljer"]
    assert other.json["items"] == [] and anonymous.json["items"] == []
    assert "fortrolige" not in other.get_data(as_text=True) + anonymous.get_data(as_text=True)


def test_members_contact_list_is_for_the_own_secretariat_only(client, two_municipalities):
    assert client.get("/api/v1/municipalities/lejre/members", headers=two_municipalities["lejre"]).status_code == 200
    assert client.get("/api/v1/municipalities/lejre/members", headers=two_municipalities["solrod"]).status_code == 403
    assert client.get("/api/v1/municipalities/lejre/members").status_code == 403


def test_anonymous_callers_cannot_write(client, two_municipalities):
    response = client.post(f"/api/v1/committees/{two_municipalities['committee']['id']}/meetings",
                           json={"date": "2030-01-01", "start_time": "16:00", "place": "Rådhuset"})
    assert response.status_code == 403
    assert response.content_type == "application/problem+json"
    assert response.json["title"] == "Du har ikke adgang"


def test_only_an_administrator_registers_municipalities(client, two_municipalities):
    response = client.post("/api/v1/municipalities", json={"slug": "roskilde", "name": "Roskilde Kommune"},
                           headers=two_municipalities["lejre"])
    assert response.status_code == 403


def test_a_wrong_or_malformed_token_is_refused(client):
    assert client.get("/api/v1/me", headers={"Authorization": "Bearer udv_forkert"}).status_code == 401
    assert client.get("/api/v1/me", headers={"Authorization": "Basic Zm9vOmJhcg=="}).status_code == 401
    assert client.get("/api/v1/me").json["authenticated"] is False


def test_a_wrong_password_gets_no_token(client, accounts):
    accounts.admin()
    response = client.post("/api/v1/tokens", json={"email": "admin@test.dk", "password": "forkert"})
    assert response.status_code == 401 and response.json["detail"] == "Forkert e-mail eller adgangskode."


def test_a_revoked_token_stops_working(client, accounts):
    headers = accounts.admin()
    token_id = _token_id(client, headers)
    assert client.delete(f"/api/v1/tokens/{token_id}", headers=headers).status_code == 204
    assert client.get("/api/v1/me", headers=headers).status_code == 401


def _token_id(client, headers) -> str:
    token = headers["Authorization"].split()[1]
    app_runtime = client.application.extensions["udvalg.runtime"]
    from shared.auth import token_digest

    with app_runtime.uow() as uow:
        return str(uow.session.scalar(select(ApiToken.id).where(ApiToken.token_digest == token_digest(token))))


def test_passwords_and_tokens_are_stored_only_as_hashes(client, accounts, runtime):
    headers = accounts.admin()
    token = headers["Authorization"].split()[1]
    with runtime.uow() as uow:
        password_hash = uow.session.scalar(select(User.password_hash).where(User.email == "admin@test.dk"))
        digests = list(uow.session.scalars(select(ApiToken.token_digest)))
    assert password_hash.startswith("scrypt:") and "korrekt-hest-batteri" not in password_hash
    assert token not in digests and len(digests[0]) == 64


def test_a_secretary_creates_a_member_account_linked_to_a_member(client, two_municipalities):
    lejre = two_municipalities["lejre"]
    member = client.post("/api/v1/municipalities/lejre/members", json={"name": "Henrik Nielsen"}, headers=lejre).json
    unlinked = client.post("/api/v1/municipalities/lejre/users", headers=lejre,
                           json={"email": "h@lejre.dk", "name": "Henrik", "role": "member"})
    assert unlinked.status_code == 422 and "member_id" in unlinked.json["errors"]["json"]
    created = client.post("/api/v1/municipalities/lejre/users", headers=lejre, json={
        "email": "h@lejre.dk", "name": "Henrik", "role": "member", "member_id": member["id"]})
    assert created.status_code == 201 and created.json["member_id"] == member["id"]
    assert created.json["password_set"] is False and "/agenda/adgangskode/" in created.json["password_link"]["url"]
    foreign = client.post("/api/v1/municipalities/lejre/users", headers=two_municipalities["solrod"], json={
        "email": "x@lejre.dk", "name": "X", "role": "secretary"})
    assert foreign.status_code == 403


def test_a_password_typed_by_the_secretary_is_refused(client, two_municipalities):
    response = client.post("/api/v1/municipalities/lejre/users", headers=two_municipalities["lejre"], json={
        "email": "x@lejre.dk", "name": "X", "role": "secretary", "password": "et-langt-kodeord"})

    assert response.status_code == 422 and response.json["errors"]["json"]["password"] == ["Ukendt felt."]
