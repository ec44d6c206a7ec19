"""The broker refuses connections for a while during many writes: every write is accepted
(the agenda service needs no broker to take one), readiness says 503 while events wait,
and once the broker is back every meeting reaches the decisions service once."""

from __future__ import annotations

import pytest

from tests.faults.load import (
    OUTAGE_SECONDS,
    WRITES,
    assert_each_accepted_write_arrived_once,
    readiness,
    wait_until_everything_arrived,
    write_meetings,
)
from tests.support.fixtures import wait_for

pytestmark = [pytest.mark.faults, pytest.mark.e2e, pytest.mark.integration, pytest.mark.messaging]


def test_writes_while_the_broker_refuses_connections_all_arrive_exactly_once_when_it_returns(
    production, broker_proxy
):
    system = production()
    broker_proxy.stop()
    writes = write_meetings(system, WRITES, over_seconds=OUTAGE_SECONDS)
    assert writes.statuses() == {201: WRITES}
    # The workers report the lost broker with their heartbeat (every 5 s).
    not_ready = wait_for(lambda: (answer := readiness(system)).status_code == 503 and answer.json(), timeout=30,
                         message="readiness to say the events do not move")
    assert "RabbitMQ" in not_ready["detail"]
    assert not system.copied_meeting_ids(), "nothing can have passed a broker that refuses"

    broker_proxy.start()
    wait_until_everything_arrived(system)
    wait_for(lambda: readiness(system).status_code == 200, timeout=60, message="readiness once the broker is back")
    assert_each_accepted_write_arrived_once(system, writes, f"broker refusing for {OUTAGE_SECONDS:g} s")
