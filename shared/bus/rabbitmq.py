"""RabbitMQ transport: a confirming publisher for the relay and a consumer worker.

The worker acks a message only after the consumer committed. A failing message is
republished (confirmed) to the retry queue with a growing delay and then acked; after
the last retry it is rejected without requeue and RabbitMQ dead-letters it.
"""

from __future__ import annotations

from collections.abc import Sequence

from kombu import Connection, Producer
from kombu.mixins import ConsumerProducerMixin

from shared.bus.consumer import EventConsumer
from shared.bus.topology import EVENTS_EXCHANGE, broker_connection, consumer_queues, declare
from shared.events import InvalidEvent
from shared.log import get_logger

log = get_logger(__name__)

ATTEMPT_HEADER = "x-udvalg-attempt"
_PUBLISH_RETRY = {"max_retries": 2, "interval_start": 0.2, "interval_step": 0.5, "interval_max": 1.0}


class RabbitPublisher:
    """Publishes persistent messages and returns only when RabbitMQ confirmed them."""

    def __init__(self, url: str) -> None:
        self._connection = broker_connection(url)
        self._producer: Producer | None = None

    def publish(self, envelope: dict, routing_key: str) -> None:
        if self._producer is None:
            self._producer = self._connection.Producer()
        try:
            self._producer.publish(
                envelope,
                exchange=EVENTS_EXCHANGE,
                routing_key=routing_key,
                declare=[EVENTS_EXCHANGE],
                serializer="json",
                delivery_mode=2,
                message_id=envelope["id"],
                retry=True,
                retry_policy=_PUBLISH_RETRY,
            )
        except Exception:
            # Start from a fresh connection next time: a half-dead one can hang.
            self.close()
            raise

    def close(self) -> None:
        self._producer = None
        self._connection.release()
        self._connection = self._connection.clone()


class RabbitConsumerWorker(ConsumerProducerMixin):
    def __init__(
        self,
        connection: Connection,
        consumer: EventConsumer,
        retry_delays: Sequence[float],
        prefetch_count: int = 10,
    ) -> None:
        self.connection = connection
        self.consumer = consumer
        self.queues = consumer_queues(consumer.name, consumer.binding_keys)
        self.retry_delays = tuple(retry_delays)
        self.prefetch_count = prefetch_count

    def get_consumers(self, Consumer, channel):
        declare(self.connection, self.queues)
        return [
            Consumer(
                queues=[self.queues.main],
                callbacks=[self.on_message],
                accept=["json"],
                prefetch_count=self.prefetch_count,
            )
        ]

    def on_message(self, body: dict, message) -> None:
        attempt = int((message.headers or {}).get(ATTEMPT_HEADER, 1))
        try:
            self.consumer.handle(body)
        except InvalidEvent as exc:
            log.error("consumer.invalid_event", consumer=self.consumer.name, error=repr(exc))
            message.reject(requeue=False)
            return
        except Exception as exc:  # noqa: BLE001 - decide between retry and dead letter
            self._retry_or_dead_letter(body, message, attempt, exc)
            return
        message.ack()

    def _retry_or_dead_letter(self, body: dict, message, attempt: int, exc: Exception) -> None:
        if attempt > len(self.retry_delays):
            log.error("consumer.dead_lettered", consumer=self.consumer.name, attempts=attempt, error=repr(exc))
            message.reject(requeue=False)
            return
        delay = self.retry_delays[attempt - 1]
        log.warning("consumer.retry", consumer=self.consumer.name, attempt=attempt, delay=delay, error=repr(exc))
        self.producer.publish(
            body,
            exchange="",
            routing_key=self.queues.retry.name,
            serializer="json",
            delivery_mode=2,
            expiration=delay,
            message_id=message.properties.get("message_id"),
            headers={**(message.headers or {}), ATTEMPT_HEADER: attempt + 1, "x-udvalg-error": repr(exc)[:500]},
            retry=True,
            retry_policy=_PUBLISH_RETRY,
        )
        message.ack()
