"""The embedded transport: the relay hands each event straight to the subscribed consumers.

Durability comes from the outbox: a row stays unpublished until every subscriber has
handled the event or dead-lettered it, so an event recorded before a crash is delivered
after the restart, and the consumers' inboxes absorb the repeats.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from shared.bus.consumer import EventConsumer
from shared.bus.relay import BatchResult
from shared.bus.topic import topic_matches
from shared.events import InvalidEvent
from shared.log import get_logger, message_context

log = get_logger(__name__)


class InProcessBus:
    def __init__(self, retry_delays: Sequence[float] = (0.1, 0.5, 2.0)) -> None:
        self._consumers: list[EventConsumer] = []
        self._retry_delays = tuple(retry_delays)

    def subscribe(self, consumer: EventConsumer) -> None:
        self._consumers.append(consumer)

    def publish_batch(self, messages: Sequence[tuple[dict, str]]) -> BatchResult:
        """Deliver in order; stop at the first event that could not even be dead-lettered."""
        for index, (envelope, routing_key) in enumerate(messages):
            try:
                self.publish(envelope, routing_key)
            except Exception as exc:  # noqa: BLE001 - e.g. a database that went away
                return BatchResult(list(range(index)), exc)
        return BatchResult(list(range(len(messages))))

    def keepalive(self) -> None:
        """Nothing to keep alive in-process."""

    def publish(self, envelope: dict, routing_key: str) -> None:
        for consumer in self._consumers:
            if any(topic_matches(key, routing_key) for key in consumer.binding_keys):
                self._deliver(consumer, envelope)

    def _deliver(self, consumer: EventConsumer, envelope: dict) -> None:
        correlation_id = envelope.get("correlationid")
        with message_context(correlation_id=correlation_id if isinstance(correlation_id, str) else None,
                             message_id=str(envelope.get("id", "")), consumer=consumer.name):
            self._attempt(consumer, envelope)

    def _attempt(self, consumer: EventConsumer, envelope: dict) -> None:
        attempts = 0
        for delay in (*self._retry_delays, None):
            attempts += 1
            try:
                consumer.handle(envelope)
                return
            except InvalidEvent as exc:
                error = f"{exc.reason}: {exc!r}"
                break
            except Exception as exc:  # noqa: BLE001 - a failing handler must not stop the bus
                error = f"failed: {exc!r}"
                log.warning("consumer.failed", attempt=attempts, error=error)
                if delay is not None:
                    time.sleep(delay)
        consumer.record_dead_letter(envelope, error, attempts)
