"""RabbitMQ topology: one topic exchange for events; per consumer a quorum queue, a retry
queue that sends messages back after a delay, a dead-letter queue, and a direct exchange
of the consumer's own through which its worker (and the dead-letter command) reaches them:

    udvalg.events (topic) --<event types>--> udvalg.<name> (quorum)
    udvalg.<name>.consumer (direct) --retry--> udvalg.<name>.retry --(per-message TTL)--> udvalg.<name>
                                    --dead---> udvalg.<name>.dead
                                    --replay-> udvalg.<name>
    udvalg.dead (direct) --udvalg.<name>--> udvalg.<name>.dead   (what the broker itself dead-letters)

With the consumer's own exchange, a service's broker account needs write access to
udvalg.events (its own event types only, by topic permission) and to that exchange, and
never to the default exchange, through which it could reach any queue.
"""

from __future__ import annotations

from dataclasses import dataclass

from kombu import Connection, Exchange, Queue, binding

EVENTS_EXCHANGE = Exchange("udvalg.events", type="topic", durable=True)
DEAD_LETTER_EXCHANGE = Exchange("udvalg.dead", type="direct", durable=True)
RETRY_KEY = "retry"
DEAD_KEY = "dead"
REPLAY_KEY = "replay"


@dataclass(frozen=True)
class ConsumerQueues:
    main: Queue
    retry: Queue
    dead: Queue
    exchange: Exchange

    def all(self) -> list[Queue]:
        return [self.main, self.retry, self.dead]


def consumer_queues(consumer_name: str, binding_keys: list[str]) -> ConsumerQueues:
    name = f"udvalg.{consumer_name}"
    exchange = Exchange(f"{name}.consumer", type="direct", durable=True)
    main = Queue(
        name,
        bindings=[binding(EVENTS_EXCHANGE, routing_key=key) for key in binding_keys]
        + [binding(exchange, routing_key=REPLAY_KEY)],
        durable=True,
        queue_arguments={
            "x-queue-type": "quorum",
            "x-dead-letter-exchange": DEAD_LETTER_EXCHANGE.name,
            "x-dead-letter-routing-key": name,
        },
    )
    # Messages wait here for their per-message TTL, then return to the main queue.
    retry = Queue(
        f"{name}.retry",
        exchange=exchange,
        routing_key=RETRY_KEY,
        durable=True,
        queue_arguments={"x-dead-letter-exchange": "", "x-dead-letter-routing-key": name},
    )
    dead = Queue(
        f"{name}.dead",
        bindings=[binding(DEAD_LETTER_EXCHANGE, routing_key=name), binding(exchange, routing_key=DEAD_KEY)],
        durable=True,
        queue_arguments={"x-queue-type": "quorum"},
    )
    return ConsumerQueues(main=main, retry=retry, dead=dead, exchange=exchange)


def declare(connection: Connection, queues: ConsumerQueues) -> None:
    channel = connection.default_channel
    EVENTS_EXCHANGE(channel).declare()
    DEAD_LETTER_EXCHANGE(channel).declare()
    queues.exchange(channel).declare()
    for queue in queues.all():
        queue(channel).declare()


def broker_connection(url: str, *, timeout: float = 10.0, confirm_publish: bool = True) -> Connection:
    """A connection on which no wait lasts longer than `timeout`: connecting (TCP and the
    AMQP handshake), each socket read and write, and (with `confirm_publish`) each
    publish's confirm; a nack raises. The AMQP heartbeat is the same, so a broker that
    stops answering is noticed within two of them."""
    options = {"read_timeout": timeout, "write_timeout": timeout, "confirm_publish": confirm_publish}
    return Connection(url, transport_options=options, connect_timeout=timeout, heartbeat=max(1, round(timeout)))
