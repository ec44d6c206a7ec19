"""A committee member's start page: where they sit, their next meetings, and what waits
for them (approved minutes they have not opened, award rounds whose candidates they
score)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from services.agenda.minutes.models import MinutesReading
from services.agenda.models import AwardRoundCopy, Committee, Meeting, Membership
from shared.db.uow import UnitOfWork
from shared.periods import in_period

NEXT_MEETINGS = 5


@dataclass(frozen=True)
class Seat:
    committee: Committee
    role: str


@dataclass(frozen=True)
class MemberStart:
    seats: list[Seat]
    next_meetings: list[Meeting]
    minutes_to_read: list[Meeting]
    rounds_to_score: list[AwardRoundCopy]


def member_start(session: Session, member_id: uuid.UUID, today: date) -> MemberStart:
    memberships = list(session.scalars(
        select(Membership).where(Membership.member_id == member_id).options(joinedload(Membership.committee))))
    seats = sorted((Seat(m.committee, m.role) for m in memberships if in_period(today, m.starts_on, m.ends_on)),
                   key=lambda seat: seat.committee.name)
    current = [seat.committee.id for seat in seats]
    next_meetings = list(session.scalars(
        select(Meeting).where(Meeting.committee_id.in_(current), Meeting.date >= today)
        .options(joinedload(Meeting.committee))
        .order_by(Meeting.date, Meeting.start_time).limit(NEXT_MEETINGS)))
    return MemberStart(seats, next_meetings, _unread_minutes(session, memberships),
                       list(session.scalars(select(AwardRoundCopy).where(
                           AwardRoundCopy.committee_id.in_(current), AwardRoundCopy.state == "open")
                           .order_by(AwardRoundCopy.closes_at))))


def _unread_minutes(session: Session, memberships: list[Membership]) -> list[Meeting]:
    """Approved minutes of meetings the member sat on the committee for, newest first,
    that they have not opened in their latest version."""
    if not memberships:
        return []
    member_id = memberships[0].member_id
    candidates = session.scalars(
        select(Meeting).outerjoin(MinutesReading, and_(MinutesReading.meeting_id == Meeting.id,
                                                       MinutesReading.member_id == member_id))
        .where(Meeting.committee_id.in_({m.committee_id for m in memberships}),
               Meeting.minutes_version.is_not(None), Meeting.minutes_state == "approved",
               or_(MinutesReading.version.is_(None), MinutesReading.version < Meeting.minutes_version))
        .options(joinedload(Meeting.committee))
        .order_by(Meeting.date.desc()))
    return [meeting for meeting in candidates
            if any(m.committee_id == meeting.committee_id and in_period(meeting.date, m.starts_on, m.ends_on)
                   for m in memberships)]


def note_minutes_read(uow: UnitOfWork, member_id: uuid.UUID, meeting_id: uuid.UUID, version: int) -> None:
    """The member opened this version of the meeting's approved minutes."""
    reading = uow.session.get(MinutesReading, (member_id, meeting_id))
    if reading is not None and reading.version >= version:
        return
    if reading is None:
        uow.session.add(MinutesReading(member_id=member_id, meeting_id=meeting_id, version=version))
    else:
        reading.version = version
    try:
        uow.commit()
    except IntegrityError:
        # The same member's other tab noted it at the same moment.
        uow.rollback()
