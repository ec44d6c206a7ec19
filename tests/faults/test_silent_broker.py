"""The broker accepts connections but stops answering (blocked publishers, half-open TCP).
The relay's waits end after its timeout (UDVALG_BROKER_TIMEOUT_SECONDS), readiness says 503
meanwhile, writes are accepted all along, and the events flow again without anyone cutting
a connection: once the broker answers new connections, the hung ones are given up."""

from __future__ import annotations

import pytest

from tests.faults.load import (
    BROKER_TIMEOUT_SECONDS,
    OUTAGE_SECONDS,
    WRITES,
    Writes,
    assert_each_accepted_write_arrived_once,
    readiness,
    wait_until_everything_arrived,
    write_meetings,
)
from tests.support.fixtures import wait_for

pytestmark = [pytest.mark.faults, pytest.mark.e2e, pytest.mark.integration, pytest.mark.messaging]


def test_relay_gives_up_on_a_silent_broker_after_its_timeout_readiness_says_so_and_nothing_is_lost_or_doubled(
    production, broker_proxy
):
    system = production(env={"UDVALG_BROKER_TIMEOUT_SECONDS": f"{BROKER_TIMEOUT_SECONDS:g}"})
    writes = Writes()

    # Silent for every connection, old and new.
    broker_proxy.silence()
    write_meetings(system, WRITES, over_seconds=OUTAGE_SECONDS, into=writes)
    assert writes.statuses() == {201: WRITES}
    not_ready = wait_for(lambda: (answer := readiness(system)).status_code == 503 and answer.json(),
                         timeout=30 + 4 * BROKER_TIMEOUT_SECONDS, message="readiness to report the silent broker")
    assert "RabbitMQ" in not_ready["detail"]
    assert system.unpublished() > 0
    broker_proxy.speak()
    wait_until_everything_arrived(system)
    wait_for(lambda: readiness(system).status_code == 200, timeout=60, message="readiness once the broker answers")

    # Half-open: the open connections hang for good and are never cut; new ones work.
    broker_proxy.hang()
    write_meetings(system, WRITES // 4, into=writes)
    assert writes.statuses() == {201: WRITES + WRITES // 4}
    assert_each_accepted_write_arrived_once(
        system, writes, f"broker silent for {OUTAGE_SECONDS:g} s, then its connections hung "
                        f"(broker timeout {BROKER_TIMEOUT_SECONDS:g} s)")
