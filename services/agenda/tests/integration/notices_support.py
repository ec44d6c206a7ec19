"""A committee with members who have addresses, and the agenda service handling its own
events as its worker would, for the notices' tests."""

from __future__ import annotations

import email
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage

from sqlalchemy import select, update

from services.agenda.models import bus_tables
from services.agenda.notices.models import mail_tables
from services.agenda.tests.integration.helpers import (
    add_item,
    create_committee,
    register_municipality,
    schedule_meeting,
)
from shared.bus.topic import topic_matches


@dataclass
class Committee:
    id: str
    members: dict[str, str]  # name -> member id
    headers: dict


def member(client, headers, slug: str, committee_id: str, name: str, email_address: str | None, **period) -> str:
    created = client.post(f"/api/v1/municipalities/{slug}/members",
                          json={"name": name, "party": "A", "email": email_address}, headers=headers)
    assert created.status_code == 201, created.json
    seated = client.post(f"/api/v1/committees/{committee_id}/members",
                         json={"member_id": created.json["id"], "role": "member", **period}, headers=headers)
    assert seated.status_code == 201, seated.json
    return created.json["id"]


def committee_with_members(client, accounts, slug: str = "roskilde") -> Committee:
    """Anne and Bo sit on the committee; Carl left it before 2030; Dorte has no address."""
    register_municipality(client, accounts.admin(), slug)
    headers = accounts.secretary(slug)
    committee = create_committee(client, headers, slug)
    members = {
        "Anne Andersen": member(client, headers, slug, committee["id"], "Anne Andersen", "anne@roskilde.dk"),
        "Bo Bech": member(client, headers, slug, committee["id"], "Bo Bech", "bo@roskilde.dk"),
        "Carl Carlsen": member(client, headers, slug, committee["id"], "Carl Carlsen", "carl@roskilde.dk",
                               ends_on="2029-12-31"),
        "Dorte Dahl": member(client, headers, slug, committee["id"], "Dorte Dahl", None),
    }
    return Committee(committee["id"], members, headers)


def published_meeting(client, committee: Committee, **meeting) -> dict:
    planned = schedule_meeting(client, committee.headers, committee.id, **meeting)
    add_item(client, committee.headers, planned["id"], title="Beskæftigelsesindsatsen", case_number="30/00001")
    add_item(client, committee.headers, planned["id"], title="Personalesag", case_number="30/00002", closed=True,
             sections={"resume": "Fortroligt: medarbejderens helbred."})
    response = client.post(f"/api/v1/meetings/{planned['id']}/publish", headers=committee.headers)
    assert response.status_code == 200, response.json
    return planned


def deliver_own_events(runtime) -> int:
    """Hand every unpublished event in the outbox to the service's own consumer (as the
    worker's relay and consumer would); returns how many were handled."""
    consumer = runtime.consumer()
    outbox = bus_tables.outbox
    with runtime.engine.connect() as conn:
        rows = conn.execute(select(outbox.c.id, outbox.c.event_type, outbox.c.envelope)
                            .where(outbox.c.published_at.is_(None)).order_by(outbox.c.id)).all()
    handled = 0
    for row in rows:
        if any(topic_matches(key, row.event_type) for key in consumer.binding_keys):
            consumer.handle(row.envelope)
            handled += 1
    with runtime.engine.begin() as conn:
        conn.execute(update(outbox).where(outbox.c.id.in_([r.id for r in rows])).values(published_at=outbox.c.created_at))
    return handled


def mails(runtime, kind: str | None = None) -> list[tuple[str, EmailMessage]]:
    """(recipient, message) of every mail in the outbox, oldest first."""
    outbox = mail_tables.outbox
    query = select(outbox.c.recipient, outbox.c.message).order_by(outbox.c.id)
    if kind:
        query = query.where(outbox.c.kind == kind)
    with runtime.engine.connect() as conn:
        return [(row.recipient, _parse(row.message)) for row in conn.execute(query)]


def _parse(raw: bytes) -> EmailMessage:
    return email.message_from_bytes(raw, _class=EmailMessage, policy=policy.default)


def text_of(message: EmailMessage) -> str:
    part = next(p for p in message.walk() if p.get_content_type() == "text/plain")
    return part.get_content().replace("\r\n", "\n")


def calendar_of(message: EmailMessage) -> tuple[str, bytes] | None:
    """The iTIP method and the calendar bytes, if the mail carries an invitation."""
    part = next((p for p in message.walk() if p.get_content_type() == "text/calendar"), None)
    if part is None:
        return None
    return str(part.get_param("method")), part.get_content().encode()
