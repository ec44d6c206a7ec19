"""Schema changes of the bus tables, one function per change, called by every service's
Alembic revision that makes it. Once released, a function here never changes: a later
change is a new function (and a new revision in each service)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from shared.bus.tables import DROP_OUTBOX_NOTIFY, OUTBOX_NOTIFY_FUNCTION, OUTBOX_NOTIFY_TRIGGER
from shared.db.types import UTCDateTime


def add_worker_heartbeats_and_outbox_notify() -> None:
    op.create_table(
        "worker_heartbeats",
        sa.Column("worker", sa.String(length=200), nullable=False),
        sa.Column("started_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("beat_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("broker_lost_since", UTCDateTime(timezone=True), nullable=True),
        sa.Column("broker_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("worker", name=op.f("pk_worker_heartbeats")),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(OUTBOX_NOTIFY_FUNCTION)
        op.execute(OUTBOX_NOTIFY_TRIGGER)


def drop_worker_heartbeats_and_outbox_notify() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in DROP_OUTBOX_NOTIFY:
            op.execute(statement)
    op.drop_table("worker_heartbeats")
