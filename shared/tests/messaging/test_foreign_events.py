"""A RabbitMQ consumer dead-letters, at once, an event whose source does not own its type,
and one that was routed as one type but claims to be another (the broker's topic
permissions vouch for the routing key only)."""

from __future__ import annotations

import json

import pytest

from shared.bus.rabbitmq import ERROR_HEADER
from shared.tests.messaging.broker import (
    ObservedConsumer,
    assert_dead_letter_headers,
    get_message,
    meeting_scheduled_envelope,
    publish,
    publish_raw,
    queue_counts,
)
from tests.support.fixtures import wait_for

pytestmark = [pytest.mark.integration, pytest.mark.messaging]


def test_event_whose_source_does_not_own_its_type_is_dead_lettered_and_never_handled(
    service, start_worker, broker_url
):
    consumer = service.consumer(consumer_class=ObservedConsumer)
    worker = start_worker(consumer)
    forged = meeting_scheduled_envelope()
    forged["source"] = "/udvalg/awards"
    forged["data"]["meeting"]["updated_at"] = "2099-01-01T00:00:00+00:00"

    publish_raw(broker_url, json.dumps(forged).encode(), "application/json", "utf-8", message_id=forged["id"])

    dead = wait_for(lambda: get_message(broker_url, worker.queues.dead), message="the dead letter")
    assert dead["body"] == forged
    assert_dead_letter_headers(dead["headers"], reason="foreign-source", consumer=consumer.name, attempts=1)
    assert "'/udvalg/awards' may not publish" in dead["headers"][ERROR_HEADER]
    assert service.received_event_ids() == [] and service.inbox_rows() == []
    worker.stop()
    assert queue_counts(broker_url, worker.queues.retry)[0] == 0, "never retried"


def test_event_routed_as_one_type_but_claiming_another_is_dead_lettered(
    service, start_worker, publisher_factory, broker_url
):
    consumer = service.consumer(consumer_class=ObservedConsumer)
    worker = start_worker(consumer)
    claims_other = meeting_scheduled_envelope()
    claims_other["type"] = "agenda.meeting.rescheduled.v1"
    good = meeting_scheduled_envelope()

    # Routed with the key the consumer is bound to, but the body says something else.
    publish_raw(broker_url, json.dumps(claims_other).encode(), "application/json", "utf-8")
    publish(publisher_factory(broker_url), good)

    wait_for(lambda: service.received_event_ids() == [good["id"]], message="the good event")
    dead = wait_for(lambda: get_message(broker_url, worker.queues.dead), message="the dead letter")
    assert_dead_letter_headers(dead["headers"], reason="foreign-source", consumer=consumer.name, attempts=1)
    assert "routed as 'agenda.meeting.scheduled.v1' but the envelope says" in dead["headers"][ERROR_HEADER]
