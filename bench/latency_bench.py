"""How long an event takes from a write in one service to its effect in another, on the
production path, against the broker's own round trip:

    latency   p95 of: a meeting created through the agenda API (gunicorn, PostgreSQL) is
              committed -> the decisions service's worker has committed its copy of the
              meeting (agenda worker's relay, RabbitMQ, decisions worker), as a ratio to
              the p95 of a raw kombu publish -> consume round trip of a message of the
              same size through the same exchange to a quorum queue on the same broker
              (target: at most 2)

Both ends of the project's span are taken from PostgreSQL notifications that bench-only
triggers send when the agenda's meeting row and the decisions service's copy commit, so
the span is commit to commit, without the HTTP round trip. Writes are made one at a
time, each waiting for its effect. Needs the local PostgreSQL and RabbitMQ (throwaway
databases and vhost are made and dropped).

Run from the repository root:  .venv/bin/python bench/latency_bench.py
"""

from __future__ import annotations

import json
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import harness
import psycopg
from kombu import Connection, Consumer, Producer

from services.agenda.bootstrap import MIGRATIONS as AGENDA_MIGRATIONS
from services.decisions.bootstrap import MIGRATIONS as DECISIONS_MIGRATIONS
from shared.bus.topology import EVENTS_EXCHANGE, consumer_queues, declare
from shared.db.migrate import upgrade_to_head
from shared.events import build_envelope
from shared.tests.factories import MEETING_SCHEDULED, meeting_scheduled_data
from tests.support import servers
from tests.support.production import ProductionPath

PER_ROUND = 10
PROJECT = "udvalg write -> copy"
FLOOR = "kombu publish -> consume"
NOTIFY_TRIGGER = """
CREATE FUNCTION bench_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN PERFORM pg_notify('bench_committed', NEW.id::text); RETURN NULL; END $$;
CREATE TRIGGER bench_notify AFTER INSERT ON {table} FOR EACH ROW EXECUTE FUNCTION bench_notify();
"""


class CommitClock:
    """When each row's transaction committed, as seen by LISTEN on its database."""

    def __init__(self, database_url: str, table: str) -> None:
        with psycopg.connect(database_url, autocommit=True) as conn:
            conn.execute(NOTIFY_TRIGGER.format(table=table))
        self.times: dict[str, float] = {}
        self.arrived = threading.Condition()
        self.conn = psycopg.connect(database_url, autocommit=True)
        self.conn.execute("LISTEN bench_committed")
        self.stopped = False
        self.thread = threading.Thread(target=self._listen, daemon=True)
        self.thread.start()

    def _listen(self) -> None:
        while not self.stopped:
            for notify in self.conn.notifies(timeout=0.5):
                now = time.perf_counter()
                with self.arrived:
                    self.times[notify.payload] = now
                    self.arrived.notify_all()

    def wait(self, key: str, timeout: float = 30) -> float:
        with self.arrived:
            if not self.arrived.wait_for(lambda: key in self.times, timeout=timeout):
                raise TimeoutError(f"{key} did not commit within {timeout} s")
            return self.times.pop(key)

    def close(self) -> None:
        self.stopped = True
        self.thread.join(timeout=5)
        self.conn.close()


class Bench:
    def __init__(self, folder: Path, database_urls: dict[str, str], broker_url: str) -> None:
        self.system = ProductionPath(folder, database_urls, broker_url)
        self.system.start()
        self.system.create_committee()
        self.written = CommitClock(database_urls["agenda"], "meetings")
        self.copied = CommitClock(database_urls["decisions"], "meeting_copies")
        queues = consumer_queues("bench-latency", ["bench.#"])
        self.publishing = Connection(broker_url)
        self.consuming = Connection(broker_url)
        declare(self.publishing, queues)
        self.producer = Producer(self.publishing.default_channel)
        self.received: dict[str, float] = {}
        self.consumer = Consumer(self.consuming.default_channel, queues=[queues.main], accept=["json"],
                                 callbacks=[self._on_message])
        self.consumer.consume()
        self.envelope = build_envelope(MEETING_SCHEDULED, meeting_scheduled_data(), source="/udvalg/agenda")

    def run_project(self) -> list[float]:
        latencies = []
        for _ in range(PER_ROUND):
            response = self.system.create_meeting()
            assert response.status_code == 201, response.text
            meeting_id = response.json()["id"]
            committed = self.written.wait(meeting_id)
            latencies.append((self.copied.wait(meeting_id) - committed) * 1000)
        return latencies

    def run_floor(self) -> list[float]:
        latencies = []
        for _ in range(PER_ROUND):
            envelope = {**self.envelope, "id": str(uuid.uuid4())}
            started = time.perf_counter()
            self.producer.publish(json.dumps(envelope), exchange=EVENTS_EXCHANGE, routing_key="bench.latency.v1",
                                  content_type="application/json", content_encoding="utf-8", delivery_mode=2,
                                  message_id=envelope["id"])
            deadline = time.monotonic() + 30
            while envelope["id"] not in self.received:
                self.consuming.drain_events(timeout=max(0.01, deadline - time.monotonic()))
            latencies.append((self.received.pop(envelope["id"]) - started) * 1000)
        return latencies

    def _on_message(self, body, message) -> None:
        self.received[body["id"]] = time.perf_counter()
        message.ack()

    def close(self) -> None:
        self.written.close()
        self.copied.close()
        self.publishing.release()
        self.consuming.release()
        self.system.stop()


def main() -> None:
    args = harness.arguments(__doc__, budget=45)
    name = f"udvalg_bench_latency_{uuid.uuid4().hex[:8]}"
    urls = {service: servers.create_database(f"{name}_{service}") for service in ("agenda", "decisions")}
    upgrade_to_head(urls["agenda"], AGENDA_MIGRATIONS)
    upgrade_to_head(urls["decisions"], DECISIONS_MIGRATIONS)
    broker_url = servers.create_vhost(name)
    try:
        with tempfile.TemporaryDirectory() as folder:
            bench = Bench(Path(folder), urls, broker_url)
            try:
                result = harness.interleave(f"Event latency, {PER_ROUND} events per round, one at a time", [
                    harness.Side(PROJECT, bench.run_project, unit="ms", statistic="p95"),
                    harness.Side(FLOOR, bench.run_floor, unit="ms", statistic="p95"),
                ], budget_seconds=args.budget)
            finally:
                bench.close()
        ratio = result.ratio("latency", PROJECT, FLOOR, target=2)
    finally:
        servers.delete_vhost(name)
        for service in urls:
            servers.drop_database(f"{name}_{service}")
    harness.print_ratios([ratio])


if __name__ == "__main__":
    main()
