"""The calendar tables: årshjul entries, dialogue themes and members' feed tokens.

They live on the agenda service's Base (one database, one migration history) but in a
module of their own, so services/agenda/models.py stays as it is.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from services.agenda.calendar.domain.wheel import KIND_NAMES
from services.agenda.models import Base, Committee, Item, Meeting, Member, Timestamped
from shared.db.types import UTCDateTime, utcnow

ENTRY_KINDS = tuple(KIND_NAMES)
ENTRY_STATUSES = ("planned", "cancelled")


def _quoted(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{value}'" for value in values)


class WheelEntry(Timestamped, Base):
    """One thing on a committee's årshjul: a meeting, a dialogue meeting, a deadline, a
    milestone or an event, on a date or just in a month."""

    __tablename__ = "wheel_entries"
    __table_args__ = (
        CheckConstraint(f"kind IN ({_quoted(ENTRY_KINDS)})", name="kind"),
        CheckConstraint(f"status IN ({_quoted(ENTRY_STATUSES)})", name="status"),
        CheckConstraint("month BETWEEN 1 AND 12", name="month"),
        CheckConstraint("start_time IS NULL OR date IS NOT NULL", name="time_needs_date"),
        CheckConstraint("end_time IS NULL OR (start_time IS NOT NULL AND end_time > start_time)", name="times"),
        Index("ix_wheel_entries_committee_year", "committee_id", "year"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    # The calendar UID: stored once, never regenerated (as a meeting's).
    uid: Mapped[str] = mapped_column(String(100), unique=True, default=lambda: f"{uuid.uuid4()}@udvalg")
    committee_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("committees.id"))
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    date: Mapped[date | None]
    start_time: Mapped[time | None]
    end_time: Mapped[time | None]
    # As a meeting's: which occurrence of a local time that happens twice is meant.
    start_fold: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    end_fold: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    place: Mapped[str | None] = mapped_column(String(300))
    owner: Mapped[str | None] = mapped_column(String(200))
    public: Mapped[bool] = mapped_column(Boolean, default=True)
    # Copied to the next year by the roll-over.
    recurring: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(20), default="planned")
    # Raised on every change of time, place or status, as a meeting's.
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    meeting_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("meetings.id", ondelete="SET NULL"), index=True)
    item_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("items.id", ondelete="SET NULL"))
    # Set when another service owns the entry (e.g. the awards service's ceremony): the
    # key its events are upserted by.
    external_ref: Mapped[str | None] = mapped_column(String(200), unique=True)
    # Deleted entries are kept (and leave the feeds) so that a feed's Last-Modified moves on.
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    committee: Mapped[Committee] = relationship()
    meeting: Mapped[Meeting | None] = relationship()
    item: Mapped[Item | None] = relationship()
    theme: Mapped[DialogueTheme | None] = relationship(back_populates="entry", uselist=False)


class DialogueTheme(Timestamped, Base):
    """The month's dialogtema: what the committee discusses, where, and with whom."""

    __tablename__ = "dialogue_themes"
    __table_args__ = (
        UniqueConstraint("committee_id", "year", "month", name="uq_dialogue_themes_committee_year_month"),
        # One theme per dialogue meeting: the entry's relationship to its theme is one-to-one.
        UniqueConstraint("entry_id", name="uq_dialogue_themes_entry_id"),
        CheckConstraint("month BETWEEN 1 AND 12", name="month"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    committee_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("committees.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    theme: Mapped[str] = mapped_column(String(1000))
    place: Mapped[str | None] = mapped_column(String(300))
    partners: Mapped[list] = mapped_column(JSON, default=list)
    # The dialogue meeting (an årshjul entry of kind dialogue_meeting) the theme is held at.
    entry_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("wheel_entries.id", ondelete="SET NULL"))

    committee: Mapped[Committee] = relationship()
    entry: Mapped[WheelEntry | None] = relationship(back_populates="theme")


class CalendarToken(Base):
    """A member's private feed link. Only the SHA-256 digest of the token is stored; one
    active token per member (a partial unique index), older ones are revoked."""

    __tablename__ = "calendar_tokens"
    __table_args__ = (
        Index(
            "uq_calendar_tokens_active_member",
            "member_id",
            unique=True,
            postgresql_where=text("revoked_at IS NULL"),
            sqlite_where=text("revoked_at IS NULL"),
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    member_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("members.id"), index=True)
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Who revoked it: the member (by rotating) or a secretary.
    revoked_by: Mapped[uuid.UUID | None]

    member: Mapped[Member] = relationship()


class FeedState(Base):
    """When a feed's bytes last changed: its Last-Modified. A feed's body can change while
    no row it shows does (a membership ends, a committee leaves the feed, an entry is
    deleted), so the time is kept here, where every worker process sees the same one."""

    __tablename__ = "feed_states"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    digest: Mapped[str] = mapped_column(String(64))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime())
