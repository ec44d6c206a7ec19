"""Wakes the relay the moment a transaction that wrote outbox rows commits, in whichever
process: a trigger on the outbox sends a PostgreSQL NOTIFY in that transaction (delivered
at commit, never for a rollback), and the worker LISTENs on its own connection.

Polling stays as the fallback: while this connection is lost (and when a notification is
missed for any reason) the relay still looks every UDVALG_RELAY_POLL_SECONDS.
"""

from __future__ import annotations

import threading

import psycopg
from sqlalchemy import make_url

from shared.bus.tables import OUTBOX_CHANNEL
from shared.log import get_logger

log = get_logger(__name__)


def libpq_url(database_url: str) -> str:
    """A psycopg connection string from the service's database URL (any driver spelling)."""
    return make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)


class OutboxListener:
    def __init__(self, database_url: str, wakeup: threading.Event, *, timeout: float = 10.0) -> None:
        self._conninfo = libpq_url(database_url)
        self._wakeup = wakeup
        self._timeout = timeout

    def run(self, stop: threading.Event) -> None:
        backoff = 0.0
        while not stop.is_set():
            try:
                self._listen(stop)
            except psycopg.Error as exc:
                backoff = min(30.0, max(1.0, backoff * 2))
                log.warning("outbox_listener.lost", error=repr(exc), retry_in=backoff)
                stop.wait(backoff)
            else:
                backoff = 0.0

    def _listen(self, stop: threading.Event) -> None:
        # Keepalives notice a connection whose other end went silent.
        with psycopg.connect(self._conninfo, autocommit=True, connect_timeout=max(1, round(self._timeout)),
                             keepalives=1, keepalives_idle=max(1, round(self._timeout)),
                             keepalives_interval=max(1, round(self._timeout / 3)), keepalives_count=3) as conn:
            conn.execute(f"LISTEN {OUTBOX_CHANNEL}")
            log.info("outbox_listener.listening", channel=OUTBOX_CHANNEL)
            # Whatever committed before LISTEN took effect is not announced: look once now.
            self._wakeup.set()
            while not stop.is_set():
                for _ in conn.notifies(timeout=1.0):
                    self._wakeup.set()

    def start(self, stop: threading.Event) -> threading.Thread:
        thread = threading.Thread(target=self.run, args=(stop,), name="outbox-listener", daemon=True)
        thread.start()
        return thread
