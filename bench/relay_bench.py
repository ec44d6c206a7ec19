"""How fast the outbox relay moves committed events to RabbitMQ, against two floors:

    relay        the worker's relay (outbox rows on PostgreSQL, read, published with
                 publisher confirms, marked published), in messages per second, as a ratio
                 to raw kombu publishing the same messages with confirm_publish=True, one
                 confirm per message (target: at least 1.5)
    relay-batch  the same relay as a ratio to raw py-amqp publishing batches of 100 and
                 waiting once per batch for the broker's confirms (target: at least 0.5)

All three publish the same envelopes (agenda.meeting.scheduled.v1, persistent) to the
topic exchange udvalg.events on the local RabbitMQ, routed to one quorum queue like a
consumer's; the queue is purged between samples, outside the timing. The relay's rows
are inserted before its timing starts. Needs the local PostgreSQL and RabbitMQ (a
throwaway database and vhost are made and dropped).

Run from the repository root:  .venv/bin/python bench/relay_bench.py [--events 5000]
"""

from __future__ import annotations

import json
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import amqp
import harness
from kombu import Connection
from sqlalchemy import func, insert, select

from services.agenda.bootstrap import build_runtime
from shared.bus.rabbitmq import RabbitPublisher
from shared.bus.topology import EVENTS_EXCHANGE, consumer_queues, declare
from shared.config import Settings
from shared.db.types import utcnow
from shared.events import build_envelope
from shared.tests.factories import MEETING_SCHEDULED, meeting_scheduled_data
from tests.support import servers

BATCH = 100
PROJECT = "udvalg relay"
ONE_BY_ONE = "kombu, one confirm per message"
BATCHED = "py-amqp, batches of 100"


def envelopes(count: int) -> list[dict]:
    """Valid envelopes, each with an id of its own (validated once, then copied)."""
    template = build_envelope(MEETING_SCHEDULED, meeting_scheduled_data(), source="/udvalg/agenda")
    return [{**template, "id": str(uuid.uuid4())} for _ in range(count)]


class Bench:
    def __init__(self, database_url: str, broker_url: str, events: int) -> None:
        self.broker_url = broker_url
        self.events = events
        self.runtime = build_runtime(Settings.for_service(
            "agenda", database_url=database_url, broker_url=broker_url, secret_key="bench"))
        self.runtime.migrate()
        self.queues = consumer_queues("bench", ["agenda.#"])
        with Connection(broker_url) as connection:
            declare(connection, self.queues)
        self.publisher = RabbitPublisher(broker_url)
        self.relay = self.runtime.relay(self.publisher)
        self.kombu = Connection(broker_url, transport_options={"confirm_publish": True})
        self.kombu_producer = self.kombu.Producer()
        self.amqp = amqp.Connection(_amqp_host(broker_url), userid="guest", password="guest",
                                    virtual_host=broker_url.rsplit("/", 1)[1], connect_timeout=5)
        self.amqp.connect()
        self.channel = self.amqp.channel()
        self.channel.confirm_select()
        self.acked_up_to = 0
        self.channel.events["basic_ack"].add(self._on_ack)
        self.channel.events["basic_nack"].add(self._on_nack)
        self.next_tag = 0
        self.purge = Connection(broker_url)

    # -- the project ---------------------------------------------------------------------

    def run_relay(self) -> float:
        outbox = self.runtime.bus_tables.outbox
        now = utcnow()
        rows = [{"event_id": e["id"], "event_type": e["type"], "envelope": e, "created_at": now, "attempts": 0}
                for e in envelopes(self.events)]
        with self.runtime.engine.begin() as conn:
            conn.execute(insert(outbox), rows)
        started = time.perf_counter()
        while self.relay.publish_pending():
            pass
        seconds = time.perf_counter() - started
        with self.runtime.engine.connect() as conn:
            left = conn.scalar(select(func.count()).select_from(outbox).where(outbox.c.published_at.is_(None)))
        assert left == 0, f"{left} rows left unpublished"
        self._purge()
        return self.events / seconds

    # -- the floors ----------------------------------------------------------------------

    def run_kombu_one_by_one(self) -> float:
        batch = envelopes(self.events)
        started = time.perf_counter()
        for envelope in batch:
            self.kombu_producer.publish(envelope, exchange=EVENTS_EXCHANGE, routing_key=envelope["type"],
                                        serializer="json", delivery_mode=2, message_id=envelope["id"])
        seconds = time.perf_counter() - started
        self._purge()
        return self.events / seconds

    def run_amqp_batches(self) -> float:
        batch = envelopes(self.events)
        started = time.perf_counter()
        for first in range(0, len(batch), BATCH):
            for envelope in batch[first:first + BATCH]:
                message = amqp.Message(json.dumps(envelope), content_type="application/json",
                                       content_encoding="utf-8", delivery_mode=2, message_id=envelope["id"])
                self.channel.basic_publish(message, exchange=EVENTS_EXCHANGE.name, routing_key=envelope["type"])
                self.next_tag += 1
            deadline = time.monotonic() + 10
            while self.acked_up_to < self.next_tag:
                self.amqp.drain_events(timeout=max(0.01, deadline - time.monotonic()))
        seconds = time.perf_counter() - started
        self._purge()
        return self.events / seconds

    def _on_ack(self, delivery_tag: int, multiple: bool) -> None:
        # Acks may come one by one or for everything up to a tag; here all are in order.
        self.acked_up_to = max(self.acked_up_to, delivery_tag)

    def _on_nack(self, delivery_tag: int, multiple: bool) -> None:
        raise RuntimeError(f"the broker refused message {delivery_tag}")

    def _purge(self) -> None:
        channel = self.purge.default_channel
        count = self.queues.main(channel).queue_declare(passive=True).message_count
        assert count == self.events, f"{count} messages arrived of {self.events}"
        self.queues.main(channel).purge()

    def close(self) -> None:
        self.publisher.close()
        self.kombu.release()
        self.purge.release()
        self.amqp.close()
        self.runtime.dispose()


def _amqp_host(url: str) -> str:
    return url.split("@", 1)[1].rsplit("/", 1)[0]


def main() -> None:
    args = harness.arguments(__doc__, budget=60, events=(int, 5000, "events per sample"))
    name = f"udvalg_bench_relay_{uuid.uuid4().hex[:8]}"
    database_url = servers.create_database(name)
    broker_url = servers.create_vhost(name)
    bench = Bench(database_url, broker_url, args.events)
    try:
        result = harness.interleave(f"Outbox relay, {args.events:,} events per sample", [
            harness.Side(PROJECT, bench.run_relay, unit="msg/s", higher_is_better=True),
            harness.Side(ONE_BY_ONE, bench.run_kombu_one_by_one, unit="msg/s", higher_is_better=True),
            harness.Side(BATCHED, bench.run_amqp_batches, unit="msg/s", higher_is_better=True),
        ], budget_seconds=args.budget)
        ratios = [
            result.ratio("relay", PROJECT, ONE_BY_ONE, target=1.5),
            result.ratio("relay-batch", PROJECT, BATCHED, target=0.5),
        ]
    finally:
        bench.close()
        servers.delete_vhost(name)
        servers.drop_database(name)
    harness.print_ratios(ratios)


if __name__ == "__main__":
    main()
