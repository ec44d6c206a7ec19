"""A municipality's house style through the API: stored, checked, announced to the other
services, and applied to new items, new meetings and what the public is shown."""

from __future__ import annotations

import pytest

from services.agenda.tests.integration.helpers import (
    add_item,
    create_committee,
    outbox_events,
    register_municipality,
    schedule_meeting,
)

pytestmark = pytest.mark.integration

SECTIONS = [
    {"title": "Sagsfremstilling", "required": True, "default_text": "Baggrund:"},
    {"title": "Intern vurdering", "public": False},
    {"title": "Indstilling", "kind": "recommendation", "default_text": "Forvaltningen indstiller:"},
    {"title": "Beslutning", "kind": "decision"},
    {"title": "Bilag", "kind": "attachments"},
]


@pytest.fixture
def odsherred(client, accounts):
    register_municipality(client, accounts.admin(), "odsherred", section_template=SECTIONS, agenda_rules={
        "case_number_pattern": r"^\d{4}-\d{3}$", "case_number_example": "2024-017", "closed_items": "first",
        "first_item_title": "Godkendelse af dagsorden", "last_item_title": "Eventuelt"},
        document_style={"closed_in_public": "title", "closed_marker": "Fortroligt", "title_with_code": False})
    return accounts.secretary("odsherred")


def test_a_section_without_kind_is_a_text_section_and_never_a_server_error(client, odsherred):
    anonymous = client.patch("/api/v1/municipalities/odsherred", json={"section_template": [{"title": "Resumé"}]})
    assert anonymous.status_code in (401, 403)
    no_decision = client.patch("/api/v1/municipalities/odsherred", json={"section_template": [
        {"key": "resume", "title": "Resumé"}]}, headers=odsherred)
    assert no_decision.status_code == 422
    assert "Beslutning" in no_decision.json["errors"]["section_template"][0]
    saved = client.patch("/api/v1/municipalities/odsherred", json={"section_template": [
        {"key": "resume", "title": "Resumé"}, {"title": "Beslutning", "kind": "decision"}]}, headers=odsherred)
    assert saved.status_code == 200, saved.json
    assert [(s["key"], s["kind"]) for s in saved.json["section_template"]] == [("resume", "text"),
                                                                                ("beslutning", "decision")]


def test_rules_and_wording_change_field_by_field_and_keep_the_rest(client, odsherred):
    response = client.patch("/api/v1/municipalities/odsherred", json={
        "agenda_rules": {"numbering": "per_year"}, "document_style": {"absence_label": "Fraværende"}},
        headers=odsherred)
    assert response.status_code == 200, response.json
    assert response.json["agenda_rules"]["numbering"] == "per_year"
    assert response.json["agenda_rules"]["case_number_example"] == "2024-017"
    assert response.json["document_style"]["absence_label"] == "Fraværende"
    assert response.json["document_style"]["closed_marker"] == "Fortroligt"


def test_a_case_number_format_its_example_does_not_fit_is_refused_and_nothing_changes(client, odsherred):
    response = client.patch("/api/v1/municipalities/odsherred", json={
        "agenda_rules": {"case_number_pattern": r"^\d{2}/\d+$"}}, headers=odsherred)
    assert response.status_code == 422
    assert response.json["errors"]["agenda_rules.case_number_example"] == [
        "Eksemplet »2024-017« passer ikke til formatet; ret det ene eller det andet."]
    assert client.get("/api/v1/municipalities/odsherred").json["agenda_rules"]["case_number_pattern"] == r"^\d{4}-\d{3}$"


def test_the_municipality_event_carries_the_house_style(client, odsherred, runtime):
    [event] = outbox_events(runtime, "agenda.municipality.registered.v1")
    municipality = event["data"]["municipality"]
    assert municipality["document_style"]["closed_marker"] == "Fortroligt"
    assert municipality["case_number_example"] == "2024-017"
    assert [s["title"] for s in municipality["section_template"]][:2] == ["Sagsfremstilling", "Intern vurdering"]
    assert municipality["section_template"][1]["public"] is False
    assert "default_text" not in municipality["section_template"][0]


def test_a_new_item_starts_with_the_municipalitys_default_texts(client, odsherred):
    committee = create_committee(client, odsherred, "odsherred", code="KF", name="Kultur- og Fritidsudvalget")
    meeting = schedule_meeting(client, odsherred, committee["id"])
    detail = add_item(client, odsherred, meeting["id"], case_number="2024-001", sections={},
                      recommendation={"points": ["at sagen godkendes"]})
    [item] = detail["items"]
    assert [(s["title"], s["body"]) for s in item["sections"] if s["kind"] == "text"] == [
        ("Sagsfremstilling", "Baggrund:")]
    assert item["recommendation"] == {"intro": "Forvaltningen indstiller:", "points": ["at sagen godkendes"]}


def test_a_new_meeting_can_start_with_the_standard_items_and_closed_items_go_first(client, odsherred):
    committee = create_committee(client, odsherred, "odsherred", code="KF", name="Kultur- og Fritidsudvalget")
    response = client.post(f"/api/v1/committees/{committee['id']}/meetings", json={
        "date": "2030-05-01", "start_time": "17:00", "place": "Byrådssalen", "standard_items": True},
        headers=odsherred)
    assert response.status_code == 201, response.json
    meeting_id = response.json["id"]
    add_item(client, odsherred, meeting_id, title="Åben sag", case_number="2024-002", sections={})
    detail = add_item(client, odsherred, meeting_id, title="Personalesag", case_number="2024-003", closed=True,
                      sections={})
    assert [item["title"] for item in detail["items"]] == [
        "Godkendelse af dagsorden", "Personalesag", "Åben sag", "Eventuelt"]
    assert [item["display_title"] for item in detail["items"]][1] == "Personalesag"  # no committee code


def test_the_public_sees_a_closed_items_title_with_the_marker_and_no_internal_section(client, odsherred):
    committee = create_committee(client, odsherred, "odsherred", code="KF", name="Kultur- og Fritidsudvalget")
    meeting = schedule_meeting(client, odsherred, committee["id"])
    add_item(client, odsherred, meeting["id"], title="Åben sag", case_number="2024-002",
             sections={"sagsfremstilling": "Offentlig tekst.", "intern_vurdering": "HEMMELIG VURDERING"})
    add_item(client, odsherred, meeting["id"], title="Personalesag", case_number="2024-003", closed=True,
             sections={"sagsfremstilling": "HEMMELIG SAG"})
    assert client.post(f"/api/v1/meetings/{meeting['id']}/publish", headers=odsherred).status_code == 200
    public = client.get(f"/api/v1/meetings/{meeting['id']}")
    text = public.get_data(as_text=True)
    assert "HEMMELIG" not in text
    closed, opened = public.json["items"]
    assert closed["display_title"] == "Personalesag (Fortroligt)" and closed["case_number"] is None
    assert [s["title"] for s in opened["sections"]] == ["Sagsfremstilling"]
    page = client.get(f"/odsherred/moeder/{meeting['id']}").get_data(as_text=True)
    assert "Punkt 1: Personalesag (Fortroligt)" in page and "HEMMELIG" not in page
    assert "Intern vurdering" not in page
