"""Whether a service's events move: what its worker reports and what readiness concludes.

The worker (relay and consumer) keeps a BrokerStatus and writes it, with a heartbeat, into
the service's own database every few seconds; the web processes cannot see the worker's
memory, but they can read that row and the outbox. Readiness fails when the oldest
unpublished event is older than a limit, when no worker has reported lately, or when a
worker reports that it lost its broker.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Engine, delete, insert, select, update

from shared.bus.tables import BusTables
from shared.db.types import utcnow
from shared.log import get_logger

log = get_logger(__name__)

HEARTBEAT_SECONDS = 5.0


def worker_name() -> str:
    """This process, as its heartbeat row names it: host (the pod or container) and pid."""
    return f"{socket.gethostname()}:{os.getpid()}"


@dataclass
class BrokerStatus:
    """The broker as the parts of one worker (relay, consumer) last found it. A part that
    reports a failure stays lost until it reports success again."""

    _lost: dict[str, tuple[datetime, str]] = field(default_factory=dict)
    _loops: dict[str, tuple[float, float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def ok(self, part: str) -> None:
        with self._lock:
            if self._lost.pop(part, None) is not None:
                log.info("broker.regained", part=part)

    def lost(self, part: str, error: str) -> None:
        with self._lock:
            since = self._lost.get(part, (utcnow(), ""))[0]
            self._lost[part] = (since, error[:1000])

    def looping(self, part: str, stalled_after: float) -> None:
        """A part's loop went round; if it does not again within `stalled_after` seconds,
        it counts as stuck (a wait that should have been bounded was not)."""
        with self._lock:
            self._loops[part] = (time.monotonic(), stalled_after)

    def lost_since(self) -> tuple[datetime, str] | None:
        """When the broker was first found lost, and why; None when every part is fine."""
        with self._lock:
            problems = dict(self._lost)
            now = time.monotonic()
            for part, (at, allowed) in self._loops.items():
                if now - at > allowed:
                    problems.setdefault(part, (utcnow() - timedelta(seconds=now - at),
                                               f"{part} has not gone round for {now - at:.0f} s"))
        if not problems:
            return None
        since = min(at for at, _ in problems.values())
        return since, "; ".join(f"{part}: {error}" for part, (_, error) in sorted(problems.items()))


class Heartbeat:
    """Writes this worker's row every few seconds until stopped; removes it at the end."""

    def __init__(self, engine: Engine, tables: BusTables, status: BrokerStatus,
                 interval: float = HEARTBEAT_SECONDS, name: str | None = None) -> None:
        self._engine = engine
        self._table = tables.worker_heartbeats
        self._status = status
        self._interval = interval
        self.name = name or worker_name()
        self._started_at = utcnow()

    def beat(self) -> None:
        lost = self._status.lost_since()
        values = {
            "beat_at": utcnow(),
            "broker_lost_since": lost[0] if lost else None,
            "broker_error": lost[1] if lost else None,
        }
        table = self._table
        with self._engine.begin() as conn:
            updated = conn.execute(update(table).where(table.c.worker == self.name).values(**values)).rowcount
            if not updated:
                conn.execute(insert(table).values(worker=self.name, started_at=self._started_at, **values))

    def run(self, stop: threading.Event) -> None:
        with self._engine.begin() as conn:
            # Rows of workers that were killed and never came back.
            conn.execute(delete(self._table).where(self._table.c.beat_at < utcnow() - timedelta(days=1)))
        while not stop.is_set():
            try:
                self.beat()
            except Exception as exc:  # noqa: BLE001 - the database may be away; try again
                log.warning("heartbeat.failed", error=repr(exc))
            stop.wait(self._interval)
        try:
            with self._engine.begin() as conn:
                conn.execute(delete(self._table).where(self._table.c.worker == self.name))
        except Exception as exc:  # noqa: BLE001
            log.warning("heartbeat.not_removed", error=repr(exc))

    def start(self, stop: threading.Event) -> threading.Thread:
        thread = threading.Thread(target=self.run, args=(stop,), name="heartbeat", daemon=True)
        thread.start()
        return thread


@dataclass(frozen=True)
class Readiness:
    problems: list[str]
    checks: dict

    @property
    def ready(self) -> bool:
        return not self.problems


def check_readiness(engine: Engine, tables: BusTables, *, max_outbox_age: float,
                    max_worker_silence: float) -> Readiness:
    """Whether the service's events move, with Danish explanations of what does not."""
    now = utcnow()
    outbox, beats = tables.outbox, tables.worker_heartbeats
    with engine.connect() as conn:
        oldest = conn.scalar(select(outbox.c.created_at).where(outbox.c.published_at.is_(None))
                             .order_by(outbox.c.id).limit(1))
        workers = conn.execute(select(beats).where(beats.c.beat_at >= now - timedelta(seconds=max_worker_silence))
                               .order_by(beats.c.worker)).all()
    problems = []
    age = (now - oldest).total_seconds() if oldest else 0.0
    if age > max_outbox_age:
        problems.append(f"Hændelser når ikke frem: den ældste hændelse, der ikke er sendt videre, "
                        f"er {age:.0f} sekunder gammel (grænsen er {max_outbox_age:.0f} sekunder).")
    if not workers:
        problems.append(f"Tjenestens worker har ikke meldt sig i de seneste {max_worker_silence:.0f} sekunder.")
    for worker in workers:
        if worker.broker_lost_since is not None:
            lost_for = (now - worker.broker_lost_since).total_seconds()
            problems.append(f"Tjenestens worker ({worker.worker}) har ikke haft forbindelse til RabbitMQ "
                            f"i {lost_for:.0f} sekunder: {worker.broker_error}")
    checks = {
        "oldest_unpublished_seconds": round(age, 1),
        "max_outbox_age_seconds": max_outbox_age,
        "workers": [{"worker": w.worker, "seconds_since_heartbeat": round((now - w.beat_at).total_seconds(), 1),
                     "broker": "lost" if w.broker_lost_since is not None else "ok"} for w in workers],
    }
    return Readiness(problems=problems, checks=checks)
