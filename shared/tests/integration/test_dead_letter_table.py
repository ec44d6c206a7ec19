"""In the embedded system dead letters are rows of the service's dead_letters table; the
same dead-letters command lists, shows, replays (through the service's consumer, in the
command's process) and purges them."""

from __future__ import annotations

import pytest

from shared.bus.dead_letters import TableDeadLetters, run_command
from shared.bus.inprocess import InProcessBus
from shared.events import build_envelope
from shared.tests.factories import MEETING_SCHEDULED, meeting_scheduled_data
from shared.tests.miniservice import SOURCE

pytestmark = pytest.mark.integration


def test_a_dead_letter_of_the_embedded_bus_is_replayed_exactly_once_after_the_cause_is_fixed(service):
    broken = {"on": True}

    def handler(uow, event) -> None:
        if broken["on"]:
            raise RuntimeError("the committee is not known yet")
        service.record(uow, event)

    consumer = service.consumer(handler=handler)
    bus = InProcessBus(retry_delays=(0.01,))
    bus.subscribe(consumer)
    envelope = build_envelope(MEETING_SCHEDULED, meeting_scheduled_data(), source=SOURCE)
    bus.publish(envelope, routing_key=MEETING_SCHEDULED)
    store = TableDeadLetters(service.engine, service.bus, consumer)
    out: list[str] = []

    assert run_command(store, "list", [], False, out=out.append) == 1
    assert envelope["id"] in out[0] and "failed" in out[0] and "attempts 2" in out[0]

    broken["on"] = False
    assert run_command(store, "replay", [envelope["id"]], False, out=out.append) == 1
    assert service.received_event_ids() == [envelope["id"]]
    assert run_command(store, "replay", [], True, out=out.append) == 0, "a replayed row is not replayed again"
    assert run_command(store, "list", [], False, out=out.append) == 0
    [row] = service.dead_letter_rows()
    assert row.replayed_at is not None


def test_purge_deletes_the_chosen_dead_letter_rows(service):
    consumer = service.consumer()
    bus = InProcessBus(retry_delays=())
    bus.subscribe(consumer)
    invalid = build_envelope(MEETING_SCHEDULED, meeting_scheduled_data(), source=SOURCE)
    invalid["data"]["meeting"]["status"] = "postponed"
    bus.publish(invalid, routing_key=MEETING_SCHEDULED)
    store = TableDeadLetters(service.engine, service.bus, consumer)

    out: list[str] = []
    run_command(store, "list", [], False, out=out.append)
    assert "invalid" in out[0]
    assert run_command(store, "purge", [invalid["id"]], False, out=out.append) == 1
    assert service.dead_letter_rows() == []
