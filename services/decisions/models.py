"""The decisions service's tables. The `*Copy` tables mirror what agenda events said."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, query_expression, relationship

from shared.auth.account_copies import define_account_copies
from shared.bus.tables import define_bus_tables
from shared.db.metadata import service_metadata
from shared.db.types import UTCDateTime, utcnow


class Base(DeclarativeBase):
    metadata = service_metadata()


bus_tables = define_bus_tables(Base.metadata)
# Which login sessions hold, as the agenda service's account events said.
account_copies = define_account_copies(Base.metadata)


class MunicipalityCopy(Base):
    __tablename__ = "municipality_copies"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(60))
    # The house style as last announced: wording (shared.housestyle.DocumentStyle) and
    # sections, for the minutes being written and the Word template's sample document.
    document_style: Mapped[dict] = mapped_column(JSON, default=dict, server_default="{}")
    section_template: Mapped[list] = mapped_column(JSON, default=list, server_default="[]")
    case_number_example: Mapped[str] = mapped_column(String(40), default="", server_default="")


class CommitteeCopy(Base):
    __tablename__ = "committee_copies"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    municipality_id: Mapped[uuid.UUID] = mapped_column(index=True)
    municipality_slug: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(200))
    code: Mapped[str | None] = mapped_column(String(10))
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
    # The wording the agenda was published with: its dagsorden prints it.
    document_style: Mapped[dict] = mapped_column(JSON, default=dict, server_default="{}")
    # The agenda service's updated_at: an older event never overwrites a newer state.
    source_updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    committee: Mapped[CommitteeCopy] = relationship()
    items: Mapped[list[AgendaItemCopy]] = relationship(
        cascade="all, delete-orphan", order_by="AgendaItemCopy.number"
    )
    # Filled by a query that counts the items in the same statement (with_expression), so
    # that a list of meetings does not load every meeting's items to count them.
    item_count: Mapped[int | None] = query_expression()


class AgendaItemCopy(Base):
    __tablename__ = "agenda_item_copies"

    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("meeting_copies.id"), primary_key=True)
    item_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(Integer)
    owner_code: Mapped[str | None] = mapped_column(String(10))
    title: Mapped[str] = mapped_column(String(300))
    case_number: Mapped[str | None] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(20))
    closed: Mapped[bool] = mapped_column(Boolean)
    sections: Mapped[list] = mapped_column(JSON)
    recommendation: Mapped[dict | None] = mapped_column(JSON)
    attachments: Mapped[list] = mapped_column(JSON)
    committees: Mapped[list] = mapped_column(JSON)


class AwardShortlist(Base):
    """The candidates of an award round, from the awards service, for the agenda item on
    which the committee chooses the winner (the awards service names the item's id)."""

    __tablename__ = "award_shortlists"

    item_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    round_id: Mapped[uuid.UUID] = mapped_column(unique=True)
    title: Mapped[str] = mapped_column(String(200))
    # [{"candidate_id", "rank", "company_name", "cvr", "score", "nominations"}], best first.
    candidates: Mapped[list] = mapped_column(JSON)


class Attendance(Base):
    """Who was at the meeting: afbud, and who stood in (stedfortræder)."""

    __tablename__ = "attendances"

    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("meeting_copies.id"), primary_key=True)
    member_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    party: Mapped[str | None] = mapped_column(String(5))
    absent: Mapped[bool] = mapped_column(Boolean, default=False)
    substitute: Mapped[str | None] = mapped_column(String(200))


class Decision(Base):
    """A committee's decision on one item at one meeting."""

    __tablename__ = "decisions"
    __table_args__ = (UniqueConstraint("meeting_id", "item_id", name="uq_decisions_meeting_item"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("meeting_copies.id"), index=True)
    item_id: Mapped[uuid.UUID] = mapped_column(index=True)
    text: Mapped[str] = mapped_column(Text, default="")
    point_answers: Mapped[list] = mapped_column(JSON, default=list)
    # Member ids of those who did not take part (inhabilitet).
    not_taking_part: Mapped[list] = mapped_column(JSON, default=list)
    minority: Mapped[str | None] = mapped_column(Text)
    # On an award's item: the winner chosen from the shortlist (candidate id, name, CVR, reason).
    award_winner: Mapped[dict | None] = mapped_column(JSON)
    decided_on: Mapped[date]
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    recorded_by: Mapped[uuid.UUID | None]


class Minutes(Base):
    """The minutes of a meeting: open for recording, approved (locked), or being corrected."""

    __tablename__ = "minutes"
    __table_args__ = (CheckConstraint("state IN ('open', 'approved', 'correcting')", name="state"),)

    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("meeting_copies.id"), primary_key=True)
    state: Mapped[str] = mapped_column(String(20), default="open")
    version: Mapped[int] = mapped_column(Integer, default=0)
    correction_reason: Mapped[str | None] = mapped_column(Text)
    # When the secretariat last reminded the members to sign this version.
    signatures_reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class MinutesVersion(Base):
    """An approved version, frozen: the documents of that version are built from it."""

    __tablename__ = "minutes_versions"
    __table_args__ = (UniqueConstraint("meeting_id", "version", name="uq_minutes_versions_meeting_version"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("meeting_copies.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    approved_at: Mapped[datetime] = mapped_column(UTCDateTime())
    approved_by: Mapped[uuid.UUID | None]
    correction_reason: Mapped[str | None] = mapped_column(Text)
    document: Mapped[dict] = mapped_column(JSON)


class MinutesSignature(Base):
    """A member's signature on an approved version (the underskriftsblad), with at most one
    reservation (forbehold) on one item. A correction voids the version's signatures."""

    __tablename__ = "minutes_signatures"
    __table_args__ = (
        UniqueConstraint("meeting_id", "version", "member_id", name="uq_minutes_signatures_meeting_version_member"),
        CheckConstraint("(reservation_item_id IS NULL) = (reservation_text IS NULL)", name="reservation_whole"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("meeting_copies.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    member_id: Mapped[uuid.UUID]
    name: Mapped[str] = mapped_column(String(200))
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    reservation_item_id: Mapped[uuid.UUID | None]
    reservation_text: Mapped[str | None] = mapped_column(Text)
    voided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class DocumentTemplate(Base):
    """A municipality's own .docx (styles, letterhead, logo) the documents are built on."""

    __tablename__ = "document_templates"

    municipality_slug: Mapped[str] = mapped_column(String(60), primary_key=True)
    filename: Mapped[str] = mapped_column(String(200))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    uploaded_by: Mapped[uuid.UUID | None]
