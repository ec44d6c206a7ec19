"""Builders of valid event data for the shared bus tests."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

MEETING_SCHEDULED = "agenda.meeting.scheduled.v1"

_COPENHAGEN = ZoneInfo("Europe/Copenhagen")


def meeting_data(**overrides: Any) -> dict[str, Any]:
    """A planned meeting as carried by the agenda events (MeetingData)."""
    meeting_id = overrides.pop("id", None) or uuid.uuid4()
    starts_at = datetime(2020, 1, 8, 16, 0, tzinfo=_COPENHAGEN)
    meeting = {
        "id": meeting_id,
        "uid": f"{meeting_id}@udvalg.test",
        "committee_id": uuid.UUID("6f1d3b52-8a39-4e0b-9b53-1b8f4a0c2a10"),
        "committee_code": "JA",
        "committee_name": "Udvalget for Job & Arbejdsmarked",
        "municipality_id": uuid.UUID("0c9f2b8e-57a4-4f8e-a0c7-0f6f3a9e51d2"),
        "municipality_slug": "lejre",
        "date": date(2020, 1, 8),
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(hours=2),
        "timezone": "Europe/Copenhagen",
        "place": "Mødelokale 1, Rådhuset",
        "status": "planned",
        "sequence": 0,
        "agenda_version": 0,
        "updated_at": datetime(2019, 12, 1, 9, 30, tzinfo=_COPENHAGEN),
    }
    meeting.update(overrides)
    return meeting


def meeting_scheduled_data(**meeting_overrides: Any) -> dict[str, Any]:
    """Valid data for shared.events.agenda.MeetingScheduled ("agenda.meeting.scheduled.v1")."""
    return {"meeting": meeting_data(**meeting_overrides)}
