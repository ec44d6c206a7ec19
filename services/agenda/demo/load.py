"""Loads the Lejre demo: the JA committee's meeting of 8 January 2020 with its 11 items,
the BU meeting that shares item 10, a later 2020 meeting with a closed item, and the JA
committee's årshjul and dialogue themes for 2020 (items 6 and 7 of 8 January).

Everything goes through the service layer, so the demo emits the same events as real
use and the other services build their copies from them.
"""

from __future__ import annotations

import json
from datetime import date, time
from pathlib import Path

from sqlalchemy import select

from services.agenda.calendar.operations import wheel
from services.agenda.models import Municipality
from services.agenda.operations import committees, items, meetings, municipalities
from services.agenda.operations.accounts import ensure_user_announced
from shared.auth import SYSTEM
from shared.log import get_logger
from shared.runtime import ServiceRuntime

log = get_logger(__name__)

DATA = Path(__file__).parent / "lejre_2020.json"
WHEEL = Path(__file__).parent / "aarshjul_2020.json"
THEMES = Path(__file__).parent / "dialogtemaer_2020.json"
DEMO_PASSWORD = "lejre-demo-2020"
DEMO_MUNICIPALITY = "lejre"  # the slug in lejre_2020.json
DEMO_ACCOUNTS = {
    "admin": "admin@udvalg.local",
    "secretary": "sekretaer@lejre.dk",
    "member": "christian.plank@lejre.dk",
}

_LOADER = SYSTEM


def load_demo(runtime: ServiceRuntime) -> bool:
    """Load the demo unless the municipality exists; returns whether it loaded."""
    data = json.loads(DATA.read_text(encoding="utf-8"))
    with runtime.uow() as uow:
        if uow.session.scalar(select(Municipality).where(Municipality.slug == data["municipality"]["slug"])):
            return False
    with runtime.uow() as uow:
        municipality = municipalities.register_municipality(uow, _LOADER, data["municipality"])
        slug = municipality.slug
        municipality_id = municipality.id
    committee_ids, member_ids = _committees(runtime, slug, data["committees"])
    item_ids: dict[str, object] = {}
    meeting_ids = {}
    for meeting in data["meetings"]:
        meeting_ids[meeting["committee"], meeting["date"]] = _meeting(
            runtime, committee_ids[meeting["committee"]], meeting, data["items"], item_ids)
    _wheel(runtime, committee_ids, meeting_ids, item_ids)
    _accounts(runtime, municipality_id, member_ids)
    log.info("demo.loaded", municipality=slug, meetings=len(data["meetings"]))
    return True


def _committees(runtime, slug: str, specs: list[dict]):
    committee_ids, member_ids = {}, {}
    for spec in specs:
        with runtime.uow() as uow:
            committee = committees.create_committee(uow, _LOADER, slug, {"name": spec["name"], "code": spec["code"]})
            committee_ids[spec["code"]] = committee.id
        for person in spec["members"]:
            with runtime.uow() as uow:
                if person["name"] not in member_ids:
                    member = committees.register_member(uow, _LOADER, slug, {"name": person["name"], "party": person["party"]})
                    member_ids[person["name"]] = member.id
            with runtime.uow() as uow:
                committees.add_membership(
                    uow, _LOADER, committee_ids[spec["code"]],
                    {"member_id": member_ids[person["name"]], "role": person["role"], "starts_on": date(2018, 1, 1)},
                )
    return committee_ids, member_ids


def _meeting(runtime, committee_id, spec: dict, item_specs: list[dict], item_ids: dict):
    by_key = {item["key"]: item for item in item_specs}
    with runtime.uow() as uow:
        meeting = meetings.schedule_meeting(uow, _LOADER, committee_id, {
            "date": date.fromisoformat(spec["date"]),
            "start_time": time.fromisoformat(spec["start"]),
            "end_time": time.fromisoformat(spec["end"]),
            "place": spec["place"],
        })
        meeting_id = meeting.id
    for position, key in enumerate(spec["items"], start=1):
        with runtime.uow() as uow:
            if key in item_ids:
                items.place_item(uow, _LOADER, item_ids[key], meeting_id, position)
            else:
                item = by_key[key]
                created = items.add_item(uow, _LOADER, meeting_id, {
                    "title": item["title"],
                    "kind": item["kind"],
                    "case_number": item["case_number"],
                    "closed": item["closed"],
                    "sections": item["sections"],
                    "recommendation": item["recommendation"],
                    "attachments": item["attachments"],
                    "position": position,
                })
                item_ids[key] = created.id
    with runtime.uow() as uow:
        meetings.publish_agenda(uow, _LOADER, meeting_id)
    if spec["status"] == "held":
        with runtime.uow() as uow:
            meetings.mark_held(uow, _LOADER, meeting_id)
    return meeting_id


def _wheel(runtime, committee_ids: dict, meeting_ids: dict, item_ids: dict) -> None:
    """The årshjul's entries, then each month's dialogue theme linked to that month's
    dialogue meeting."""
    plan = json.loads(WHEEL.read_text(encoding="utf-8"))
    themes = json.loads(THEMES.read_text(encoding="utf-8"))
    code, year = plan["committee"], plan["year"]
    dialogue_meetings = {}
    for spec in plan["entries"]:
        with runtime.uow() as uow:
            entry = wheel.create_entry(uow, _LOADER, committee_ids[code], year, {
                "kind": spec["kind"],
                "title": spec["title"],
                "date": date.fromisoformat(spec["date"]) if "date" in spec else None,
                "month": spec.get("month"),
                "start_time": time.fromisoformat(spec["start"]) if "start" in spec else None,
                "place": spec.get("place"),
                "owner": spec.get("owner"),
                "description": spec.get("description"),
                "public": spec.get("public", True),
                "recurring": spec.get("recurring", False),
                "meeting_id": meeting_ids[code, spec["meeting"]] if "meeting" in spec else None,
                "item_id": item_ids[spec["item"]] if "item" in spec else None,
            })
            if entry.kind == "dialogue_meeting":
                dialogue_meetings[entry.month] = entry.id
    for theme in themes["themes"]:
        with runtime.uow() as uow:
            wheel.set_theme(uow, _LOADER, committee_ids[themes["committee"]], themes["year"], theme["month"], {
                "theme": theme["theme"], "place": theme["place"], "partners": theme["partners"],
                "entry_id": dialogue_meetings.get(theme["month"])})


def _accounts(runtime, municipality_id, member_ids: dict) -> None:
    with runtime.uow() as uow:
        ensure_user_announced(uow, email=DEMO_ACCOUNTS["admin"], name="Administrator",
                              password=DEMO_PASSWORD, role="admin")
        ensure_user_announced(uow, email=DEMO_ACCOUNTS["secretary"], name="Udvalgssekretær, Lejre",
                              password=DEMO_PASSWORD, role="secretary", municipality_id=municipality_id)
        ensure_user_announced(uow, email=DEMO_ACCOUNTS["member"], name="Christian Plank",
                              password=DEMO_PASSWORD, role="member", municipality_id=municipality_id,
                              member_id=member_ids["Christian Plank"])
        uow.commit()
