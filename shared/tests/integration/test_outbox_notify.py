"""The relay wakes when a transaction with events commits in any process (PostgreSQL
NOTIFY from a trigger on the outbox, sent in that transaction), and polls only as a
fallback."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import text

from shared.bus.notify import OutboxListener
from shared.db.engine import make_engine, make_session_factory
from shared.db.uow import UnitOfWork
from shared.tests.fakes import RecordingPublisher
from shared.tests.miniservice import SOURCE
from tests.support.fixtures import wait_for

pytestmark = pytest.mark.integration

# Long enough that only a notification can explain a prompt publish.
NEVER = 600.0


@pytest.fixture
def listening(service):
    """The service's relay wakeup event, set by a listener; stopped at teardown."""
    stop = threading.Event()
    wakeup = threading.Event()
    thread = OutboxListener(str(service.engine.url.render_as_string(hide_password=False)), wakeup).start(stop)
    wait_for(wakeup.is_set, message="the listener's first look")
    wakeup.clear()
    yield wakeup
    stop.set()
    thread.join(timeout=10)


@pytest.fixture
def other_process(service):
    """A unit of work on an engine of its own, as a web process has: no in-process hook
    reaches the relay from there."""
    engine = make_engine(service.engine.url.render_as_string(hide_password=False))
    yield lambda: UnitOfWork(make_session_factory(engine), service.bus, source=SOURCE)
    engine.dispose()


def test_a_commit_with_events_elsewhere_wakes_the_listener_and_a_rollback_does_not(
    service, listening, other_process
):
    with other_process() as uow:
        service.schedule_meeting(uow)
        uow.session.flush()
        uow.rollback()
    with other_process() as uow:
        uow.session.execute(text("SELECT 1"))
        uow.commit()
    assert not listening.wait(1.0), "no event committed, no wake-up"

    with other_process() as uow:
        service.schedule_meeting(uow)
        uow.commit()
    wait_for(listening.is_set, message="the wake-up of the commit")


def test_the_relay_publishes_an_event_committed_in_another_process_without_waiting_for_its_poll(
    service, listening, other_process
):
    publisher = RecordingPublisher()
    relay = service.relay(publisher, poll_seconds=NEVER, wakeup=listening)
    stop = threading.Event()
    thread = threading.Thread(target=relay.run, args=(stop,), daemon=True)
    thread.start()
    try:
        wait_for(lambda: not listening.is_set(), message="the relay to go idle")
        with other_process() as uow:
            event_id = service.schedule_meeting(uow)
            uow.commit()
        wait_for(lambda: [call[0] for call in publisher.calls] == [event_id], timeout=30, message="the publish")
    finally:
        stop.set()
        listening.set()
        thread.join(timeout=10)


def test_the_listener_comes_back_after_its_connection_is_killed(service, listening, other_process):
    with service.engine.connect() as conn:
        killed = conn.execute(text(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND query LIKE 'LISTEN %'")).scalars().all()
    assert killed == [True]
    # On its way back it looks once (what committed meanwhile was not announced).
    wait_for(listening.is_set, timeout=60, message="the listener to reconnect")
    listening.clear()

    with other_process() as uow:
        service.schedule_meeting(uow)
        uow.commit()
    wait_for(listening.is_set, message="a wake-up after the reconnect")
