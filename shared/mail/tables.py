"""The mail outbox every service that sends e-mail keeps in its own database."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    text,
)

from shared.db.types import UTCDateTime

# SQLite only auto-increments INTEGER PRIMARY KEY; PostgreSQL wants a bigint.
_BigId = BigInteger().with_variant(Integer(), "sqlite")

PENDING = "sent_at IS NULL AND rejected_at IS NULL"


@dataclass(frozen=True)
class MailTables:
    outbox: Table


def define_mail_tables(metadata: MetaData) -> MailTables:
    outbox = Table(
        "mail_outbox",
        metadata,
        Column("id", _BigId, primary_key=True, autoincrement=True),
        # What makes a mail the same mail (e.g. "<event id>:<member id>"): enqueueing it
        # again adds nothing.
        Column("key", String(200), nullable=False, unique=True),
        Column("kind", String(60), nullable=False),
        Column("recipient", String(254), nullable=False),
        Column("subject", String(300), nullable=False),
        # The whole RFC 5322 message as it is to be sent, built when the row was written;
        # empty for a draft (below) and once the message is sent or refused.
        Column("message", LargeBinary, nullable=False),
        # What a letter composed when it is sent is made of (shared/mail/drafts.py):
        # its Message-ID and its kind's data. Dropped with the message.
        Column("draft", JSON, nullable=True),
        # Who may see the row's fate (e.g. a municipality's id for its secretariat), and
        # whom or what it is about (a member's id, a nomination's id): for the pages that
        # show undelivered mail.
        Column("scope", String(100), nullable=True, index=True),
        Column("reference", String(100), nullable=True, index=True),
        Column("created_at", UTCDateTime(), nullable=False),
        Column("next_attempt_at", UTCDateTime(), nullable=False),
        Column("attempts", Integer, nullable=False, default=0),
        Column("last_error", Text, nullable=True),
        Column("sent_at", UTCDateTime(), nullable=True),
        # The server refused the address or the message for good: never tried again.
        Column("rejected_at", UTCDateTime(), nullable=True),
        Index("ix_mail_outbox_pending", "next_attempt_at", "id",
              postgresql_where=text(PENDING), sqlite_where=text(PENDING)),
    )
    return MailTables(outbox=outbox)
