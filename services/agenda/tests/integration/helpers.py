"""Building municipalities, committees and meetings through the API, as a secretary would."""

from __future__ import annotations

from sqlalchemy import select

from services.agenda.models import bus_tables
from services.agenda.tests.house_style import api_settings


def register_municipality(client, admin, slug: str, **extra) -> dict:
    """A municipality with the tests' usual house style (tests/house_style.py) unless
    `extra` says otherwise."""
    body = {"slug": slug, "name": f"{slug.title()} Kommune", **api_settings(), **extra}
    response = client.post("/api/v1/municipalities", json=body, headers=admin)
    assert response.status_code == 201, response.json
    return response.json


def create_committee(client, headers, slug: str, code: str = "JA", name: str = "Udvalget for Job & Arbejdsmarked") -> dict:
    response = client.post(f"/api/v1/municipalities/{slug}/committees", json={"name": name, "code": code}, headers=headers)
    assert response.status_code == 201, response.json
    return response.json


def schedule_meeting(client, headers, committee_id, date="2030-03-13", start="16:30", end="19:00",
                     place="Mødelokale 1") -> dict:
    response = client.post(f"/api/v1/committees/{committee_id}/meetings",
                           json={"date": date, "start_time": start, "end_time": end, "place": place}, headers=headers)
    assert response.status_code == 201, response.json
    return response.json


def add_item(client, headers, meeting_id, **fields) -> dict:
    body = {"title": "Sag", "case_number": "30/00001", "sections": {"resume": "Et resumé."}, **fields}
    response = client.post(f"/api/v1/meetings/{meeting_id}/items", json=body, headers=headers)
    assert response.status_code == 201, response.json
    return response.json


def outbox_events(runtime, event_type: str | None = None) -> list[dict]:
    query = select(bus_tables.outbox.c.envelope).order_by(bus_tables.outbox.c.id)
    if event_type:
        query = query.where(bus_tables.outbox.c.event_type == event_type)
    with runtime.engine.connect() as conn:
        return [row.envelope for row in conn.execute(query)]
