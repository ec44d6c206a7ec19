"""Plays the agenda service's part in another service's tests: builds its events from the
shared contract and hands them to that service's consumer, as the bus would."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from shared.bus.consumer import EventConsumer
from shared.events import build_envelope

ZONE = ZoneInfo("Europe/Copenhagen")
TEMPLATE = [
    {"key": "resume", "title": "Resumé", "kind": "text", "required": True},
    {"key": "indstilling", "title": "Indstilling", "kind": "recommendation", "required": False},
    {"key": "beslutning", "title": "Beslutning", "kind": "decision", "required": False},
    {"key": "bilag", "title": "Bilag", "kind": "attachments", "required": False},
]


class AgendaEvents:
    def __init__(self, consumer: EventConsumer):
        self.consumer = consumer
        self.municipality_id = uuid.uuid4()
        self.clock = 0

    def send(self, event_type: str, data: dict) -> dict:
        envelope = build_envelope(event_type, data, source="/udvalg/agenda")
        self.consumer.handle(envelope)
        return envelope

    def municipality(self, slug="lejre", name="Lejre Kommune", document_style: dict | None = None,
                     event_type: str = "agenda.municipality.registered.v1") -> None:
        """Without `document_style` the event is as older agenda services sent it."""
        municipality = {"id": self.municipality_id, "slug": slug, "name": name, "timezone": "Europe/Copenhagen"}
        if document_style is not None:
            municipality.update(document_style=document_style, section_template=TEMPLATE)
        self.send(event_type, {"municipality": municipality})

    def committee(self, code="JA", name="Udvalget for Job & Arbejdsmarked", members=(("Steen Hansen", "O"),)) -> dict:
        committee = {
            "id": uuid.uuid4(), "municipality_id": self.municipality_id, "municipality_slug": "lejre",
            "name": name, "code": code,
            "members": [{"membership_id": uuid.uuid4(), "member_id": uuid.uuid4(), "name": n, "party": p,
                         "role": "member", "starts_on": None, "ends_on": None} for n, p in members],
        }
        self.send("agenda.committee.created.v1", {"committee": committee})
        return committee

    def meeting(self, committee: dict, day: date = date(2020, 1, 8), status="published", sequence=0,
                agenda_version=1, meeting_id=None) -> dict:
        self.clock += 1
        return {
            "id": meeting_id or uuid.uuid4(), "uid": f"{uuid.uuid4()}@udvalg", "committee_id": committee["id"],
            "committee_code": committee["code"], "committee_name": committee["name"],
            "municipality_id": self.municipality_id, "municipality_slug": "lejre", "date": day,
            "starts_at": datetime(day.year, day.month, day.day, 16, 30, tzinfo=ZONE), "ends_at": None,
            "timezone": "Europe/Copenhagen", "place": "Mødelokale 1", "status": status, "sequence": sequence,
            "agenda_version": agenda_version,
            "updated_at": datetime(2020, 1, 1, tzinfo=UTC).replace(second=self.clock % 60, minute=self.clock // 60),
        }

    def reschedule(self, meeting: dict, day: date) -> dict:
        """The meeting moved to `day` (same time of day): the rescheduled event; returns the moved meeting."""
        self.clock += 1
        start = meeting["starts_at"]
        moved = {**meeting, "date": day, "starts_at": datetime.combine(day, start.timetz()),
                 "sequence": meeting["sequence"] + 1,
                 "updated_at": datetime(2020, 1, 1, tzinfo=UTC).replace(second=self.clock % 60, minute=self.clock // 60)}
        self.send("agenda.meeting.rescheduled.v1", {"meeting": moved, "previous": {
            "date": meeting["date"], "starts_at": start, "ends_at": meeting["ends_at"], "place": meeting["place"]}})
        return moved

    @staticmethod
    def item(number: int, title: str, closed=False, points=(), item_id=None, owner="JA") -> dict:
        return {
            "id": item_id or uuid.uuid4(), "number": number, "owner_code": owner, "title": title,
            "case_number": "19/11559", "kind": "case", "closed": closed,
            "sections": [{"key": "resume", "title": "Resumé", "kind": "text", "body": f"Resumé af {title}."}],
            "recommendation": {"intro": "Direktionen indstiller:", "points": list(points)} if points else None,
            "attachments": [], "committees": [],
        }

    def publish(self, meeting: dict, items: list[dict], version: int = 1, document_style: dict | None = None) -> None:
        data = {"meeting": {**meeting, "agenda_version": version}, "version": version,
                "published_at": datetime.now(UTC), "section_template": TEMPLATE, "items": items}
        if document_style is not None:
            data["document_style"] = document_style
        self.send("agenda.agenda.published.v1", data)
