"""A broker that accepts connections but stops answering (half-open TCP, blocked
publishers): every wait on it ends after its timeout, is logged, holds no transaction or
row lock beyond it, and the relay and the consumer recover by themselves once it answers.

The proxy in front of the broker plays the silence: it keeps the connections open but
passes nothing on, so writes fill the buffers and confirms never come.
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select, text
from structlog.testing import capture_logs

from shared.bus.health import BrokerStatus
from shared.bus.rabbitmq import CONSUMER, RELAY
from shared.tests.messaging.broker import ObservedConsumer, meeting_scheduled_envelope, publish
from tests.support.fixtures import wait_for

pytestmark = [pytest.mark.integration, pytest.mark.messaging]

TIMEOUT = 1.0
# Generous: the point is that the wait ends while the broker is still silent, not how fast.
ENDS_WITHIN = 30


def in_thread(action) -> dict:
    """Run `action` in a thread; the dict gets its result or exception when it ends."""
    outcome: dict = {}

    def run() -> None:
        try:
            outcome["result"] = action()
        except Exception as exc:  # noqa: BLE001 - handed to the test
            outcome["error"] = exc

    threading.Thread(target=run, daemon=True).start()
    return outcome


def test_relay_gives_up_on_a_silent_broker_logs_it_releases_the_rows_and_recovers(
    make_service, start_worker, proxy, proxied_url, publisher_factory
):
    producer, subscriber = make_service(), make_service()
    consumer = subscriber.consumer(consumer_class=ObservedConsumer)
    start_worker(consumer)
    status = BrokerStatus()
    relay = producer.relay(publisher_factory(proxied_url, timeout=TIMEOUT, status=status))
    before = producer.commit_meeting_scheduled()
    assert relay.publish_pending() == 1

    proxy.silence()
    during = producer.commit_meeting_scheduled()
    with capture_logs() as logs:
        outcome = in_thread(relay.publish_pending)
        wait_for(lambda: outcome, timeout=ENDS_WITHIN, message="the publish to give up on the silent broker")
    assert isinstance(outcome.get("error"), Exception), outcome
    assert any(entry["event"].startswith("broker.") and entry["log_level"] == "warning" for entry in logs), logs
    row = producer.outbox_row(during)
    assert row.published_at is None
    assert row.attempts == 1 and row.last_error
    assert status.lost_since() is not None
    with producer.engine.connect() as conn:
        # Nobody holds the row any more: another relay could take it at once.
        locked = conn.execute(select(producer.bus.outbox.c.id).where(producer.bus.outbox.c.event_id == during)
                              .with_for_update(nowait=True)).all()
        assert len(locked) == 1
        assert conn.scalar(text("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                                "AND state = 'idle in transaction' AND pid <> pg_backend_pid()")) == 0

    proxy.speak()
    assert relay.publish_pending() == 1
    assert status.lost_since() is None
    wait_for(lambda: subscriber.received_event_ids() == [before, during], message="the event held up by the silence")


def test_idle_relay_notices_a_silent_broker_and_reconnects_when_it_answers(
    make_service, proxy, proxied_url, publisher_factory
):
    producer = make_service()
    status = BrokerStatus()
    relay = producer.relay(publisher_factory(proxied_url, timeout=TIMEOUT, status=status), poll_seconds=0.1)
    stop = threading.Event()
    thread = threading.Thread(target=relay.run, args=(stop,), daemon=True)
    thread.start()
    try:
        producer.commit_meeting_scheduled()
        wait_for(lambda: all(row.published_at for row in producer.outbox_rows()), message="the first event")
        connections = proxy.connections_seen

        proxy.silence()
        lost = wait_for(status.lost_since, timeout=ENDS_WITHIN, message="the idle relay to notice the silence")
        assert RELAY in lost[1]

        proxy.speak()
        wait_for(lambda: status.lost_since() is None, timeout=ENDS_WITHIN, message="the relay to reconnect")
        assert proxy.connections_seen > connections
        producer.commit_meeting_scheduled()
        wait_for(lambda: all(row.published_at for row in producer.outbox_rows()), message="an event after it")
    finally:
        stop.set()
        relay.wakeup.set()
        thread.join(timeout=ENDS_WITHIN)
    assert not thread.is_alive()


def test_consumer_worker_notices_a_silent_broker_and_goes_on_consuming_when_it_answers(
    service, start_worker, proxy, proxied_url, publisher_factory, broker_url
):
    status = BrokerStatus()
    consumer = service.consumer(consumer_class=ObservedConsumer)
    worker = start_worker(consumer, url=proxied_url, timeout=TIMEOUT, status=status)
    publisher = publisher_factory(broker_url)
    first = meeting_scheduled_envelope()
    publish(publisher, first)
    wait_for(lambda: service.received_event_ids() == [first["id"]], message="the first event")

    proxy.silence()
    lost = wait_for(status.lost_since, timeout=ENDS_WITHIN, message="the consumer to notice the silence")
    assert CONSUMER in lost[1]
    during = meeting_scheduled_envelope()
    publish(publisher, during)  # straight to the broker: it waits in the queue

    proxy.speak()
    wait_for(lambda: service.received_event_ids() == [first["id"], during["id"]], timeout=ENDS_WITHIN,
             message="the event sent during the silence")
    wait_for(lambda: status.lost_since() is None, message="the consumer to report the broker back")

    proxy.stop()
    worker.stop()  # told to stop while it waits to reconnect, it stops at once (asserted inside)
