"""Writes and reads against the production path from several threads, and the checks every
fault test ends with: each write the agenda service accepted reached the decisions
service once, and nothing else did."""

from __future__ import annotations

import os
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import requests

from tests.support.fixtures import wait_for
from tests.support.production import ProductionPath

# The figures are a 60 s outage and 1,000 writes; the suite runs smaller ones. Set
# these to run the full figures by hand (README.md, "Fault tests").
OUTAGE_SECONDS = float(os.environ.get("UDVALG_FAULT_OUTAGE_SECONDS", "10"))
WRITES = int(os.environ.get("UDVALG_FAULT_WRITES", "200"))
# The relay's and the consumer's broker timeout in the silent-broker test.
BROKER_TIMEOUT_SECONDS = float(os.environ.get("UDVALG_FAULT_BROKER_TIMEOUT_SECONDS", "3"))
# How long everything may take to arrive once a fault has ended (not a speed target).
ARRIVAL_TIMEOUT = 180 + WRITES / 5

SERVICE_UNAVAILABLE_TITLE = "Tjenesten er ikke tilgængelig lige nu"


@dataclass
class Outcome:
    status: int | None  # None: no answer at all (connection refused or timed out)
    content_type: str = ""
    body: dict = field(default_factory=dict)
    text: str = ""


@dataclass
class Writes:
    """What happened to each write: its answer, and the meeting ids that were accepted."""

    outcomes: list[Outcome] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, outcome: Outcome) -> None:
        with self.lock:
            self.outcomes.append(outcome)

    @property
    def accepted_ids(self) -> set[str]:
        return {o.body["id"] for o in self.outcomes if o.status == 201}

    def statuses(self) -> Counter:
        return Counter(o.status for o in self.outcomes)


def _outcome(response: requests.Response) -> Outcome:
    content_type = response.headers.get("Content-Type", "")
    body = response.json() if "json" in content_type else {}
    return Outcome(response.status_code, content_type, body, response.text[:500])


def _session(system: ProductionPath) -> requests.Session:
    session = requests.Session()
    session.headers.update(system.api.headers)
    return session


def write_meetings(system: ProductionPath, count: int, *, over_seconds: float = 0.0, threads: int = 4,
                   into: Writes | None = None) -> Writes:
    """Create `count` meetings through the agenda API from `threads` threads, spread evenly
    over `over_seconds` (as fast as they go with 0)."""
    writes = into or Writes()
    started = time.monotonic()
    interval = over_seconds / count if count else 0.0

    def writer(first: int) -> None:
        session = _session(system)
        for index in range(first, count, threads):
            delay = started + index * interval - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            try:
                writes.add(_outcome(system.create_meeting(session)))
            except requests.RequestException as exc:
                writes.add(Outcome(None, text=repr(exc)))

    workers = [threading.Thread(target=writer, args=(first,)) for first in range(threads)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    return writes


def in_background(action: Callable[[], object]) -> threading.Thread:
    thread = threading.Thread(target=action, daemon=True)
    thread.start()
    return thread


def readiness(system: ProductionPath) -> requests.Response:
    return requests.get(f"{system.base}/readyz", timeout=10)


def wait_until_everything_arrived(system: ProductionPath) -> None:
    """Every meeting in the agenda service published and copied by the decisions service."""
    def arrived() -> bool:
        return system.unpublished() == 0 and len(set(system.copied_meeting_ids())) >= len(system.meeting_ids())

    wait_for(arrived, timeout=ARRIVAL_TIMEOUT, interval=0.5, message="every meeting's copy in the decisions service")


def assert_each_accepted_write_arrived_once(system: ProductionPath, writes: Writes, label: str) -> None:
    """Counted on both sides: the agenda service's meetings and the decisions service's
    copies and handled events. A write answered with an error may or may not have been
    committed (the answer can be lost after the commit); whichever it was, both sides agree."""
    wait_until_everything_arrived(system)
    meetings = system.meeting_ids()
    copies = system.copied_meeting_ids()
    handled = system.handled_meeting_events()
    accepted = writes.accepted_ids
    lost = len(accepted - meetings) + len(meetings - set(copies))
    doubled = (len(copies) - len(set(copies))) + (handled - len(set(copies)))
    print(f"\n{label}: {len(writes.outcomes)} writes, answers {dict(sorted(writes.statuses().items(), key=str))}; "
          f"{len(meetings)} meetings in agenda, {len(copies)} copies in decisions, {handled} events handled; "
          f"{lost} lost, {doubled} doubled")
    assert accepted <= meetings, "a write answered 201 is missing from the agenda service"
    assert len(copies) == len(set(copies)), "a meeting was copied twice"
    assert set(copies) == meetings, "the decisions service's copies differ from the agenda service's meetings"
    assert handled == len(meetings), "an event was handled twice (or one was not handled)"
