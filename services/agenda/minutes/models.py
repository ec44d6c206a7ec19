"""The approved minutes' decisions and attendance, as the decisions service announced them."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer
from sqlalchemy.orm import Mapped, mapped_column, relationship

from services.agenda.models import Base, Meeting
from shared.db.types import UTCDateTime, utcnow


class ApprovedMinutes(Base):
    """The latest approved version of a meeting's minutes: who attended (as the Word file
    lists them) and every item's decisions. Shown on the meeting pages; the Word files
    remain the decisions service's."""

    __tablename__ = "approved_minutes"

    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True)
    version: Mapped[int] = mapped_column(Integer)
    approved_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # [{"name", "party", "absent", "substitute"}]
    participants: Mapped[list] = mapped_column(JSON, default=list)
    # {item id: [{"committee_name", "decided_on", "text", "point_answers", "minority",
    #             "not_taking_part", "absent"}]}
    decisions: Mapped[dict] = mapped_column(JSON, default=dict)


class SignatureRequest(Base):
    """A member asked to sign a meeting's approved minutes (the decisions service's
    request), until they sign or a correction voids the version: their start page lists
    it. The signatures themselves are the decisions service's."""

    __tablename__ = "signature_requests"

    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True)
    member_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), primary_key=True,
                                                 index=True)
    version: Mapped[int] = mapped_column(Integer)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime())
    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    meeting: Mapped[Meeting] = relationship()


class MinutesReading(Base):
    """A member has opened a meeting's approved minutes (this version) on the meeting
    page: their start page no longer lists them as waiting."""

    __tablename__ = "minutes_readings"

    member_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), primary_key=True)
    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True)
    version: Mapped[int] = mapped_column(Integer)
    read_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
