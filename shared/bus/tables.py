"""The outbox, inbox, dead-letter and worker-heartbeat tables every service keeps in its own
database."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import (
    DDL,
    JSON,
    BigInteger,
    Column,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    event,
)

from shared.db.types import UTCDateTime

# SQLite only auto-increments INTEGER PRIMARY KEY; PostgreSQL wants a bigint.
_BigId = BigInteger().with_variant(Integer(), "sqlite")


@dataclass(frozen=True)
class BusTables:
    outbox: Table
    inbox: Table
    dead_letters: Table
    worker_heartbeats: Table


# PostgreSQL tells listeners on this channel when a transaction that wrote outbox rows
# commits (NOTIFY is delivered at commit, once per transaction), in whichever process.
OUTBOX_CHANNEL = "udvalg_outbox"
OUTBOX_NOTIFY_FUNCTION = f"""
CREATE OR REPLACE FUNCTION udvalg_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('{OUTBOX_CHANNEL}', '');
    RETURN NULL;
END $$
"""
OUTBOX_NOTIFY_TRIGGER = (
    "CREATE TRIGGER outbox_notify AFTER INSERT ON outbox "
    "FOR EACH STATEMENT EXECUTE FUNCTION udvalg_outbox_notify()"
)
DROP_OUTBOX_NOTIFY = (
    "DROP TRIGGER IF EXISTS outbox_notify ON outbox",
    "DROP FUNCTION IF EXISTS udvalg_outbox_notify()",
)


def define_bus_tables(metadata: MetaData) -> BusTables:
    outbox = Table(
        "outbox",
        metadata,
        Column("id", _BigId, primary_key=True, autoincrement=True),
        Column("event_id", String(64), nullable=False, unique=True),
        Column("event_type", String(200), nullable=False),
        Column("envelope", JSON, nullable=False),
        Column("created_at", UTCDateTime(), nullable=False),
        Column("published_at", UTCDateTime(), nullable=True),
        Column("attempts", Integer, nullable=False, default=0),
        Column("last_error", Text, nullable=True),
        Index("ix_outbox_unpublished", "id", postgresql_where="published_at IS NULL"),
    )
    inbox = Table(
        "inbox",
        metadata,
        Column("consumer", String(100), nullable=False),
        Column("event_id", String(64), nullable=False),
        Column("event_type", String(200), nullable=False),
        Column("handled_at", UTCDateTime(), nullable=False),
        PrimaryKeyConstraint("consumer", "event_id", name="pk_inbox"),
    )
    # Used by the embedded transport; with RabbitMQ the dead-letter queue holds them instead.
    dead_letters = Table(
        "dead_letters",
        metadata,
        Column("id", _BigId, primary_key=True, autoincrement=True),
        Column("consumer", String(100), nullable=False),
        Column("event_id", String(64), nullable=False),
        Column("envelope", JSON, nullable=False),
        Column("error", Text, nullable=False),
        Column("attempts", Integer, nullable=False),
        Column("created_at", UTCDateTime(), nullable=False),
        Column("replayed_at", UTCDateTime(), nullable=True),
    )
    # Each worker process (and the embedded system) reports here every few seconds, so that
    # the web processes' readiness can tell whether events move.
    worker_heartbeats = Table(
        "worker_heartbeats",
        metadata,
        Column("worker", String(200), primary_key=True),
        Column("started_at", UTCDateTime(), nullable=False),
        Column("beat_at", UTCDateTime(), nullable=False),
        # Set while the worker has no working broker connection; NULL when all is well.
        Column("broker_lost_since", UTCDateTime(), nullable=True),
        Column("broker_error", Text, nullable=True),
    )
    # Tables made without migrations (tests) get the notification too; migrations add it
    # themselves.
    for statement in (OUTBOX_NOTIFY_FUNCTION, OUTBOX_NOTIFY_TRIGGER):
        event.listen(outbox, "after_create", DDL(statement).execute_if(dialect="postgresql"))
    return BusTables(outbox=outbox, inbox=inbox, dead_letters=dead_letters, worker_heartbeats=worker_heartbeats)
