"""The decisions service's tables. The `*Copy` tables mirror what agenda events said."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from shared.bus.tables import define_bus_tables
from shared.db.metadata import service_metadata
from shared.db.types import UTCDateTime


class Base(DeclarativeBase):
    metadata = service_metadata()


bus_tables = define_bus_tables(Base.metadata)


class MunicipalityCopy(Base):
    __tablename__ = "municipality_copies"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(60))


class CommitteeCopy(Base):
    __tablename__ = "committee_copies"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    municipality_id: Mapped[uuid.UUID] = mapped_column(index=True)
    municipality_slug: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(200))
    code: Mapped[str] = mapped_column(String(10))
    # The roster as the last event described it: membership id, member id, name, party, role, period.
    members: Mapped[list] = mapped_column(JSON, default=list)


class MeetingCopy(Base):
    __tablename__ = "meeting_copies"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    committee_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("committee_copies.id"), index=True)
    municipality_slug: Mapped[str] = mapped_column(String(60), index=True)
    date: Mapped[date]
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    timezone: Mapped[str] = mapped_column(String(60))
    place: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(20))
    sequence: Mapped[int] = mapped_column(Integer)
    agenda_version: Mapped[int] = mapped_column(Integer, default=0)
    section_template: Mapped[list] = mapped_column(JSON, default=list)
    # The agenda service's updated_at: an older event never overwrites a newer state.
    source_updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    committee: Mapped[CommitteeCopy] = relationship()
    items: Mapped[list[AgendaItemCopy]] = relationship(
        cascade="all, delete-orphan", order_by="AgendaItemCopy.number"
    )


class AgendaItemCopy(Base):
    __tablename__ = "agenda_item_copies"

    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("meeting_copies.id"), primary_key=True)
    item_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(Integer)
    owner_code: Mapped[str] = mapped_column(String(10))
    title: Mapped[str] = mapped_column(String(300))
    case_number: Mapped[str | None] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(20))
    closed: Mapped[bool] = mapped_column(Boolean)
    sections: Mapped[list] = mapped_column(JSON)
    recommendation: Mapped[dict | None] = mapped_column(JSON)
    attachments: Mapped[list] = mapped_column(JSON)
    committees: Mapped[list] = mapped_column(JSON)
