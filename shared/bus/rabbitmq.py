"""RabbitMQ transport: a confirming batch publisher for the relay and a consumer worker.

The publisher sends a batch, then waits once for the broker's confirms of the whole batch
(RabbitMQ's "publisher confirms", asynchronous strategy): the relay marks published only
the messages the broker acked. Every wait on the broker is bounded by one timeout:
connecting, each socket read and write, and a batch's confirms. A connection that failed
or timed out is dropped without the closing handshake and a new one made next time.

The worker acks a message only after the consumer committed. A failing message is
republished (confirmed) to the retry queue with a growing delay and then acked (while the
service's database is away, again and again without counting attempts); after the last retry, or at once when it cannot be read or is not a valid event, it is republished
(confirmed) to the dead-letter queue with headers saying why, and then acked.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

import amqp
from kombu import Connection, Queue
from kombu.mixins import ConsumerProducerMixin

from shared.bus.consumer import EventConsumer
from shared.bus.health import BrokerStatus
from shared.bus.relay import BatchResult
from shared.bus.topology import (
    DEAD_KEY,
    EVENTS_EXCHANGE,
    RETRY_KEY,
    broker_connection,
    consumer_queues,
)
from shared.db.availability import database_unavailable
from shared.db.types import utcnow
from shared.events import ForeignEvent, InvalidEvent
from shared.log import get_logger, message_context

log = get_logger(__name__)

# Headers: the attempt a message is on (set when it goes to the retry queue), and on a dead
# letter why it was given up, by which consumer, after how many attempts, and when.
ATTEMPT_HEADER = "x-udvalg-attempt"
ERROR_HEADER = "x-udvalg-error"
REASON_HEADER = "x-udvalg-reason"
CONSUMER_HEADER = "x-udvalg-consumer"
ATTEMPTS_HEADER = "x-udvalg-attempts"
DEAD_AT_HEADER = "x-udvalg-dead-lettered-at"
# Reasons: the message cannot be read at all; it is not a valid event (InvalidEvent.reason,
# e.g. "invalid"); its handler failed every attempt.
UNDECODABLE = "undecodable"
FAILED = "failed"
RELAY = "relay"
CONSUMER = "consumer"
# AMQP short strings hold at most 255 bytes.
_SHORTSTR = 255


class ConfirmTimeout(TimeoutError):
    pass


class MessagesNacked(Exception):
    pass


@dataclass
class _Confirms:
    """The outcome of each delivery tag of the batch in flight."""

    first_tag: int = 1
    size: int = 0
    outcome: dict[int, bool] = field(default_factory=dict)

    def settle(self, tag: int, multiple: bool, acked: bool) -> None:
        tags = range(self.first_tag, tag + 1) if multiple else (tag,)
        for settled in tags:
            if self.first_tag <= settled < self.first_tag + self.size:
                self.outcome.setdefault(settled, acked)

    @property
    def complete(self) -> bool:
        return len(self.outcome) == self.size

    def acked(self) -> list[int]:
        return sorted(tag - self.first_tag for tag, ok in self.outcome.items() if ok)


class RabbitPublisher:
    """Publishes batches of persistent messages to the events exchange with confirms."""

    def __init__(self, url: str, *, timeout: float = 10.0, status: BrokerStatus | None = None) -> None:
        self._url = url
        self._timeout = timeout
        self.status = status or BrokerStatus()
        self._connection: Connection | None = None
        self._channel: amqp.Channel | None = None
        self._next_tag = 0
        self._confirms = _Confirms()
        self._retry_at = 0.0
        self._retry_delay = 0.0

    # -- publishing ----------------------------------------------------------------------

    def publish_batch(self, messages: Sequence[tuple[dict, str]]) -> BatchResult:
        """Publish (envelope, routing key) pairs, then wait up to the timeout for the
        broker to confirm them all. Never raises: the result says what was confirmed."""
        self._looping()
        try:
            channel = self._ensure_channel()
        except Exception as exc:  # noqa: BLE001 - whatever the network or broker raised
            return BatchResult([], self._failed("connect", exc))
        confirms = self._confirms = _Confirms(first_tag=self._next_tag + 1, size=len(messages))
        try:
            for envelope, routing_key in messages:
                channel.basic_publish(_message(envelope, routing_key), exchange=EVENTS_EXCHANGE.name,
                                      routing_key=routing_key)
                self._next_tag += 1
            self._wait_for(confirms)
        except Exception as exc:  # noqa: BLE001
            return BatchResult(confirms.acked(), self._failed("publish", exc))
        acked = confirms.acked()
        self.status.ok(RELAY)
        if len(acked) < len(messages):
            error = MessagesNacked(f"the broker refused {len(messages) - len(acked)} of {len(messages)} messages")
            log.warning("broker.nacked", refused=len(messages) - len(acked), published=len(messages))
            return BatchResult(acked, error)
        return BatchResult(acked)

    def keepalive(self) -> None:
        """While idle: answer the broker's heartbeats and find out whether it still
        answers (a silent broker is noticed here, not at the next event)."""
        self._looping()
        if self._channel is None and time.monotonic() < self._retry_at:
            return
        try:
            self._ensure_channel()
        except Exception as exc:  # noqa: BLE001
            self._failed("connect", exc)
        else:
            self.status.ok(RELAY)

    def close(self) -> None:
        if self._connection is not None:
            try:
                self._connection.release()
            except Exception:  # noqa: BLE001 - closing a dying connection
                self._connection.collect()
        self._connection = self._channel = None

    def _looping(self) -> None:
        # The relay calls in at least every poll or backoff; much longer means it hangs.
        self.status.looping(RELAY, stalled_after=30 + 4 * self._timeout)

    # -- the connection ------------------------------------------------------------------

    def _ensure_channel(self) -> amqp.Channel:
        if self._channel is not None:
            try:
                self._service_connection()
                return self._channel
            except Exception as exc:  # noqa: BLE001 - a cut or silent connection: make a new one
                log.info("broker.connection_dropped", error=repr(exc))
                self._drop()
        connection = broker_connection(self._url, timeout=self._timeout, confirm_publish=False)
        try:
            connection.connect()
            channel = connection.connection.channel()
            channel.confirm_select()
        except Exception:
            connection.collect()
            raise
        channel.events["basic_ack"].add(lambda tag, multiple: self._confirms.settle(tag, multiple, True))
        channel.events["basic_nack"].add(lambda tag, multiple: self._confirms.settle(tag, multiple, False))
        self._connection, self._channel, self._next_tag = connection, channel, 0
        self._retry_delay = 0.0
        log.info("broker.connected", part=RELAY)
        return channel

    def _service_connection(self) -> None:
        """Read what the broker sent meanwhile (heartbeats, a close) without waiting, and
        send a heartbeat if one is due; raises if the connection is dead or silent."""
        assert self._connection is not None
        raw = self._connection.connection
        try:
            while True:
                raw.drain_events(timeout=0)
        except TimeoutError:
            pass
        raw.heartbeat_tick()

    def _wait_for(self, confirms: _Confirms) -> None:
        assert self._connection is not None
        raw = self._connection.connection
        deadline = time.monotonic() + self._timeout
        while not confirms.complete:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise ConfirmTimeout(f"the broker confirmed {len(confirms.outcome)} of {confirms.size} "
                                     f"messages within {self._timeout:g} s")
            try:
                raw.drain_events(timeout=remaining)
            except TimeoutError:
                continue

    def _failed(self, step: str, exc: Exception) -> Exception:
        """Log a failure, drop the connection and note the broker as lost."""
        log.warning(f"broker.{step}_failed", part=RELAY, error=repr(exc), timeout=self._timeout)
        self._drop()
        self.status.lost(RELAY, f"{step}: {exc!r}")
        self._retry_delay = min(30.0, max(1.0, self._retry_delay * 2))
        self._retry_at = time.monotonic() + self._retry_delay
        return exc

    def _drop(self) -> None:
        """Forget the connection without the closing handshake (it may never answer)."""
        if self._connection is not None:
            self._connection.collect()
        self._connection = self._channel = None


def _message(envelope: dict, routing_key: str) -> amqp.Message:
    properties = {
        "content_type": "application/json",
        "content_encoding": "utf-8",
        "delivery_mode": 2,
        "message_id": envelope["id"],
        "type": routing_key,
    }
    correlation_id = envelope.get("correlationid")
    if correlation_id and len(correlation_id.encode()) <= _SHORTSTR:
        properties["correlation_id"] = correlation_id
    return amqp.Message(json.dumps(envelope).encode(), **properties)


class RabbitConsumerWorker(ConsumerProducerMixin):
    """Consumes the service's queue. Every message ends in one of three ways: acked after
    the consumer committed (or found it a duplicate); sent to the retry queue with a delay,
    then acked; or, when it cannot be read, is not valid, or failed every attempt,
    published to the dead-letter queue with headers saying why, then acked."""

    def __init__(
        self,
        connection: Connection,
        consumer: EventConsumer,
        retry_delays: Sequence[float],
        prefetch_count: int = 10,
        status: BrokerStatus | None = None,
        timeout: float = 10.0,
    ) -> None:
        self.connection = connection
        self.consumer = consumer
        self.queues = consumer_queues(consumer.name, consumer.binding_keys)
        self.retry_delays = tuple(retry_delays)
        self.prefetch_count = prefetch_count
        self.status = status or BrokerStatus()
        self.timeout = timeout

    def get_consumers(self, Consumer, channel):
        return [
            # on_message: kombu hands over the message undecoded, so that reading it is ours
            # to fail (and dead-letter) rather than kombu's to log and ack. The queue is
            # declared by `migrate` (the service's broker account may not declare).
            Consumer(
                queues=[Queue(self.queues.main.name, no_declare=True)],
                on_message=self.on_message,
                accept=["application/json"],
                prefetch_count=self.prefetch_count,
            )
        ]

    def run(self, _tokens: int = 1, **kwargs) -> None:
        try:
            super().run(_tokens, **kwargs)
        except _Stopped:
            log.info("consumer.stopped_while_reconnecting")

    @contextmanager
    def establish_connection(self):
        # kombu's reconnect loop would sleep on (up to 30 s per try) after a stop was asked
        # for; the callback it runs every second ends it instead.
        with self.create_connection() as conn:
            conn.ensure_connection(self.on_connection_error, self.connect_max_retries, callback=self._check_stop)
            yield conn

    def _check_stop(self) -> None:
        if self.should_stop:
            raise _Stopped

    def consume(self, *args, **kwargs):
        try:
            yield from super().consume(*args, **kwargs)
        except (*self.connection.connection_errors, *self.connection.channel_errors) as exc:
            # kombu reconnects; until then the broker is lost (a missing queue, too).
            log.warning("broker.consume_failed", part=CONSUMER, error=repr(exc))
            self.status.lost(CONSUMER, f"consume: {exc!r}")
            raise

    def on_consume_ready(self, connection, channel, consumers, **kwargs) -> None:
        log.info("broker.connected", part=CONSUMER, queue=self.queues.main.name)
        self.status.ok(CONSUMER)

    def on_connection_error(self, exc, interval) -> None:
        log.warning("broker.connect_failed", part=CONSUMER, error=repr(exc), retry_in=interval)
        self.status.lost(CONSUMER, f"connect: {exc!r}")

    def on_iteration(self) -> None:
        # drain_events waits at most a second; several missed rounds mean a wait hung.
        self.status.looping(CONSUMER, stalled_after=max(60.0, 6 * self.timeout))

    def on_decode_error(self, message, exc) -> None:
        """kombu found the message unreadable before handing it over (kombu's own default
        would log and ack it: lost)."""
        with self._context(message):
            self._dead_letter(message, UNDECODABLE, exc)

    def on_message(self, message) -> None:
        with self._context(message):
            attempt = int((message.headers or {}).get(ATTEMPT_HEADER, 1))
            try:
                body = message.decode()
                if not isinstance(body, dict):
                    raise TypeError(f"the body is {type(body).__name__}, not a JSON object")
            except Exception as exc:  # noqa: BLE001 - anything unreadable: wrong type, bad JSON, bad bytes
                self._dead_letter(message, UNDECODABLE, exc, attempts=attempt)
                return
            try:
                _check_routing(message, body)
                self.consumer.handle(body)
            except InvalidEvent as exc:
                self._dead_letter(message, exc.reason, exc, attempts=attempt)
                return
            except Exception as exc:  # noqa: BLE001 - decide between retry and dead letter
                self._retry_or_dead_letter(message, attempt, exc)
                return
            message.ack()

    def _context(self, message):
        properties = message.properties or {}
        return message_context(correlation_id=properties.get("correlation_id"),
                               message_id=properties.get("message_id"), consumer=self.consumer.name)

    def _retry_or_dead_letter(self, message, attempt: int, exc: Exception) -> None:
        if database_unavailable(exc):
            # The event is not at fault: try it again, however long the database is away,
            # without spending one of its attempts.
            delay = self.retry_delays[0] if self.retry_delays else 1.0
            log.warning("consumer.database_unavailable", attempt=attempt, delay=delay, error=repr(exc))
            self._republish(message, RETRY_KEY, {ATTEMPT_HEADER: attempt, ERROR_HEADER: repr(exc)[:500]},
                            expiration=delay)
            message.ack()
            return
        if attempt > len(self.retry_delays):
            self._dead_letter(message, FAILED, exc, attempts=attempt)
            return
        delay = self.retry_delays[attempt - 1]
        log.warning("consumer.retry", attempt=attempt, delay=delay, error=repr(exc))
        self._republish(message, RETRY_KEY, {ATTEMPT_HEADER: attempt + 1, ERROR_HEADER: repr(exc)[:500]},
                        expiration=delay)
        message.ack()

    def _dead_letter(self, message, reason: str, exc: Exception, attempts: int = 1) -> None:
        log.error("consumer.dead_lettered", reason=reason, attempts=attempts, error=repr(exc))
        headers = dead_letter_headers(reason=reason, error=repr(exc), consumer=self.consumer.name, attempts=attempts)
        try:
            self._republish(message, DEAD_KEY, headers)
        except Exception as publish_error:  # noqa: BLE001 - the broker then dead-letters it itself
            log.error("consumer.dead_letter_publish_failed", error=repr(publish_error))
            message.reject(requeue=False)
            return
        message.ack()

    def _republish(self, message, routing_key: str, headers: dict, expiration: float | None = None) -> None:
        """The message as it came (body bytes untouched), to the consumer's own exchange,
        confirmed before the caller acks the original."""
        properties = message.properties or {}
        self.producer.publish(
            message.body,
            exchange=self.queues.exchange,
            routing_key=routing_key,
            content_type=message.content_type or "application/octet-stream",
            content_encoding=message.content_encoding or "binary",
            delivery_mode=2,
            expiration=expiration,
            message_id=properties.get("message_id"),
            correlation_id=properties.get("correlation_id"),
            type=properties.get("type"),
            headers={**(message.headers or {}), **headers},
            timeout=self.timeout,
            retry=True,
            retry_policy={"max_retries": 2, "interval_start": 0.2, "interval_step": 0.5, "interval_max": 1.0},
        )


class _Stopped(Exception):
    """The worker was told to stop while it was waiting to reconnect."""


def _check_routing(message, body: dict) -> None:
    """A message that came through the events exchange carries the type it was routed as.
    The broker lets each service's account publish only its own routing keys there, so
    this makes the envelope's type (and with it its source, checked by the consumer) as
    trustworthy as the routing key. Messages that came through the consumer's own exchange
    (retries, replays) are the service's own."""
    delivery = message.delivery_info or {}
    if delivery.get("exchange") == EVENTS_EXCHANGE.name and delivery.get("routing_key") != body.get("type"):
        raise ForeignEvent(f"routed as {delivery.get('routing_key')!r} but the envelope says {body.get('type')!r}")


def dead_letter_headers(*, reason: str, error: str, consumer: str, attempts: int) -> dict:
    return {
        REASON_HEADER: reason,
        ERROR_HEADER: error[:500],
        CONSUMER_HEADER: consumer,
        ATTEMPTS_HEADER: attempts,
        DEAD_AT_HEADER: utcnow().isoformat(),
    }
