"""Moves committed outbox rows to the broker, oldest first, without ever skipping one.

Rows are locked with FOR UPDATE SKIP LOCKED (several relays may run) rather than read
"after the last id seen": ids can commit out of order, and a late commit would be
skipped for ever. A batch is handed to the publisher at once; the rows the broker
confirmed are marked published in one statement, never before its confirm, and the rest
(nacked, timed out, connection lost) stay for the next round. The publisher's waits are
bounded, so the transaction holding the rows' locks is too.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import Engine, select, update

from shared.bus.tables import BusTables
from shared.db.types import utcnow
from shared.log import get_logger

log = get_logger(__name__)


@dataclass(frozen=True)
class BatchResult:
    """Which messages of a batch (by index) were safely handed over; `error` says why the
    others were not (a nack, a timeout, a lost connection)."""

    confirmed: list[int]
    error: Exception | None = None


class Publisher(Protocol):
    def publish_batch(self, messages: Sequence[tuple[dict, str]]) -> BatchResult:
        """Hand over (envelope, routing key) pairs; say which were safely taken."""

    def keepalive(self) -> None:
        """Called while the relay is idle (keep the connection alive, notice a dead one)."""


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
        """Publish one batch; return how many rows were published. Raises if the broker
        took none of them or refused some."""
        outbox = self._outbox
        with self._engine.connect() as conn:
            rows = conn.execute(
                select(outbox.c.id, outbox.c.event_type, outbox.c.envelope)
                .where(outbox.c.published_at.is_(None))
                .order_by(outbox.c.id)
                .limit(self._batch_size)
                .with_for_update(skip_locked=True)
            ).all()
            if not rows:
                conn.commit()
                return 0
            if not self._hold_lock:
                conn.commit()
            result = self._publisher.publish_batch([(row.envelope, row.event_type) for row in rows])
            confirmed = [rows[index].id for index in result.confirmed]
            if confirmed:
                conn.execute(
                    update(outbox)
                    .where(outbox.c.id.in_(confirmed))
                    .values(published_at=utcnow(), attempts=outbox.c.attempts + 1, last_error=None)
                )
            if result.error is not None:
                left = [row.id for row in rows if row.id not in set(confirmed)]
                conn.execute(
                    update(outbox)
                    .where(outbox.c.id.in_(left))
                    .values(attempts=outbox.c.attempts + 1, last_error=repr(result.error)[:2000])
                )
            conn.commit()
        if result.error is not None:
            raise result.error
        return len(confirmed)

    def run(self, stop: threading.Event) -> None:
        """Publish until `stop` is set, backing off while the broker is away."""
        backoff = 0.0
        while not stop.is_set():
            self.wakeup.clear()
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
            if count < self._batch_size and not self.wakeup.wait(self._poll_seconds):
                self._publisher.keepalive()
