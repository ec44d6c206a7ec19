"""What a worker reports about its broker: lost until the failing part succeeds again, and
lost too when a part's loop stops going round (a wait that should have ended did not)."""

from __future__ import annotations

import time

from shared.bus.health import BrokerStatus


def test_broker_is_lost_from_the_first_failure_until_that_part_succeeds():
    status = BrokerStatus()
    assert status.lost_since() is None

    status.lost("relay", "connect: ConnectionRefusedError(111)")
    since, error = status.lost_since()
    status.lost("relay", "connect: ConnectionRefusedError(111) again")
    assert status.lost_since()[0] == since, "lost since the first failure"
    status.ok("consumer")
    assert status.lost_since() is not None, "another part's success says nothing about the relay"

    status.ok("relay")
    assert status.lost_since() is None
    assert "relay: connect" in error


def test_a_part_whose_loop_stopped_going_round_counts_as_lost():
    status = BrokerStatus()
    status.looping("relay", stalled_after=60)
    assert status.lost_since() is None

    status.looping("relay", stalled_after=0.01)
    time.sleep(0.05)
    lost = status.lost_since()
    assert lost is not None and "relay has not gone round" in lost[1]

    status.looping("relay", stalled_after=60)
    assert status.lost_since() is None
