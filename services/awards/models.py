"""The awards service's tables. The `*Copy` tables mirror what the agenda service's events said."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from shared.auth.account_copies import define_account_copies
from shared.bus.tables import define_bus_tables
from shared.db.metadata import service_metadata
from shared.db.types import UTCDateTime, utcnow
from shared.history import define_history_table
from shared.mail.tables import define_mail_tables


class Base(DeclarativeBase):
    metadata = service_metadata()


bus_tables = define_bus_tables(Base.metadata)
history_table = define_history_table(Base.metadata)
# Which login sessions hold, as the agenda service's account events said.
account_copies = define_account_copies(Base.metadata)
# The nominators' receipts go out from here (shared/mail).
mail_tables = define_mail_tables(Base.metadata)


class MunicipalityCopy(Base):
    """The municipalities the award can run in, as the agenda service announced them."""

    __tablename__ = "municipality_copies"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(60))
    # A case number in the municipality's own format, shown as the example in hints.
    case_number_example: Mapped[str] = mapped_column(String(40), default="", server_default="")


class CommitteeCopy(Base):
    """A committee as the agenda service last described it: it decides, its members score."""

    __tablename__ = "committee_copies"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    municipality_id: Mapped[uuid.UUID] = mapped_column(index=True)
    name: Mapped[str] = mapped_column(String(200))
    code: Mapped[str | None] = mapped_column(String(10))
    # Member id, name, party, role and period of each membership.
    members: Mapped[list] = mapped_column(JSON, default=list)


class MeetingCopy(Base):
    """A committee meeting the nominations can be treated at."""

    __tablename__ = "meeting_copies"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    committee_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("committee_copies.id"), index=True)
    date: Mapped[date]
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    place: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(20))
    # The agenda service's updated_at: an older event never overwrites a newer state.
    source_updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    committee: Mapped[CommitteeCopy] = relationship()


class AwardRound(Base):
    """One year's virksomhedspris in one municipality."""

    __tablename__ = "award_rounds"
    __table_args__ = (
        UniqueConstraint("municipality_id", "year", name="uq_award_rounds_municipality_year"),
        CheckConstraint("state IN ('open', 'closed', 'decided')", name="state"),
        CheckConstraint("closes_at > opens_at", name="window"),
        CheckConstraint("prize_amount >= 0", name="prize"),
        CheckConstraint("shortlist_size BETWEEN 1 AND 20", name="shortlist_size"),
        # Only one round per municipality takes nominations or awaits closing at a time.
        Index("uq_award_rounds_one_open", "municipality_id", unique=True,
              postgresql_where=text("state = 'open'"), sqlite_where=text("state = 'open'")),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    municipality_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("municipality_copies.id"))
    committee_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("committee_copies.id"))
    year: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    criteria: Mapped[list] = mapped_column(JSON)
    prize_amount: Mapped[int] = mapped_column(Integer)
    # [{"label": "Kunstværk af lokal kunstner", "amount": 5000}, ...], whole kroner.
    budget_lines: Mapped[list] = mapped_column(JSON, default=list)
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime())
    case_number: Mapped[str | None] = mapped_column(String(40))
    meeting_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("meeting_copies.id"))
    ceremony_on: Mapped[date | None]
    ceremony_time: Mapped[time | None]
    ceremony_place: Mapped[str | None] = mapped_column(String(300))
    shortlist_size: Mapped[int] = mapped_column(Integer, default=5)
    state: Mapped[str] = mapped_column(String(20), default="open")
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Chosen when the round is closed; the agenda service gives its item this id.
    agenda_item_id: Mapped[uuid.UUID | None] = mapped_column(unique=True)
    # The winning candidate (a nomination of this round). No foreign key: rounds and
    # nominations would then reference each other, which SQLite cannot migrate.
    winner_id: Mapped[uuid.UUID | None]
    winner_reason: Mapped[str | None] = mapped_column(Text)
    decided_on: Mapped[date | None]
    # When the committee's latest decision on the round's item was recorded: an older
    # decision arriving late never overturns a newer one.
    decision_recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    personal_data_deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    municipality: Mapped[MunicipalityCopy] = relationship()
    committee: Mapped[CommitteeCopy] = relationship()
    meeting: Mapped[MeetingCopy | None] = relationship()


class Nomination(Base):
    """A citizen's or employee's nomination of a company. The nominator's name, e-mail,
    phone and attachment are personal data: never public, deleted after the round."""

    __tablename__ = "nominations"
    __table_args__ = (
        CheckConstraint("status IN ('received', 'invalid')", name="status"),
        CheckConstraint("status = 'received' OR invalid_reason IS NOT NULL", name="invalid_reason"),
        Index("ix_nominations_round_cvr", "round_id", "cvr"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    round_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("award_rounds.id"), index=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    # The id the form carried: a second submission of the same form is the same nomination.
    submission_id: Mapped[uuid.UUID] = mapped_column(unique=True)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    company_name: Mapped[str] = mapped_column(String(200))
    cvr: Mapped[str] = mapped_column(String(8))
    company_address: Mapped[str] = mapped_column(String(300))
    # One text per criterion of the round, in the round's order ("" where none was given).
    reasons: Mapped[list] = mapped_column(JSON)
    nominator_name: Mapped[str | None] = mapped_column(String(200))
    nominator_email: Mapped[str | None] = mapped_column(String(254), index=True)
    nominator_phone: Mapped[str | None] = mapped_column(String(30))
    consent_text: Mapped[str] = mapped_column(Text)
    attachment_name: Mapped[str | None] = mapped_column(String(200))
    attachment_type: Mapped[str | None] = mapped_column(String(100))
    # Loaded only when asked for: lists and searches do not need the file.
    attachment: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    status: Mapped[str] = mapped_column(String(20), default="received")
    invalid_reason: Mapped[str | None] = mapped_column(Text)
    merged_into_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("nominations.id"))
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    round: Mapped[AwardRound] = relationship(foreign_keys=[round_id])
    merged_into: Mapped[Nomination | None] = relationship(remote_side=[id], foreign_keys=[merged_into_id])

    @property
    def valid(self) -> bool:
        return self.status == "received"


class Score(Base):
    """A committee member's score of a candidate on one criterion."""

    __tablename__ = "scores"
    __table_args__ = (
        UniqueConstraint("candidate_id", "member_id", "criterion", name="uq_scores_candidate_member_criterion"),
        CheckConstraint("value BETWEEN 0 AND 5", name="value"),
        CheckConstraint("criterion >= 0", name="criterion"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    candidate_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("nominations.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[uuid.UUID]
    criterion: Mapped[int] = mapped_column(Integer)
    value: Mapped[int] = mapped_column(Integer)
    scored_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
