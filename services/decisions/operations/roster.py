"""Who sits on the committee on the meeting day, and who attended."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.decisions.models import Attendance, MeetingCopy


def roster(meeting: MeetingCopy) -> list[dict]:
    """The committee's members on the meeting day, as the agenda service last described them."""
    day = meeting.date.isoformat()
    return [
        member for member in meeting.committee.members
        if (not member.get("starts_on") or member["starts_on"] <= day)
        and (not member.get("ends_on") or member["ends_on"] >= day)
    ]


def attendance(session: Session, meeting: MeetingCopy) -> list[Attendance]:
    """Recorded attendance, or everyone on the roster present until something is recorded."""
    recorded = {a.member_id: a for a in session.scalars(select(Attendance).where(Attendance.meeting_id == meeting.id))}
    result = []
    for member in roster(meeting):
        member_id = uuid.UUID(member["member_id"])
        result.append(recorded.get(member_id) or Attendance(
            meeting_id=meeting.id, member_id=member_id, name=member["name"], party=member.get("party"), absent=False))
    return result
