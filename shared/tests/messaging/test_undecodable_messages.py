"""A message a consumer cannot read is dead-lettered like every other failure, never acked
and lost (kombu's own default would log and ack it); and every log line about a message
names it, from before its body is parsed until it is done with."""

from __future__ import annotations

import pytest
import structlog
from structlog.testing import capture_logs

from shared.bus.rabbitmq import ERROR_HEADER
from shared.tests.factories import MEETING_SCHEDULED
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

UNREADABLE = {
    "malformed JSON": (b'{"id": "1", "type": ', "application/json", "utf-8"),
    "wrong content type": (b"id=1&type=agenda.meeting.scheduled.v1", "text/plain", "utf-8"),
    "JSON that is not an object": (b'["agenda.meeting.scheduled.v1"]', "application/json", "utf-8"),
    "bytes that are not UTF-8": (b'{"id": "\xff\xfe"}', "application/json", "utf-8"),
    "no content type": (b"\x00\x01\x02", None, None),
}


@pytest.mark.parametrize("case", UNREADABLE)
def test_unreadable_message_is_dead_lettered_as_it_came_and_the_consumer_goes_on(
    case, service, start_worker, publisher_factory, broker_url
):
    body, content_type, encoding = UNREADABLE[case]
    consumer = service.consumer(consumer_class=ObservedConsumer)
    worker = start_worker(consumer)

    publish_raw(broker_url, body, content_type, encoding, message_id="unreadable-1")
    good = meeting_scheduled_envelope()
    publish(publisher_factory(broker_url), good)

    wait_for(lambda: service.received_event_ids() == [good["id"]], message="the good event after it")
    dead = wait_for(lambda: get_message(broker_url, worker.queues.dead, decode=False), message="the dead letter")
    assert dead["body"] == body, "the dead letter keeps the bytes as they came"
    assert dead["properties"]["message_id"] == "unreadable-1"
    assert_dead_letter_headers(dead["headers"], reason="undecodable", consumer=consumer.name, attempts=1)
    assert dead["headers"][ERROR_HEADER]
    assert consumer.outcomes == [(good["id"], consumer.outcomes[0][1])], "the unreadable one never reached it"
    worker.stop()
    assert queue_counts(broker_url, worker.queues.main)[0] == 0, "nothing left unacked"


def test_every_log_line_about_a_message_names_it_and_nothing_carries_over_to_the_next(
    service, start_worker, publisher_factory, broker_url
):
    poison = meeting_scheduled_envelope()
    poison["correlationid"] = "request-4711"
    good = meeting_scheduled_envelope()

    def handler(uow, event) -> None:
        service.record(uow, event)
        if event.id == poison["id"]:
            raise RuntimeError("cannot handle this one")

    worker = start_worker(service.consumer(handler=handler), retry_delays=())
    with capture_logs(processors=[structlog.contextvars.merge_contextvars]) as logs:
        publish_raw(broker_url, b"{not json", "application/json", "utf-8", message_id="raw-1",
                    correlation_id="request-4712")
        publish(publisher_factory(broker_url), poison, good)
        wait_for(lambda: service.received_event_ids() == [good["id"]], message="the good event")
        wait_for(lambda: queue_counts(broker_url, worker.queues.dead)[0] == 2, message="both dead letters")

    by_event = {entry["event"]: entry for entry in logs if entry["event"].startswith("consumer.")}
    unreadable = [e for e in logs if e.get("reason") == "undecodable"]
    assert unreadable and unreadable[0]["message_id"] == "raw-1"
    assert unreadable[0]["correlation_id"] == "request-4712", "bound from the properties, before parsing"
    failed = [e for e in logs if e.get("reason") == "failed"]
    assert failed and failed[0]["message_id"] == poison["id"] and failed[0]["correlation_id"] == "request-4711"
    assert failed[0]["event_type"] == MEETING_SCHEDULED and failed[0]["log_level"] == "error"
    handled = by_event["consumer.handled"]
    assert handled["message_id"] == good["id"]
    assert "correlation_id" not in handled, "the previous message's id was cleared"
