"""The agenda service's tables, as SQLAlchemy 2 typed models."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time

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
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from shared.bus.tables import define_bus_tables
from shared.db.metadata import service_metadata
from shared.db.types import UTCDateTime, utcnow
from shared.history import define_history_table


class Base(DeclarativeBase):
    metadata = service_metadata()


bus_tables = define_bus_tables(Base.metadata)
history_table = define_history_table(Base.metadata)


class Timestamped:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class Municipality(Timestamped, Base):
    __tablename__ = "municipalities"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(60), default="Europe/Copenhagen")
    # Where meetings are held unless a committee or a meeting says otherwise (rådhusets adresse).
    address: Mapped[str | None] = mapped_column(String(300))
    # A deactivated municipality keeps all its data; its users can no longer log in.
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # The house style, checked by domain.house_style before it is stored: agenda rules
    # (domain.rules.AgendaRules), item sections (SectionSpec), wording (shared.housestyle).
    agenda_rules: Mapped[dict] = mapped_column(JSON, default=dict)
    section_template: Mapped[list] = mapped_column(JSON, default=list)
    document_style: Mapped[dict] = mapped_column(JSON, default=dict, server_default="{}")

    committees: Mapped[list[Committee]] = relationship(back_populates="municipality")


class Committee(Timestamped, Base):
    __tablename__ = "committees"
    __table_args__ = (UniqueConstraint("municipality_id", "code", name="uq_committees_municipality_code"),
                      UniqueConstraint("municipality_id", "slug", name="uq_committees_municipality_slug"))

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    municipality_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("municipalities.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    # The prefix before item titles ("JA - ..."), if the municipality uses one.
    code: Mapped[str | None] = mapped_column(String(10))
    # Derived from the name when the committee is created and kept through renames, so
    # addresses of a committee without a code stay put.
    slug: Mapped[str] = mapped_column(String(80))
    # What "Nyt møde" proposes; the municipality's address when no place is set.
    default_place: Mapped[str | None] = mapped_column(String(300))
    default_start_time: Mapped[time | None]
    # A closed committee plans no more meetings; its meetings and minutes stay.
    closed_on: Mapped[date | None]

    municipality: Mapped[Municipality] = relationship(back_populates="committees")
    memberships: Mapped[list[Membership]] = relationship(
        back_populates="committee", cascade="all, delete-orphan", order_by="Membership.position"
    )

    @property
    def url_key(self) -> str:
        """What public addresses name the committee by: its code where it has one (the
        addresses published before codes became optional), else its slug."""
        return self.code or self.slug

    @property
    def label(self) -> str:
        """Short name for lists and page titles: the code, else the name."""
        return self.code or self.name


class Member(Timestamped, Base):
    """A politician: one person, who may sit on several committees."""

    __tablename__ = "members"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    municipality_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("municipalities.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    party: Mapped[str | None] = mapped_column(String(5))
    email: Mapped[str | None] = mapped_column(String(254))

    memberships: Mapped[list[Membership]] = relationship(back_populates="member")


class Membership(Base):
    __tablename__ = "memberships"
    __table_args__ = (
        CheckConstraint("role IN ('chair', 'vice_chair', 'member', 'substitute')", name="role"),
        CheckConstraint("ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on", name="period"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    committee_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("committees.id"), index=True)
    member_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("members.id"), index=True)
    role: Mapped[str] = mapped_column(String(20), default="member")
    position: Mapped[int] = mapped_column(Integer, default=0)
    starts_on: Mapped[date | None]
    ends_on: Mapped[date | None]

    committee: Mapped[Committee] = relationship(back_populates="memberships")
    member: Mapped[Member] = relationship(back_populates="memberships")


class Meeting(Timestamped, Base):
    __tablename__ = "meetings"
    __table_args__ = (
        CheckConstraint("status IN ('planned', 'published', 'held', 'cancelled')", name="status"),
        CheckConstraint("end_time IS NULL OR end_time > start_time", name="times"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    # The calendar UID: stored once, never regenerated, whatever happens to the meeting.
    uid: Mapped[str] = mapped_column(String(100), unique=True)
    committee_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("committees.id"), index=True)
    date: Mapped[date]
    start_time: Mapped[time]
    end_time: Mapped[time | None]
    # Which occurrence a local time that happens twice (autumn's 02:30) means: 0 the first
    # (summer time), 1 the second (PEP 495 fold); see shared/localtime.py.
    start_fold: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    end_fold: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    place: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(20), default="planned")
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    agenda_version: Mapped[int] = mapped_column(Integer, default=0)
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    # Learnt from the decisions service's events: the latest approved version of the minutes.
    minutes_version: Mapped[int | None] = mapped_column(Integer)
    minutes_approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # 'approved', or 'correcting' while approved minutes are being corrected (from the same events).
    minutes_state: Mapped[str | None] = mapped_column(String(20))

    committee: Mapped[Committee] = relationship()
    entries: Mapped[list[AgendaEntry]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="AgendaEntry.position"
    )


class Item(Timestamped, Base):
    """A dagsordenspunkt's content; placed on one meeting, or several for a shared item."""

    __tablename__ = "items"
    __table_args__ = (CheckConstraint("kind IN ('case', 'standing')", name="kind"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    municipality_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("municipalities.id"), index=True)
    owner_committee_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("committees.id"))
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20), default="case")
    case_number: Mapped[str | None] = mapped_column(String(40))
    closed: Mapped[bool] = mapped_column(Boolean, default=False)
    sections: Mapped[dict] = mapped_column(JSON, default=dict)
    recommendation: Mapped[dict | None] = mapped_column(JSON)
    # Attachments named without a file (e.g. a paper handed out at the meeting).
    attachments: Mapped[list] = mapped_column(JSON, default=list)

    owner_committee: Mapped[Committee] = relationship()
    entries: Mapped[list[AgendaEntry]] = relationship(back_populates="item", cascade="all, delete-orphan")
    files: Mapped[list[AttachmentFile]] = relationship(
        back_populates="item", cascade="all, delete-orphan", order_by="AttachmentFile.uploaded_at"
    )


class AttachmentFile(Base):
    """A bilag uploaded to an item: public with the item once its agenda is published,
    unless the item is closed."""

    __tablename__ = "attachment_files"
    __table_args__ = (UniqueConstraint("item_id", "filename", name="uq_attachment_files_item_filename"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    item_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    # Listings need only name and size; the bytes are read when someone downloads them.
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    uploaded_by: Mapped[uuid.UUID | None]

    item: Mapped[Item] = relationship(back_populates="files")


class AgendaEntry(Base):
    """An item's place on one meeting's agenda."""

    __tablename__ = "agenda_entries"
    __table_args__ = (UniqueConstraint("meeting_id", "item_id", name="uq_agenda_entries_meeting_item"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("meetings.id"), index=True)
    item_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("items.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)

    meeting: Mapped[Meeting] = relationship(back_populates="entries")
    item: Mapped[Item] = relationship(back_populates="entries")


class AgendaVersion(Base):
    """A published agenda, frozen: what members and the public were shown."""

    __tablename__ = "agenda_versions"
    __table_args__ = (UniqueConstraint("meeting_id", "version", name="uq_agenda_versions_meeting_version"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("meetings.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime())
    published_by: Mapped[uuid.UUID | None]
    snapshot: Mapped[dict] = mapped_column(JSON)


class User(Timestamped, Base):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("role IN ('admin', 'secretary', 'member')", name="role"),
        CheckConstraint("role = 'admin' OR municipality_id IS NOT NULL", name="tenant"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    # None until the user has set a password through a one-time link.
    password_hash: Mapped[str | None] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(20))
    municipality_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("municipalities.id"))
    member_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("members.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Raised at logout, deactivation, role change and a new password: every login session
    # carries the number it was made with, and one with an older number is refused.
    session_generation: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    municipality: Mapped[Municipality | None] = relationship()

    @property
    def has_password(self) -> bool:
        return self.password_hash is not None


class PasswordLink(Base):
    """A one-time link to set a password: only a digest is stored, like API tokens."""

    __tablename__ = "password_links"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by: Mapped[uuid.UUID | None]
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship()


class ApiToken(Base):
    __tablename__ = "api_tokens"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    # Only a digest is stored: a leaked database does not leak usable tokens.
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship()


class AwardRoundCopy(Base):
    """A virksomhedspris round as the awards service announced it: while it is open, the
    deciding committee's members score its candidates (their start page says so)."""

    __tablename__ = "award_round_copies"
    __table_args__ = (CheckConstraint("state IN ('open', 'closed')", name="state"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    committee_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("committees.id", ondelete="CASCADE"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime())
    state: Mapped[str] = mapped_column(String(20), default="open")
