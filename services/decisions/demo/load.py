"""Records what was decided at the demo meetings (Lejre, January 2020) and approves the
minutes, through the service layer, once the agenda service's events have arrived."""

from __future__ import annotations

import json
import time
import uuid
from datetime import date
from pathlib import Path

from sqlalchemy import select

from services.decisions.models import CommitteeCopy, MeetingCopy, Minutes
from services.decisions.operations.minutes import (
    approve_minutes,
    record_attendance,
    record_decision,
)
from services.decisions.operations.roster import roster
from shared.auth import SYSTEM
from shared.log import get_logger
from shared.runtime import ServiceRuntime

log = get_logger(__name__)

DATA = Path(__file__).parent / "lejre_2020.json"
MUNICIPALITY = "lejre"


def _find_meeting(runtime: ServiceRuntime, committee: str, day: date):
    with runtime.uow() as uow:
        return uow.session.scalar(
            select(MeetingCopy.id)
            .join(CommitteeCopy, MeetingCopy.committee_id == CommitteeCopy.id)
            .where(CommitteeCopy.code == committee, MeetingCopy.date == day,
                   MeetingCopy.municipality_slug == MUNICIPALITY, MeetingCopy.agenda_version > 0)
        )


def _wait_for_meetings(runtime: ServiceRuntime, specs: list[dict], timeout: float) -> dict | None:
    deadline = time.monotonic() + timeout
    while True:
        found = {(s["committee"], s["date"]): _find_meeting(runtime, s["committee"], date.fromisoformat(s["date"]))
                 for s in specs}
        if all(found.values()):
            return found
        if time.monotonic() > deadline:
            return None
        time.sleep(0.2)


def load_demo(runtime: ServiceRuntime, timeout: float = 60.0) -> bool:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    meetings = _wait_for_meetings(runtime, data["meetings"], timeout)
    if meetings is None:
        log.warning("demo.decisions_skipped", reason="the agenda service's demo meetings have not arrived yet")
        return False
    # In date order, as it happened: approving minutes freezes them, so a shared item's
    # earlier decision by another committee must be recorded before.
    for spec in sorted(data["meetings"], key=lambda spec: spec["date"]):
        meeting_id = meetings[(spec["committee"], spec["date"])]
        with runtime.uow() as uow:
            if uow.session.get(Minutes, meeting_id) is not None:
                continue
        _record(runtime, meeting_id, spec)
    log.info("demo.loaded", service="decisions", meetings=len(data["meetings"]))
    return True


def _record(runtime: ServiceRuntime, meeting_id, spec: dict) -> None:
    with runtime.uow() as uow:
        meeting = uow.session.get(MeetingCopy, meeting_id)
        if meeting is None:
            raise LookupError(f"The demo meeting {meeting_id} has not arrived.")
        members = {m["name"]: m["member_id"] for m in roster(meeting)}
        items = {i.number: i.item_id for i in meeting.items}
    absent = {person["name"] for person in spec["absent"]}
    with runtime.uow() as uow:
        record_attendance(uow, SYSTEM, meeting_id, [
            {"member_id": uuid.UUID(member_id), "absent": name in absent} for name, member_id in members.items()
        ])
    for decision in spec["decisions"]:
        with runtime.uow() as uow:
            record_decision(uow, SYSTEM, meeting_id, items[decision["number"]], {
                "text": decision["text"],
                "point_answers": decision["point_answers"],
                "not_taking_part": [uuid.UUID(members[p["name"]]) for p in decision["not_taking_part"]],
                "decided_on": date.fromisoformat(decision["decided_on"]),
            })
    with runtime.uow() as uow:
        approve_minutes(uow, SYSTEM, meeting_id)
