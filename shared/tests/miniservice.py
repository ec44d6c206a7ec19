"""A tiny service for the bus tests: the bus tables plus two tables of its own, on a real database.

`meetings` stands for a business table a unit of work changes; `received` records every
event a handler saw (deliberately without a unique key, so a duplicate would show).
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable

from sqlalchemy import BigInteger, Column, MetaData, String, Table, func, insert, select

from shared.bus.consumer import EventConsumer, Handler
from shared.bus.relay import OutboxRelay, Publisher
from shared.bus.tables import define_bus_tables
from shared.db.engine import make_engine, make_session_factory
from shared.db.types import UTCDateTime, utcnow
from shared.db.uow import UnitOfWork
from shared.events import Envelope
from shared.tests.factories import MEETING_SCHEDULED, meeting_scheduled_data

SOURCE = "/udvalg/agenda"  # the owner of the agenda.* events the tests use


def unique_name(prefix: str = "test") -> str:
    """A consumer name no other test (or test run on the same vhost) uses."""
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


class MiniService:
    def __init__(self, database_url: str) -> None:
        self.metadata = MetaData()
        self.bus = define_bus_tables(self.metadata)
        self.meetings = Table(
            "meetings",
            self.metadata,
            Column("id", String(36), primary_key=True),
            Column("place", String(200), nullable=False),
        )
        self.received = Table(
            "received",
            self.metadata,
            Column("id", BigInteger, primary_key=True, autoincrement=True),
            Column("consumer", String(100), nullable=False),
            Column("event_id", String(64), nullable=False),
            Column("meeting_id", String(36), nullable=False),
            Column("received_at", UTCDateTime(), nullable=False),
        )
        self.engine = make_engine(database_url)
        self.metadata.create_all(self.engine)
        self.session_factory = make_session_factory(self.engine)
        self.relay_wakeup = threading.Event()

    # -- producing -------------------------------------------------------------------------

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.session_factory, self.bus, source=SOURCE, after_commit=self.relay_wakeup.set)

    def schedule_meeting(self, uow: UnitOfWork, place: str = "Rådhuset") -> str:
        """The business change and its event, in the caller's unit of work; returns the event id."""
        data = meeting_scheduled_data(place=place)
        meeting_id = str(data["meeting"]["id"])
        uow.session.execute(insert(self.meetings).values(id=meeting_id, place=place))
        return uow.publish(MEETING_SCHEDULED, data, subject=f"meeting/{meeting_id}")

    def commit_meeting_scheduled(self) -> str:
        with self.uow() as uow:
            event_id = self.schedule_meeting(uow)
            uow.commit()
        return event_id

    def relay(self, publisher: Publisher, **kwargs) -> OutboxRelay:
        kwargs.setdefault("wakeup", self.relay_wakeup)
        return OutboxRelay(self.engine, self.bus, publisher, **kwargs)

    # -- consuming -------------------------------------------------------------------------

    def record(self, uow: UnitOfWork, event: Envelope, consumer: str = "") -> None:
        uow.session.execute(
            insert(self.received).values(
                consumer=consumer,
                event_id=event.id,
                meeting_id=str(event.data["meeting"]["id"]),
                received_at=utcnow(),
            )
        )

    def consumer(
        self,
        name: str | None = None,
        handler: Handler | None = None,
        consumer_class: Callable[..., EventConsumer] = EventConsumer,
    ) -> EventConsumer:
        name = name or unique_name()

        def default_handler(uow: UnitOfWork, event: Envelope) -> None:
            self.record(uow, event, consumer=name)

        return consumer_class(name, self.uow, {MEETING_SCHEDULED: handler or default_handler})

    # -- looking -----------------------------------------------------------------------------

    def received_event_ids(self) -> list[str]:
        with self.engine.connect() as conn:
            return list(conn.scalars(select(self.received.c.event_id).order_by(self.received.c.id)))

    def count(self, table: Table) -> int:
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(table)).scalar_one()

    def outbox_rows(self) -> list:
        outbox = self.bus.outbox
        with self.engine.connect() as conn:
            return list(conn.execute(select(outbox).order_by(outbox.c.id)).all())

    def outbox_row(self, event_id: str):
        outbox = self.bus.outbox
        with self.engine.connect() as conn:
            return conn.execute(select(outbox).where(outbox.c.event_id == event_id)).one()

    def inbox_rows(self) -> list:
        inbox = self.bus.inbox
        with self.engine.connect() as conn:
            return list(conn.execute(select(inbox).order_by(inbox.c.event_id)).all())

    def dead_letter_rows(self) -> list:
        dead = self.bus.dead_letters
        with self.engine.connect() as conn:
            return list(conn.execute(select(dead).order_by(dead.c.id)).all())

    def dispose(self) -> None:
        self.engine.dispose()
