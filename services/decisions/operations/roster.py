"""Who sits on the committee on the meeting day, and who attended."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.decisions.models import Attendance, MeetingCopy
from shared.periods import in_period


def roster(meeting: MeetingCopy) -> list[dict]:
    """The committee's seated members on the meeting day (substitutes stand in for them),
    as the agenda service last described them."""
    return [member for member in seated_on(meeting.committee.members, meeting.date) if member["role"] != "substitute"]


def substitutes(meeting: MeetingCopy) -> dict[str | None, list[str]]:
    """The names of the substitutes on the meeting day, per party: who may stand in for whom."""
    by_party: dict[str | None, list[str]] = {}
    for member in seated_on(meeting.committee.members, meeting.date):
        if member["role"] == "substitute":
            by_party.setdefault(member.get("party"), []).append(member["name"])
    return by_party


def seated_on(members: list[dict], day: date) -> list[dict]:
    return [member for member in members if in_period(day, member.get("starts_on"), member.get("ends_on"))]


def attendance(session: Session, meeting: MeetingCopy) -> list[Attendance]:
    """Recorded attendance, or everyone on the roster present until something is recorded."""
    return attendances(session, [meeting])[meeting.id]


def attendances(session: Session, meetings: Iterable[MeetingCopy]) -> dict[uuid.UUID, list[Attendance]]:
    """`attendance` of several meetings, read in one statement."""
    meetings = list(meetings)
    recorded: dict[uuid.UUID, dict[uuid.UUID, Attendance]] = {meeting.id: {} for meeting in meetings}
    if meetings:
        for row in session.scalars(select(Attendance).where(Attendance.meeting_id.in_(list(recorded)))):
            recorded[row.meeting_id][row.member_id] = row
    result: dict[uuid.UUID, list[Attendance]] = {}
    for meeting in meetings:
        people = []
        for member in roster(meeting):
            member_id = uuid.UUID(member["member_id"])
            people.append(recorded[meeting.id].get(member_id) or Attendance(
                meeting_id=meeting.id, member_id=member_id, name=member["name"], party=member.get("party"),
                absent=False))
        result[meeting.id] = people
    return result
