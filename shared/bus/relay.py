"""Moves committed outbox rows to the broker, oldest first, without ever skipping one.

Rows are locked with FOR UPDATE SKIP LOCKED (several relays may run) rather than read
"after the last id seen": ids can commit out of order, and a late commit would be
skipped for ever. A row is marked published only after the broker confirmed it.
"""

from __future__ import annotations

import threading
from typing import Protocol

from sqlalchemy import Engine, select, update

from shared.bus.tables import BusTables
from shared.db.types import utcnow
from shared.log import get_logger

log = get_logger(__name__)


class Publisher(Protocol):
    def publish(self, envelope: dict, routing_key: str) -> None:
        """Return only once the event is safely handed over; raise otherwise."""


class OutboxRelay:
    """Publishes the outbox oldest first. By default the batch's rows stay locked until
    published, so that several relays never share a row. A publisher that hands events
    straight to consumers writing to other databases (the embedded transport) needs
    hold_lock=False: with SQLite's database-wide lock, two services' relays delivering to
    each other would deadlock. It then runs alone on its database."""

    def __init__(
        self,
        engine: Engine,
        tables: BusTables,
        publisher: Publisher,
        *,
        batch_size: int = 100,
        poll_seconds: float = 1.0,
        max_backoff_seconds: float = 30.0,
        wakeup: threading.Event | None = None,
        hold_lock: bool = True,
    ) -> None:
        self._engine = engine
        self._hold_lock = hold_lock
        self._outbox = tables.outbox
        self._publisher = publisher
        self._batch_size = batch_size
        self._poll_seconds = poll_seconds
        self._max_backoff = max_backoff_seconds
        self.wakeup = wakeup or threading.Event()

    def publish_pending(self) -> int:
        """Publish one batch; return how many rows were published. Raises if the broker fails."""
        outbox = self._outbox
        published = 0
        failure: Exception | None = None
        hold_lock = self._hold_lock
        with self._engine.connect() as conn:
            rows = conn.execute(
                select(outbox.c.id, outbox.c.event_type, outbox.c.envelope)
                .where(outbox.c.published_at.is_(None))
                .order_by(outbox.c.id)
                .limit(self._batch_size)
                .with_for_update(skip_locked=True)
            ).all()
            if not hold_lock:
                conn.commit()
            for row in rows:
                try:
                    self._publisher.publish(row.envelope, routing_key=row.event_type)
                except Exception as exc:  # noqa: BLE001 - any broker failure keeps the row
                    failure = exc
                    conn.execute(
                        update(outbox)
                        .where(outbox.c.id == row.id)
                        .values(attempts=outbox.c.attempts + 1, last_error=repr(exc)[:2000])
                    )
                    break
                conn.execute(
                    update(outbox)
                    .where(outbox.c.id == row.id)
                    .values(published_at=utcnow(), attempts=outbox.c.attempts + 1, last_error=None)
                )
                published += 1
                if not hold_lock:
                    conn.commit()
            conn.commit()
        if failure is not None:
            raise failure
        return published

    def run(self, stop: threading.Event) -> None:
        """Publish until `stop` is set, backing off while the broker is away."""
        backoff = 0.0
        while not stop.is_set():
            try:
                count = self.publish_pending()
            except Exception as exc:  # noqa: BLE001
                backoff = min(self._max_backoff, max(0.5, backoff * 2))
                log.warning("relay.publish_failed", error=repr(exc), retry_in=backoff)
                stop.wait(backoff)
                continue
            backoff = 0.0
            if count:
                log.info("relay.published", count=count)
            if count < self._batch_size:
                self.wakeup.wait(self._poll_seconds)
                self.wakeup.clear()
