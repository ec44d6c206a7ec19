"""Workers SIGKILLed mid-batch while writes go on: the agenda worker's relay while it
works through a backlog of the outbox (some events handed to the broker and perhaps not
yet marked published), and the decisions worker with messages in hand that it has not
acknowledged. Started again, they deliver every meeting once: what was handed over twice
is recognised by the decisions service's inbox."""

from __future__ import annotations

import pytest

from tests.faults.load import (
    OUTAGE_SECONDS,
    WRITES,
    Writes,
    assert_each_accepted_write_arrived_once,
    in_background,
    write_meetings,
)
from tests.support.fixtures import wait_for

pytestmark = [pytest.mark.faults, pytest.mark.e2e, pytest.mark.integration, pytest.mark.messaging]


def test_workers_killed_mid_batch_and_started_again_lose_and_double_nothing(production):
    system = production()
    writes = Writes()
    # A backlog: the agenda worker is away while the first half of the writes come in.
    system.kill_worker("agenda")
    write_meetings(system, WRITES // 2, into=writes)
    assert system.unpublished() >= WRITES // 2
    rest = in_background(lambda: write_meetings(system, WRITES - WRITES // 2, over_seconds=OUTAGE_SECONDS,
                                                into=writes))
    system.start_worker("agenda")

    # Mid-batch: the first copies have arrived, most of the backlog has not.
    wait_for(lambda: system.copied_meeting_ids(), timeout=60, interval=0.02, message="the first copies")
    system.kill_worker("agenda")
    system.kill_worker("decisions")
    unpublished, copied = system.unpublished(), len(system.copied_meeting_ids())
    assert unpublished > 0 and copied < len(system.meeting_ids()), "the workers were killed with work in hand"

    system.start_worker("agenda")
    system.start_worker("decisions")
    rest.join()
    assert writes.statuses() == {201: WRITES}
    assert_each_accepted_write_arrived_once(system, writes, "agenda and decisions workers SIGKILLed mid-batch")
    duplicates = system.processes.log("decisions-worker").count('"consumer.duplicate"')
    print(f"killed with {unpublished} events unpublished and {copied} copied; "
          f"the decisions worker recognised {duplicates} redelivered event(s) as duplicates")
