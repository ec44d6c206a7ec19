"""Helpers of the messaging tests: a consumer that notes outcomes, a worker in a thread, and
looks at the broker's queues."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from kombu import Connection, Queue

from shared.bus.consumer import EventConsumer, Outcome
from shared.bus.health import BrokerStatus
from shared.bus.rabbitmq import (
    ATTEMPTS_HEADER,
    CONSUMER_HEADER,
    DEAD_AT_HEADER,
    REASON_HEADER,
    RabbitConsumerWorker,
    RabbitPublisher,
)
from shared.bus.topology import EVENTS_EXCHANGE, ConsumerQueues, broker_connection, consumer_queues
from shared.db.types import utcnow
from shared.events import build_envelope
from shared.tests.factories import MEETING_SCHEDULED, meeting_scheduled_data
from shared.tests.miniservice import SOURCE
from tests.support.fixtures import wait_for

RETRY_DELAYS = (0.05, 0.1)


class ObservedConsumer(EventConsumer):
    """An EventConsumer that also notes each outcome, so a test can tell when a duplicate
    (which leaves no trace in the database) has been dealt with."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.outcomes: list[tuple[object, object]] = []
        self._lock = threading.Lock()

    def handle(self, raw: dict) -> Outcome:
        try:
            outcome = super().handle(raw)
        except Exception as exc:
            with self._lock:
                self.outcomes.append((raw.get("id"), type(exc).__name__))
            raise
        with self._lock:
            self.outcomes.append((raw.get("id"), outcome))
        return outcome


@dataclass
class RunningWorker:
    worker: RabbitConsumerWorker
    thread: threading.Thread
    queues: ConsumerQueues

    def stop(self) -> None:
        """Stop consuming and close the connection: unacked messages would go back to the queue."""
        self.worker.should_stop = True
        self.thread.join(timeout=15)
        assert not self.thread.is_alive(), "consumer worker did not stop"
        self.worker.connection.release()


def queue_counts(broker_url: str, queue: Queue) -> tuple[int, int]:
    """(ready messages, consumers) of a queue, as the broker sees them."""
    with Connection(broker_url) as conn:
        ok = queue(conn.default_channel).queue_declare(passive=True)
    return ok.message_count, ok.consumer_count


def get_message(broker_url: str, queue: Queue, *, decode: bool = True):
    """Take one message off a queue (acked), or None if it is empty: its body (decoded
    from JSON, or the bytes as they are), content type and headers."""
    with Connection(broker_url) as conn:
        message = queue(conn.default_channel).get(no_ack=True, accept=["json"])
        if message is None:
            return None
        raw = message.body
        if isinstance(raw, str):  # py-amqp decodes text bodies by their content encoding
            raw = raw.encode(message.content_encoding or "utf-8")
        return {"body": message.decode() if decode else raw, "content_type": message.content_type,
                "headers": dict(message.headers or {}), "properties": dict(message.properties or {})}


def publish(publisher: RabbitPublisher, *envelopes: dict) -> None:
    """Publish straight to the broker, bypassing an outbox; fail unless all were confirmed."""
    result = publisher.publish_batch([(envelope, envelope["type"]) for envelope in envelopes])
    assert result.error is None and result.confirmed == list(range(len(envelopes))), result


def meeting_scheduled_envelope() -> dict:
    return build_envelope(MEETING_SCHEDULED, meeting_scheduled_data(), source=SOURCE)


def assert_dead_letter_headers(headers: dict, *, reason: str, consumer: str, attempts: int) -> None:
    """A dead letter says why it was given up, by which consumer, after how many attempts, when."""
    assert headers[REASON_HEADER] == reason
    assert headers[CONSUMER_HEADER] == consumer
    assert headers[ATTEMPTS_HEADER] == attempts
    assert datetime.fromisoformat(headers[DEAD_AT_HEADER]) <= utcnow()


def publish_raw(broker_url: str, body: bytes, content_type: str | None, content_encoding: str | None,
                **properties) -> None:
    """As any client on the vhost could: not through our publisher."""
    with Connection(broker_url) as conn:
        channel = conn.default_channel
        message = channel.prepare_message(body, content_type=content_type, content_encoding=content_encoding,
                                          properties={"delivery_mode": 2, **properties})
        channel.basic_publish(message, exchange=EVENTS_EXCHANGE.name, routing_key=MEETING_SCHEDULED)


def start_consumer_worker(consumer: EventConsumer, url: str, admin_url: str, *,
                         retry_delays: Sequence[float] = RETRY_DELAYS, timeout: float = 10.0,
                         status: BrokerStatus | None = None) -> RunningWorker:
    """A RabbitConsumerWorker connected with `url`, consuming in a thread (its queues must
    exist); returns once the broker (asked with `admin_url`) sees it consume."""
    queues = consumer_queues(consumer.name, consumer.binding_keys)
    worker = RabbitConsumerWorker(broker_connection(url, timeout=timeout), consumer,
                                  retry_delays=retry_delays, timeout=timeout, status=status)
    thread = threading.Thread(target=worker.run, name=f"worker-{consumer.name}", daemon=True)
    thread.start()
    wait_for(lambda: queue_counts(admin_url, queues.main)[1] == 1, message="the worker to consume")
    return RunningWorker(worker, thread, queues)
