"""The inbox makes a redelivered event change nothing twice; the in-process bus retries and
dead-letters. On a real PostgreSQL database."""

from __future__ import annotations

import pytest

from shared.bus.consumer import Outcome
from shared.bus.inprocess import InProcessBus
from shared.events import InvalidEvent, build_envelope
from shared.tests.factories import MEETING_SCHEDULED, meeting_scheduled_data
from shared.tests.miniservice import SOURCE

pytestmark = pytest.mark.integration

RETRY_DELAYS = (0.01, 0.01)


def meeting_scheduled_envelope() -> dict:
    return build_envelope(MEETING_SCHEDULED, meeting_scheduled_data(), source=SOURCE)


class FlakyHandler:
    """Records the event, but raises on the first `failures` calls for the events in `poison`
    (for every event if `poison` is None) — after writing, so a failure must undo its effects."""

    def __init__(self, service, failures: int, poison: set[str] | None = None) -> None:
        self.service = service
        self.failures = failures
        self.poison = poison
        self.calls: list[str] = []

    def __call__(self, uow, event) -> None:
        self.calls.append(event.id)
        self.service.record(uow, event)
        uow.session.flush()
        failed_so_far = self.calls.count(event.id) - 1
        if (self.poison is None or event.id in self.poison) and failed_so_far < self.failures:
            raise RuntimeError(f"handler failed on {event.id}")


def test_handling_the_same_envelope_twice_changes_state_once(service):
    consumer = service.consumer()
    envelope = meeting_scheduled_envelope()

    assert consumer.handle(envelope) is Outcome.HANDLED
    assert consumer.handle(envelope) is Outcome.DUPLICATE

    assert service.received_event_ids() == [envelope["id"]]
    inbox = service.inbox_rows()
    assert [(row.consumer, row.event_id, row.event_type) for row in inbox] == [
        (consumer.name, envelope["id"], MEETING_SCHEDULED)
    ]


def test_each_consumer_has_its_own_inbox(service):
    first, second = service.consumer(), service.consumer()
    envelope = meeting_scheduled_envelope()

    assert first.handle(envelope) is Outcome.HANDLED
    assert second.handle(envelope) is Outcome.HANDLED

    assert service.received_event_ids() == [envelope["id"]] * 2
    assert {row.consumer for row in service.inbox_rows()} == {first.name, second.name}


def test_a_failing_handler_leaves_no_inbox_row_and_no_effects_so_a_retry_can_succeed(service):
    handler = FlakyHandler(service, failures=1)
    consumer = service.consumer(handler=handler)
    envelope = meeting_scheduled_envelope()

    with pytest.raises(RuntimeError, match="handler failed"):
        consumer.handle(envelope)

    assert service.inbox_rows() == []
    assert service.received_event_ids() == []

    assert consumer.handle(envelope) is Outcome.HANDLED
    assert service.received_event_ids() == [envelope["id"]]
    assert len(service.inbox_rows()) == 1


def test_an_envelope_that_breaks_the_contract_is_refused_before_any_change(service):
    consumer = service.consumer()
    envelope = meeting_scheduled_envelope()
    del envelope["data"]["meeting"]["place"]

    with pytest.raises(InvalidEvent):
        consumer.handle(envelope)

    assert service.inbox_rows() == []
    assert service.received_event_ids() == []


def test_in_process_bus_retries_a_handler_that_fails_twice_and_handles_the_event_once(service):
    handler = FlakyHandler(service, failures=2)
    bus = InProcessBus(retry_delays=RETRY_DELAYS)
    bus.subscribe(service.consumer(handler=handler))
    envelope = meeting_scheduled_envelope()

    bus.publish(envelope, routing_key=MEETING_SCHEDULED)

    assert handler.calls == [envelope["id"]] * 3
    assert service.received_event_ids() == [envelope["id"]]
    assert len(service.inbox_rows()) == 1
    assert service.dead_letter_rows() == []


def test_in_process_bus_dead_letters_an_always_failing_event_and_goes_on_delivering(service):
    poison = meeting_scheduled_envelope()
    good = meeting_scheduled_envelope()
    handler = FlakyHandler(service, failures=10**6, poison={poison["id"]})
    bus = InProcessBus(retry_delays=RETRY_DELAYS)
    consumer = service.consumer(handler=handler)
    bus.subscribe(consumer)

    bus.publish(poison, routing_key=MEETING_SCHEDULED)
    bus.publish(good, routing_key=MEETING_SCHEDULED)

    assert handler.calls == [poison["id"]] * (len(RETRY_DELAYS) + 1) + [good["id"]]
    [dead] = service.dead_letter_rows()
    assert dead.consumer == consumer.name
    assert dead.event_id == poison["id"]
    assert dead.envelope == poison
    assert dead.attempts == len(RETRY_DELAYS) + 1
    assert "handler failed" in dead.error
    assert dead.replayed_at is None
    assert service.received_event_ids() == [good["id"]]
    assert [row.event_id for row in service.inbox_rows()] == [good["id"]]


def test_in_process_bus_dead_letters_an_invalid_envelope_without_retrying(service):
    handler = FlakyHandler(service, failures=0)
    bus = InProcessBus(retry_delays=RETRY_DELAYS)
    consumer = service.consumer(handler=handler)
    bus.subscribe(consumer)
    invalid = meeting_scheduled_envelope()
    invalid["data"]["meeting"]["status"] = "postponed"

    bus.publish(invalid, routing_key=MEETING_SCHEDULED)

    assert handler.calls == []
    [dead] = service.dead_letter_rows()
    assert dead.consumer == consumer.name
    assert dead.event_id == invalid["id"]
    assert dead.attempts == 1
    assert "InvalidEvent" in dead.error
    assert service.inbox_rows() == []


def test_in_process_bus_dead_letters_an_event_whose_source_does_not_own_it_without_retrying(service):
    handler = FlakyHandler(service, failures=0)
    bus = InProcessBus(retry_delays=RETRY_DELAYS)
    bus.subscribe(service.consumer(handler=handler))
    forged = meeting_scheduled_envelope()
    forged["source"] = "/udvalg/awards"

    bus.publish(forged, routing_key=MEETING_SCHEDULED)

    assert handler.calls == []
    [dead] = service.dead_letter_rows()
    assert dead.attempts == 1
    assert dead.error.startswith("foreign-source: ForeignEvent(")
    assert service.inbox_rows() == []


def test_in_process_bus_delivers_only_to_consumers_bound_to_the_routing_key(service):
    bound = FlakyHandler(service, failures=0)
    bus = InProcessBus(retry_delays=RETRY_DELAYS)
    bus.subscribe(service.consumer(handler=bound))
    envelope = meeting_scheduled_envelope()

    bus.publish(envelope, routing_key="agenda.committee.created.v1")

    assert bound.calls == []
    assert service.dead_letter_rows() == []


def test_committed_event_reaches_an_in_process_consumer_through_the_relay_exactly_once(service):
    bus = InProcessBus(retry_delays=RETRY_DELAYS)
    bus.subscribe(service.consumer())
    relay = service.relay(bus)
    event_id = service.commit_meeting_scheduled()

    assert relay.publish_pending() == 1
    assert relay.publish_pending() == 0

    assert service.received_event_ids() == [event_id]
    assert service.outbox_row(event_id).published_at is not None
