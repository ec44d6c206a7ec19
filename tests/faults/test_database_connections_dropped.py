"""PostgreSQL connections dropped under load: while writes and reads go on, every open
connection of the services' processes is cut again and again, and for a while PostgreSQL
refuses new ones. A request that meets the fault is answered with a Danish 503
problem+json, never a 500; the same processes (no restart) answer the next ones; and every
meeting the agenda service holds reached the decisions service once."""

from __future__ import annotations

import os
import threading
import time
from collections import Counter

import pytest
import requests

from tests.faults.load import (
    SERVICE_UNAVAILABLE_TITLE,
    WRITES,
    Outcome,
    Writes,
    assert_each_accepted_write_arrived_once,
    in_background,
    write_meetings,
)

pytestmark = [pytest.mark.faults, pytest.mark.e2e, pytest.mark.integration, pytest.mark.messaging]

DROP_SECONDS = float(os.environ.get("UDVALG_FAULT_DATABASE_DROP_SECONDS", "10"))
# Within the drops, PostgreSQL refuses new connections for this long: longer than the
# consumer's retries (0.2 + 0.5 s here), which must not be spent on a database that is away.
REFUSE_SECONDS = float(os.environ.get("UDVALG_FAULT_DATABASE_REFUSE_SECONDS", "3"))


def drop_connections(database_proxy, stop: threading.Event) -> None:
    """Cut every connection every half second; in the middle, refuse new ones for a while."""
    started = time.monotonic()
    refused = False
    while not stop.is_set() and time.monotonic() - started < DROP_SECONDS:
        if not refused and time.monotonic() - started > (DROP_SECONDS - REFUSE_SECONDS) / 2:
            database_proxy.stop()
            time.sleep(REFUSE_SECONDS)
            database_proxy.start()
            refused = True
        database_proxy.cut()
        time.sleep(0.5)


def read_meetings(system, stop: threading.Event, reads: list[Outcome]) -> None:
    session = requests.Session()
    session.headers.update(system.api.headers)
    while not stop.is_set():
        try:
            response = session.get(f"{system.base}/api/v1/meetings", params={"committee": system.committee_id}, timeout=30)
            body = response.json() if "json" in response.headers.get("Content-Type", "") else {}
            reads.append(Outcome(response.status_code, response.headers.get("Content-Type", ""),
                                 body if isinstance(body, dict) else {}, response.text[:300]))
        except requests.RequestException as exc:
            reads.append(Outcome(None, text=repr(exc)))


def assert_service_unavailable_in_danish(outcome: Outcome) -> None:
    assert outcome.content_type.startswith("application/problem+json"), outcome
    assert outcome.body["title"] == SERVICE_UNAVAILABLE_TITLE, outcome
    assert "Databasen" in outcome.body["detail"], outcome


def test_requests_meeting_dropped_database_connections_get_a_danish_503_and_then_succeed_without_a_restart(
    production, database_proxy
):
    system = production(env={"UDVALG_RETRY_DELAYS": "0.2,0.5"}, database_proxy=database_proxy)
    web = dict(system.processes.running)["agenda-web"]
    stop = threading.Event()
    reads: list[Outcome] = []
    faults = in_background(lambda: drop_connections(database_proxy, stop))
    reader = in_background(lambda: read_meetings(system, stop, reads))
    writes = Writes()
    write_meetings(system, WRITES, over_seconds=DROP_SECONDS, into=writes)
    faults.join()
    stop.set()
    reader.join()

    answers = writes.outcomes + reads
    assert not [o for o in answers if o.status is None or o.status >= 500 and o.status != 503], "no 500, every answer"
    unavailable = [o for o in answers if o.status == 503]
    assert unavailable, "the dropped connections reached no request: the test did not test"
    for outcome in unavailable:
        assert_service_unavailable_in_danish(outcome)
    assert {o.status for o in writes.outcomes} <= {201, 503}
    assert {o.status for o in reads} <= {200, 503}

    # The same gunicorn, never restarted, answers again.
    assert web.poll() is None
    again = write_meetings(system, 10, into=writes)
    assert [o.status for o in again.outcomes[-10:]] == [201] * 10
    assert system.api.get(f"{system.base}/api/v1/meetings", params={"committee": system.committee_id},
                          timeout=30).status_code == 200
    print(f"\ndatabase drops {DROP_SECONDS:g} s (refused {REFUSE_SECONDS:g} s): reads answered "
          f"{dict(Counter(o.status for o in reads))}")
    assert_each_accepted_write_arrived_once(system, writes, f"database connections dropped for {DROP_SECONDS:g} s")
    assert "Traceback" not in system.processes.log("agenda-web")

