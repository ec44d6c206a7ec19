"""A consumer whose database is away (connections refused) does not spend the event's
retries on it: the event waits in the retry queue as long as the database is away, is
never dead-lettered for it, and is handled once when the database is back."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit, urlunsplit

import pytest

from shared.tests.messaging.broker import (
    RETRY_DELAYS,
    ObservedConsumer,
    meeting_scheduled_envelope,
    publish,
    queue_counts,
)
from shared.tests.miniservice import MiniService
from tests.support.fixtures import wait_for
from tests.support.proxy import TcpProxy

pytestmark = [pytest.mark.integration, pytest.mark.messaging]


@pytest.fixture
def database_proxy(fresh_database) -> Iterator[tuple[TcpProxy, str]]:
    """A proxy in front of PostgreSQL, and a fresh database's URL through it."""
    url = urlsplit(fresh_database())
    proxy = TcpProxy(url.hostname or "127.0.0.1", url.port or 5432)
    proxy.start()
    yield proxy, urlunsplit(url._replace(netloc=f"{url.username}@{proxy.host}:{proxy.port}"))
    proxy.close()


def test_event_is_kept_while_the_consumer_s_database_is_away_and_handled_once_when_it_returns(
    database_proxy, start_worker, publisher_factory, broker_url
):
    proxy, database_url = database_proxy
    service = MiniService(database_url)
    try:
        consumer = service.consumer(consumer_class=ObservedConsumer)
        worker = start_worker(consumer, retry_delays=RETRY_DELAYS)
        proxy.stop()
        event = meeting_scheduled_envelope()
        publish(publisher_factory(broker_url), event)

        # Tried again and again, far beyond its retries, and never given up.
        wait_for(lambda: len(consumer.outcomes) > 3 * (len(RETRY_DELAYS) + 1), timeout=30,
                 message="the consumer to keep trying")
        assert {outcome for _, outcome in consumer.outcomes} == {"OperationalError"}
        assert queue_counts(broker_url, worker.queues.dead)[0] == 0

        proxy.start()
        wait_for(lambda: service.received_event_ids() == [event["id"]], timeout=30, message="the event handled")
        assert [row.event_id for row in service.inbox_rows()] == [event["id"]]
        assert queue_counts(broker_url, worker.queues.dead)[0] == 0
    finally:
        service.dispose()
