"""Who did what, and when: a service's own record of what happened to its meetings or
rounds, for the secretariat.

A row is written in the same transaction as what it reports: by the unit of work when it
publishes one of the service's own events, by the consumer for an event the service
learnt from another (the decisions service's decision on a meeting the agenda service
shows), or by an operation that emits no event (a nomination rejected). Each service
says which events concern it with a HistoryBook: event type -> a function that names the
subject and says in Danish what happened. The actor is the event's (shared.actor).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    insert,
    select,
)
from sqlalchemy.orm import Session

from shared.actor import Actor, current_actor
from shared.db.metadata import service_metadata
from shared.db.types import UTCDateTime, utcnow

# (session, the event's data) -> (the subject's id, what happened in Danish), or None
# when this event says nothing about a subject the service shows a history of.
Describer = Callable[[Session, dict[str, Any]], tuple[uuid.UUID | str, str] | None]

_BigId = BigInteger().with_variant(Integer(), "sqlite")


def define_history_table(metadata: MetaData) -> Table:
    return Table(
        "history",
        metadata,
        Column("id", _BigId, primary_key=True, autoincrement=True),
        Column("subject_id", String(36), nullable=False),
        # The event that reported it, when there was one (unique: a redelivery adds nothing).
        Column("event_id", String(64), nullable=True, unique=True),
        Column("occurred_at", UTCDateTime(), nullable=False),
        Column("actor_id", String(64), nullable=True),
        Column("actor_name", String(200), nullable=False),
        Column("action", Text, nullable=False),
        Index("ix_history_subject", "subject_id", "occurred_at"),
    )


@dataclass(frozen=True)
class HistoryEntry:
    occurred_at: datetime
    actor_name: str
    actor_id: str | None
    action: str


@dataclass(frozen=True)
class HistoryBook:
    table: Table
    describers: Mapping[str, Describer]

    def record_event(self, session: Session, event_id: str, event_type: str, data: dict[str, Any],
                     occurred_at: datetime, actor: Actor) -> None:
        describe = self.describers.get(event_type)
        described = describe(session, data) if describe else None
        if described is not None:
            subject_id, action = described
            self._insert(session, subject_id, action, actor, occurred_at, event_id)

    def record(self, session: Session, subject_id: uuid.UUID | str, action: str) -> None:
        """Something that emits no event, done by the bound actor now."""
        self._insert(session, subject_id, action, current_actor(), utcnow(), None)

    def _insert(self, session: Session, subject_id, action: str, actor: Actor, occurred_at: datetime,
                event_id: str | None) -> None:
        session.execute(insert(self.table).values(
            subject_id=str(subject_id), event_id=event_id, occurred_at=occurred_at, actor_id=actor.id,
            actor_name=actor.name, action=action))

    def of(self, session: Session, subject_id: uuid.UUID | str) -> list[HistoryEntry]:
        """The subject's history, newest first."""
        rows = session.execute(select(self.table).where(self.table.c.subject_id == str(subject_id))
                               .order_by(self.table.c.occurred_at.desc(), self.table.c.id.desc()))
        return [HistoryEntry(row.occurred_at, row.actor_name, row.actor_id, row.action) for row in rows]


def create_history_table() -> None:
    """For each service's Alembic migration that adds the history."""
    from alembic import op

    define_history_table(service_metadata()).create(op.get_bind())


def drop_history_table() -> None:
    from alembic import op

    op.drop_table("history")
