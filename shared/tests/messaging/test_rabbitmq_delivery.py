"""Delivery through a real RabbitMQ: outages, redeliveries and poison messages.

The producing and the consuming service each have their own PostgreSQL database. The relay
reaches the broker through a TCP proxy the tests switch off to play an outage; the consumer
worker runs in a thread, connected to the broker directly.
"""

from __future__ import annotations

import threading

import pytest

from shared.bus.consumer import Outcome
from shared.bus.rabbitmq import ATTEMPT_HEADER, ERROR_HEADER
from shared.tests.messaging.broker import (
    RETRY_DELAYS,
    ObservedConsumer,
    assert_dead_letter_headers,
    get_message,
    meeting_scheduled_envelope,
    publish,
    queue_counts,
)
from tests.support.fixtures import wait_for

pytestmark = [pytest.mark.integration, pytest.mark.messaging]


# -- outages ------------------------------------------------------------------------------------


def test_event_published_while_broker_down_is_delivered_when_it_returns(
    make_service, start_worker, proxy, proxied_url, publisher_factory, broker_url
):
    producer, subscriber = make_service(), make_service()
    consumer = subscriber.consumer(consumer_class=ObservedConsumer)
    worker = start_worker(consumer)
    relay = producer.relay(publisher_factory(proxied_url))

    before = producer.commit_meeting_scheduled()
    assert relay.publish_pending() == 1
    wait_for(lambda: subscriber.received_event_ids() == [before], message="the first event")

    proxy.stop()
    during = producer.commit_meeting_scheduled()
    with pytest.raises(Exception):  # noqa: B017 - whatever the transport raises
        relay.publish_pending()
    row = producer.outbox_row(during)
    assert row.published_at is None
    assert row.attempts >= 1
    assert row.last_error

    proxy.start()
    assert relay.publish_pending() == 1
    assert producer.outbox_row(during).published_at is not None
    wait_for(lambda: subscriber.received_event_ids() == [before, during], message="the event sent in the outage")

    worker.stop()
    assert consumer.outcomes == [(before, Outcome.HANDLED), (during, Outcome.HANDLED)], "nothing lost or sent twice"
    assert queue_counts(broker_url, worker.queues.main)[0] == 0
    assert [row.event_id for row in subscriber.inbox_rows()] == sorted([before, during])


def test_running_relay_keeps_trying_through_an_outage_and_delivers_everything_in_order(
    make_service, start_worker, proxy, proxied_url, publisher_factory, broker_url
):
    producer, subscriber = make_service(), make_service()
    consumer = subscriber.consumer(consumer_class=ObservedConsumer)
    worker = start_worker(consumer)
    relay = producer.relay(publisher_factory(proxied_url), poll_seconds=0.2, max_backoff_seconds=0.5)
    stop = threading.Event()
    relay_thread = threading.Thread(target=relay.run, args=(stop,), name="relay", daemon=True)
    relay_thread.start()
    try:
        first = producer.commit_meeting_scheduled()
        wait_for(lambda: subscriber.received_event_ids() == [first], message="the first event")

        proxy.stop()
        in_outage = [producer.commit_meeting_scheduled() for _ in range(3)]
        wait_for(lambda: producer.outbox_row(in_outage[0]).attempts >= 1, message="the relay to fail")
        assert all(producer.outbox_row(event_id).published_at is None for event_id in in_outage)
        assert subscriber.received_event_ids() == [first]

        proxy.start()
        expected = [first, *in_outage]
        wait_for(lambda: subscriber.received_event_ids() == expected, message="the events sent in the outage")
        wait_for(
            lambda: all(row.published_at is not None for row in producer.outbox_rows()),
            message="the relay to mark every row published",
        )
    finally:
        stop.set()
        relay.wakeup.set()
        relay_thread.join(timeout=10)
    assert not relay_thread.is_alive()

    worker.stop()
    assert consumer.outcomes == [(event_id, Outcome.HANDLED) for event_id in expected]
    assert queue_counts(broker_url, worker.queues.main)[0] == 0


def test_publisher_whose_connection_was_cut_reconnects_and_the_event_arrives_once(
    make_service, start_worker, proxy, proxied_url, publisher_factory
):
    producer, subscriber = make_service(), make_service()
    start_worker(subscriber.consumer())
    relay = producer.relay(publisher_factory(proxied_url))
    first = producer.commit_meeting_scheduled()
    assert relay.publish_pending() == 1
    connections_before = proxy.connections_seen

    proxy.cut()
    second = producer.commit_meeting_scheduled()
    assert relay.publish_pending() == 1

    assert proxy.connections_seen > connections_before, "the publisher opened a new connection"
    wait_for(lambda: subscriber.received_event_ids() == [first, second], message="both events")


# -- redelivery ---------------------------------------------------------------------------------


def test_same_envelope_published_twice_changes_consumer_state_once_and_both_are_acked(
    service, start_worker, publisher_factory, broker_url
):
    consumer = service.consumer(consumer_class=ObservedConsumer)
    worker = start_worker(consumer)
    publisher = publisher_factory(broker_url)
    envelope = meeting_scheduled_envelope()

    publish(publisher, envelope)
    publish(publisher, dict(envelope))

    wait_for(lambda: len(consumer.outcomes) == 2, message="both deliveries")
    assert consumer.outcomes == [(envelope["id"], Outcome.HANDLED), (envelope["id"], Outcome.DUPLICATE)]
    assert service.received_event_ids() == [envelope["id"]]
    assert len(service.inbox_rows()) == 1

    worker.stop()  # an unacked message would now be back in the queue
    assert queue_counts(broker_url, worker.queues.main)[0] == 0
    assert queue_counts(broker_url, worker.queues.retry)[0] == 0
    assert queue_counts(broker_url, worker.queues.dead)[0] == 0


# -- poison messages ----------------------------------------------------------------------------


def test_always_failing_event_is_retried_then_dead_lettered_while_the_consumer_keeps_serving(
    service, start_worker, publisher_factory, broker_url
):
    poison = meeting_scheduled_envelope()
    good = meeting_scheduled_envelope()
    attempts: list[str] = []

    def handler(uow, event) -> None:
        attempts.append(event.id)
        service.record(uow, event)
        if event.id == poison["id"]:
            raise RuntimeError("cannot handle this one")

    consumer = service.consumer(handler=handler, consumer_class=ObservedConsumer)
    worker = start_worker(consumer, retry_delays=RETRY_DELAYS)
    publisher = publisher_factory(broker_url)

    publish(publisher, poison, good)

    wait_for(lambda: service.received_event_ids() == [good["id"]], message="the good event")
    dead = wait_for(lambda: get_message(broker_url, worker.queues.dead), message="the dead letter")
    assert dead["body"]["id"] == poison["id"]
    assert dead["body"] == poison
    assert_dead_letter_headers(dead["headers"], reason="failed", consumer=consumer.name,
                               attempts=len(RETRY_DELAYS) + 1)
    assert "cannot handle this one" in dead["headers"][ERROR_HEADER]
    assert attempts.count(poison["id"]) == len(RETRY_DELAYS) + 1
    assert attempts.count(good["id"]) == 1
    assert [row.event_id for row in service.inbox_rows()] == [good["id"]]

    worker.stop()
    assert queue_counts(broker_url, worker.queues.main)[0] == 0
    assert queue_counts(broker_url, worker.queues.retry)[0] == 0
    assert queue_counts(broker_url, worker.queues.dead)[0] == 0


def test_invalid_envelope_is_dead_lettered_at_once_without_retries(
    service, start_worker, publisher_factory, broker_url
):
    consumer = service.consumer(consumer_class=ObservedConsumer)
    worker = start_worker(consumer, retry_delays=RETRY_DELAYS)
    invalid = meeting_scheduled_envelope()
    invalid["data"]["meeting"]["status"] = "postponed"

    publish(publisher_factory(broker_url), invalid)

    dead = wait_for(lambda: get_message(broker_url, worker.queues.dead), message="the dead letter")
    assert dead["body"]["id"] == invalid["id"]
    assert ATTEMPT_HEADER not in dead["headers"], "it was never sent to the retry queue"
    assert_dead_letter_headers(dead["headers"], reason="invalid", consumer=consumer.name, attempts=1)
    assert "Must be one of: planned" in dead["headers"][ERROR_HEADER]
    assert consumer.outcomes == [(invalid["id"], "InvalidEvent")]
    assert service.inbox_rows() == []
    worker.stop()
    assert queue_counts(broker_url, worker.queues.retry)[0] == 0
