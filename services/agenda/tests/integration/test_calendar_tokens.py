"""A member's private feed behind a capability URL: all the member's committees, internal
entries and closed items' titles; rotated or revoked, the old link is simply not found."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import text

from services.agenda.tests.integration.calendar_support import parse_feed
from services.agenda.tests.integration.helpers import (
    create_committee,
    register_municipality,
    schedule_meeting,
)
from tests.support.pages import log_in, post_form

pytestmark = pytest.mark.integration


@pytest.fixture
def member(client, accounts, secretary):
    """Anne sits on two committees, each with a meeting; she logs in with an API token."""
    committees = [create_committee(client, secretary, "roskilde"),
                  create_committee(client, secretary, "roskilde", code="BU", name="Udvalget for Børn & Ungdom")]
    anne = client.post("/api/v1/municipalities/roskilde/members", json={"name": "Anne Holm", "party": "A"},
                       headers=secretary).json
    for committee, day in zip(committees, ("2030-03-13", "2030-03-14")):
        client.post(f"/api/v1/committees/{committee['id']}/members", json={"member_id": anne["id"]}, headers=secretary)
        schedule_meeting(client, secretary, committee["id"], date=day)
    headers = accounts.headers("anne@roskilde.dk", "member", "roskilde", member_id=anne["id"])
    return {"id": anne["id"], "headers": headers, "committees": committees}


def _new_link(client, headers) -> str:
    response = client.post("/api/v1/me/calendar-token", headers=headers)
    assert response.status_code == 201, response.json
    assert response.json["webcal_url"] == "webcal://" + response.json["https_url"].split("://", 1)[1]
    return response.json["https_url"].removeprefix("http://127.0.0.1:8000")


def test_private_feed_holds_all_the_members_committees_and_is_never_cached_in_shared_caches(client, member):
    response = client.get(_new_link(client, member["headers"]))
    feed = parse_feed(response)
    assert feed.calendar["X-WR-CALNAME"] == "Anne Holm – mine udvalg"
    assert sorted(str(e["SUMMARY"]) for e in feed.calendar.walk("VEVENT")) == [
        "Møde i Udvalget for Børn & Ungdom", "Møde i Udvalget for Job & Arbejdsmarked"]
    assert response.headers["Cache-Control"] == "private, no-cache"
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_private_feed_shows_internal_entries_as_private(client, secretary, member):
    committee = member["committees"][0]
    client.post(f"/api/v1/committees/{committee['id']}/aarshjul/2030/entries", headers=secretary, json={
        "kind": "deadline", "title": "Intern frist: sagsfremstilling klar", "date": "2030-10-01", "public": False})
    feed = parse_feed(client.get(_new_link(client, member["headers"])))
    [internal] = [e for e in feed.calendar.walk("VEVENT") if "Intern frist" in str(e["SUMMARY"])]
    assert str(internal["SUMMARY"]) == "JA: Intern frist: sagsfremstilling klar"
    assert internal["CLASS"] == "PRIVATE"


def test_a_rotated_token_answers_404_for_the_old_link(client, member):
    old = _new_link(client, member["headers"])
    assert client.get(old).status_code == 200
    new = _new_link(client, member["headers"])
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_a_revoked_token_answers_404_for_the_old_link(client, secretary, member):
    link = _new_link(client, member["headers"])
    listed = client.get("/api/v1/municipalities/roskilde/calendar-tokens", headers=secretary).json
    assert [row["active"] for row in listed if row["member_id"] == member["id"]] == [True]
    assert client.delete(f"/api/v1/members/{member['id']}/calendar-token", headers=secretary).status_code == 204
    assert client.get(link).status_code == 404
    again = client.delete(f"/api/v1/members/{member['id']}/calendar-token", headers=secretary)
    assert again.status_code == 404 and again.json["detail"] == "Medlemmet har intet aktivt kalenderlink."


def test_a_link_revoked_by_another_process_is_refused_at_once_while_its_feed_is_cached(client, runtime, member):
    link = _new_link(client, member["headers"])
    etag = client.get(link).headers["ETag"]
    assert client.get(link, headers={"If-None-Match": etag}).status_code == 304  # answered from the cache
    # Another worker process revokes it: nothing in this process hears of the change.
    with runtime.engine.begin() as connection:
        connection.execute(text("UPDATE calendar_tokens SET revoked_at = CURRENT_TIMESTAMP"))
    assert client.get(link).status_code == 404
    assert client.get(link, headers={"If-None-Match": etag}).status_code == 404


def test_a_secretary_of_another_municipality_cannot_revoke_the_link(client, accounts, member):
    register_municipality(client, accounts.admin(), "lejre")
    other = accounts.secretary("lejre")
    link = _new_link(client, member["headers"])
    assert client.delete(f"/api/v1/members/{member['id']}/calendar-token", headers=other).status_code == 404
    assert client.get(link).status_code == 200


def test_unknown_and_malformed_tokens_are_not_found(client):
    assert client.get("/calendar/private/" + "A" * 43 + ".ics").status_code == 404
    assert client.get("/calendar/private/kort.ics").status_code == 404


def test_private_feed_answers_304_when_nothing_changed(client, member):
    link = _new_link(client, member["headers"])
    etag = client.get(link).headers["ETag"]
    assert client.get(link, headers={"If-None-Match": etag}).status_code == 304


def test_only_a_member_account_can_make_a_calendar_link(client, secretary):
    response = client.post("/api/v1/me/calendar-token", headers=secretary)
    assert response.status_code == 404
    assert response.json["detail"] == "Din konto er ikke knyttet til et udvalgsmedlem."


def test_member_page_shows_the_new_link_once_with_instructions(demo_client):
    log_in(demo_client, "christian.plank@lejre.dk", "lejre-demo-2020")
    assert "Du har ikke et kalenderlink endnu." in demo_client.get("/mig/kalender").get_data(as_text=True)
    response = post_form(demo_client, "/mig/kalender")
    html = response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"
    webcal = re.search(r'href="(webcal://[^"]+/calendar/private/[A-Za-z0-9_-]{43}\.ics)"', html).group(1)
    for client_name in ("Outlook", "Google Kalender", "Apple Kalender"):
        assert f"<dt>{client_name}</dt>" in html
    feed = parse_feed(demo_client.get(webcal.removeprefix("webcal://127.0.0.1:8000")))
    # A committee member sees the closed item's title; the public never does.
    assert "Virksomhedspris 2019 - valg af prisvinder (Lukket punkt)" in feed.text.replace("\r\n ", "")
    later = demo_client.get("/mig/kalender").get_data(as_text=True)
    assert "Du har et aktivt kalenderlink" in later and "/calendar/private/" not in later


def test_secretary_page_revokes_a_members_link(demo_client, demo_accounts):
    member_id = next(m["member_id"] for m in demo_client.get(
        "/api/v1/municipalities/lejre/calendar-tokens",
        headers=demo_accounts.headers("api@lejre.dk", "secretary", "lejre")).json
        if m["name"] == "Christian Plank")
    headers = demo_accounts.headers("plank@test.dk", "member", "lejre", member_id=member_id)
    link = _new_link(demo_client, headers)
    log_in(demo_client, "sekretaer@lejre.dk", "lejre-demo-2020")
    response = post_form(demo_client, "/sekretariat/kalenderlinks",
                         f"/sekretariat/kalenderlinks/{member_id}/luk", follow_redirects=True)
    assert "Christian Planks kalenderlink er lukket." in response.get_data(as_text=True)
    assert demo_client.get(link).status_code == 404
