"""Fixtures of the messaging tests: consumer workers in threads, a TCP proxy in front of the
broker, publishers closed at the end."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from urllib.parse import urlsplit, urlunsplit

import pytest
from kombu import Connection

from shared.bus.consumer import EventConsumer
from shared.bus.health import BrokerStatus
from shared.bus.rabbitmq import RabbitPublisher
from shared.bus.topology import broker_connection, consumer_queues, declare
from shared.tests.messaging.broker import RETRY_DELAYS, RunningWorker, start_consumer_worker
from tests.support.proxy import TcpProxy


@pytest.fixture
def start_worker(broker_url) -> Iterator[Callable[..., RunningWorker]]:
    """Factory: a RabbitConsumerWorker for a consumer, consuming in a thread; stopped at teardown."""
    running: list[RunningWorker] = []

    def start(consumer: EventConsumer, retry_delays: Sequence[float] = RETRY_DELAYS, *, url: str | None = None,
              timeout: float = 10.0, status: BrokerStatus | None = None) -> RunningWorker:
        """`url`: where the worker connects (e.g. through the proxy); the broker by default."""
        with broker_connection(broker_url) as conn:
            declare(conn, consumer_queues(consumer.name, consumer.binding_keys))  # as `migrate` does
        handle = start_consumer_worker(consumer, url or broker_url, broker_url, retry_delays=retry_delays,
                                       timeout=timeout, status=status)
        running.append(handle)
        return handle

    yield start
    for handle in running:
        if handle.thread.is_alive():
            handle.stop()
    with Connection(broker_url) as conn:
        channel = conn.default_channel
        for handle in running:
            for queue in handle.queues.all():
                queue(channel).delete()


@pytest.fixture
def proxy(broker_url) -> Iterator[TcpProxy]:
    broker = urlsplit(broker_url)
    proxy = TcpProxy(broker.hostname, broker.port or 5672)
    proxy.start()
    yield proxy
    proxy.close()


@pytest.fixture
def proxied_url(broker_url, proxy) -> str:
    """The same vhost and credentials as broker_url, reached through the proxy."""
    broker = urlsplit(broker_url)
    netloc = f"{broker.username}:{broker.password}@{proxy.host}:{proxy.port}"
    return urlunsplit(broker._replace(netloc=netloc))


@pytest.fixture
def publisher_factory() -> Iterator[Callable[..., RabbitPublisher]]:
    publishers: list[RabbitPublisher] = []

    def make(url: str, **options) -> RabbitPublisher:
        publisher = RabbitPublisher(url, **options)
        publishers.append(publisher)
        return publisher

    yield make
    for publisher in publishers:
        publisher.close()
