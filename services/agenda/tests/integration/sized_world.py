"""A municipality whose committee has `size` meetings, `size` årshjul entries and a
published agenda of `size` items, built through the service layer as real use builds it:
for the tests that count a page's statements at two sizes (and bench/agenda_bench.py)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from services.agenda.calendar.operations import tokens, wheel
from services.agenda.handlers import minutes_approved
from services.agenda.operations import attachments, committees, items, meetings, municipalities
from services.agenda.operations.accounts import ensure_user
from shared.auth import SYSTEM
from shared.events import build_envelope, parse_envelope
from shared.runtime import ServiceRuntime

PASSWORD = "korrekt-hest-batteri"
YEAR = 2030
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TEMPLATE = [
    {"key": "resume", "title": "Resumé", "kind": "text", "required": True},
    {"key": "indstilling", "title": "Indstilling", "kind": "recommendation"},
    {"key": "beslutning", "title": "Beslutning", "kind": "decision"},
    {"key": "sagsfremstilling", "title": "Sagsfremstilling", "kind": "text"},
    {"key": "internt", "title": "Intern note", "kind": "text", "public": False},
    {"key": "bilag", "title": "Bilag", "kind": "attachments"},
]
SECTIONS = {
    "resume": "Udvalget orienteres om **status** på indsatsen.",
    "internt": "Kun til forvaltningen.",
    "sagsfremstilling": "Baggrund:\n\n- første punkt\n- andet punkt\n\n| Mål | 2029 | 2030 |\n|---|---|---|\n| Ledige | 120 | 100 |",
}


@dataclass(frozen=True)
class SizedWorld:
    size: int
    slug: str
    committee_id: uuid.UUID
    committee_code: str
    meeting_id: uuid.UUID
    meeting_ids: list[uuid.UUID]
    item_ids: list[uuid.UUID]
    secretary_email: str
    member_email: str
    member_id: uuid.UUID
    calendar_token: str
    entry_id: uuid.UUID
    file_id: uuid.UUID


def build_sized_world(runtime: ServiceRuntime, size: int) -> SizedWorld:
    slug = f"kommune{size}"
    with runtime.uow() as uow:
        municipality_id = municipalities.register_municipality(
            uow, SYSTEM, {"slug": slug, "name": f"Kommune {size}", "section_template": TEMPLATE}).id
    with runtime.uow() as uow:
        committee = committees.create_committee(uow, SYSTEM, slug, {"name": "Udvalget for Job & Arbejdsmarked",
                                                                    "code": "JA"})
        committee_id = committee.id
    member_ids = []
    for number in range(3):
        with runtime.uow() as uow:
            member_ids.append(committees.register_member(
                uow, SYSTEM, slug, {"name": f"Medlem {number}", "party": "V"}).id)
        with runtime.uow() as uow:
            committees.add_membership(uow, SYSTEM, committee_id, {
                "member_id": member_ids[-1], "role": "chair" if number == 0 else "member",
                "starts_on": date(2020, 1, 1)})
    meeting_ids = []
    for week in range(size):
        with runtime.uow() as uow:
            meeting_ids.append(meetings.schedule_meeting(uow, SYSTEM, committee_id, {
                "date": date(YEAR, 1, 2) + timedelta(weeks=week % 52, days=week // 52),
                "start_time": time(16, 30), "end_time": time(19, 0), "place": f"Mødelokale {week % 4 + 1}"}).id)
    meeting_id = meeting_ids[0]
    item_ids, file_ids = [], []
    for number in range(size):
        with runtime.uow() as uow:
            item_ids.append(items.add_item(uow, SYSTEM, meeting_id, {
                "title": f"Sag nummer {number + 1}", "case_number": f"30/{number + 1:05d}",
                "kind": "case", "closed": number % 5 == 4, "sections": SECTIONS,
                "recommendation": {"intro": "Direktionen indstiller,", "points": ["at udvalget tager orienteringen til efterretning"]},
                "attachments": ["Bilag uden fil"]}).id)
        if number % 3 == 0:
            with runtime.uow() as uow:
                file_ids.append(attachments.add_attachment(
                    uow, SYSTEM, item_ids[-1], f"bilag-{number + 1}.pdf", PDF).id)
    with runtime.uow() as uow:
        meetings.publish_agenda(uow, SYSTEM, meeting_id)
    for other in meeting_ids[1:size // 2]:
        with runtime.uow() as uow:
            items.add_item(uow, SYSTEM, other, {"title": "Eventuelt", "kind": "standing"})
        with runtime.uow() as uow:
            meetings.publish_agenda(uow, SYSTEM, other)
    for other in meeting_ids[-(size // 10):]:
        with runtime.uow() as uow:
            meetings.cancel_meeting(uow, SYSTEM, other, "Ingen sager")
    with runtime.uow() as uow:
        # Their minutes approved, as the decisions service announces them: they wait on the member's start page.
        for other in meeting_ids[1:size // 2]:
            minutes_approved(uow, _minutes_approved(other))
        uow.commit()
    entry_ids = []
    for number in range(size):
        with runtime.uow() as uow:
            entry_ids.append(wheel.create_entry(uow, SYSTEM, committee_id, YEAR, {
                "kind": "milestone", "title": f"Milepæl {number + 1}", "month": number % 12 + 1,
                "description": "Status til udvalget.", "public": number % 4 != 3,
                "meeting_id": meeting_ids[number] if number % 2 == 0 else None,
                "item_id": item_ids[number] if number % 3 == 0 else None}).id)
    secretary_email, member_email = f"sekretaer@{slug}.dk", f"medlem@{slug}.dk"
    with runtime.uow() as uow:
        ensure_user(uow.session, email=secretary_email, name="Sekretær", password=PASSWORD, role="secretary",
                    municipality_id=municipality_id)
        ensure_user(uow.session, email=member_email, name="Medlem 0", password=PASSWORD, role="member",
                    municipality_id=municipality_id, member_id=member_ids[0])
        uow.commit()
    with runtime.uow() as uow:
        _token, calendar_token = tokens.issue_for_member(uow, member_ids[0], None)
    return SizedWorld(size=size, slug=slug, committee_id=committee_id, committee_code="JA", meeting_id=meeting_id,
                      meeting_ids=meeting_ids, item_ids=item_ids, secretary_email=secretary_email,
                      member_email=member_email, member_id=member_ids[0], calendar_token=calendar_token,
                      entry_id=entry_ids[0], file_id=file_ids[0])


def _minutes_approved(meeting_id: uuid.UUID):
    return parse_envelope(build_envelope("decisions.minutes.approved.v1", {
        "meeting_id": meeting_id, "committee_id": uuid.uuid4(), "municipality_slug": "sized", "version": 1,
        "approved_at": datetime(YEAR, 12, 20, 9, tzinfo=UTC), "correction_reason": None,
        "participants": [{"name": "Medlem 0", "party": None, "absent": False, "substitute": None}], "items": []},
        source="/udvalg/decisions"))
