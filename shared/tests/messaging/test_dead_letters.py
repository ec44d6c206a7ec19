"""The dead-letters command on a plain RabbitMQ (no management or shovel plugin): list and
show leave the queue as it was, replay after the cause is fixed delivers exactly once,
purge throws away only what it is told to."""

from __future__ import annotations

import pytest

from shared.bus.dead_letters import BrokerDeadLetters, run_command
from shared.tests.messaging.broker import (
    ObservedConsumer,
    meeting_scheduled_envelope,
    publish,
    publish_raw,
    queue_counts,
)
from tests.support.fixtures import wait_for

pytestmark = [pytest.mark.integration, pytest.mark.messaging]


def command(broker_url: str, consumer_name: str, action: str, *event_ids: str, every: bool = False):
    out: list[str] = []
    done = run_command(BrokerDeadLetters(broker_url, consumer_name), action, event_ids, every, out=out.append)
    return done, "\n".join(out)


def test_dead_letter_replayed_after_the_cause_is_fixed_is_handled_exactly_once(
    service, start_worker, publisher_factory, broker_url
):
    broken = {"on": True}

    def handler(uow, event) -> None:
        if broken["on"]:
            raise RuntimeError("the committee is not known yet")
        service.record(uow, event)

    consumer = service.consumer(handler=handler, consumer_class=ObservedConsumer)
    worker = start_worker(consumer, retry_delays=(0.05,))
    stuck = meeting_scheduled_envelope()
    stuck["correlationid"] = "request-17"
    publish(publisher_factory(broker_url), stuck)
    wait_for(lambda: queue_counts(broker_url, worker.queues.dead)[0] == 1, message="the dead letter")

    listed, text = command(broker_url, consumer.name, "list")
    assert listed == 1
    assert stuck["id"] in text and "agenda.meeting.scheduled.v1" in text
    assert "failed" in text and consumer.name in text and "attempts 2" in text
    assert "the committee is not known yet" in text
    _, details = command(broker_url, consumer.name, "show", stuck["id"])
    assert "request-17" in details and '"place"' in details
    assert queue_counts(broker_url, worker.queues.dead)[0] == 1, "looking removes nothing"

    broken["on"] = False
    replayed, text = command(broker_url, consumer.name, "replay", stuck["id"])
    assert replayed == 1 and f"replayed {stuck['id']}" in text

    wait_for(lambda: service.received_event_ids() == [stuck["id"]], message="the replayed event")
    assert queue_counts(broker_url, worker.queues.dead)[0] == 0
    assert command(broker_url, consumer.name, "replay", every=True)[0] == 0, "nothing left to replay"
    worker.stop()
    assert service.received_event_ids() == [stuck["id"]], "handled exactly once"
    assert [row.event_id for row in service.inbox_rows()] == [stuck["id"]]
    assert [outcome for event_id, outcome in consumer.outcomes if event_id == stuck["id"]][-1].value == "handled"


def test_purge_throws_away_only_the_chosen_dead_letter_and_show_prints_an_unreadable_one_as_it_is(
    service, start_worker, publisher_factory, broker_url
):
    consumer = service.consumer(consumer_class=ObservedConsumer)
    worker = start_worker(consumer)
    publish_raw(broker_url, b"{broken", "application/json", "utf-8", message_id="unreadable-7")
    invalid = meeting_scheduled_envelope()
    invalid["data"]["meeting"]["status"] = "postponed"
    publish(publisher_factory(broker_url), invalid)
    wait_for(lambda: queue_counts(broker_url, worker.queues.dead)[0] == 2, message="two dead letters")

    _, details = command(broker_url, consumer.name, "show", "unreadable-7")
    assert "undecodable" in details and "{broken" in details

    purged, text = command(broker_url, consumer.name, "purge", "unreadable-7", "no-such-id")
    assert purged == 1 and "no dead letter with event id no-such-id" in text
    listed, text = command(broker_url, consumer.name, "list")
    assert listed == 1 and invalid["id"] in text and "invalid" in text
    assert command(broker_url, consumer.name, "purge", every=True)[0] == 1
    assert queue_counts(broker_url, worker.queues.dead)[0] == 0
