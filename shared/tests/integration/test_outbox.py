"""The transactional outbox and its relay, on a real PostgreSQL database."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from sqlalchemy import event, select, text

from shared.bus.relay import BatchResult
from shared.tests.factories import MEETING_SCHEDULED
from shared.tests.fakes import RecordingPublisher

pytestmark = pytest.mark.integration


def test_event_published_in_a_unit_of_work_that_is_not_committed_leaves_no_outbox_row(service):
    with service.uow() as uow:
        service.schedule_meeting(uow)
        # leaving without commit rolls back

    assert service.outbox_rows() == []
    assert service.count(service.meetings) == 0


def test_committed_event_is_exactly_one_outbox_row_in_the_same_transaction_as_the_change(service):
    with service.uow() as uow:
        event_id = service.schedule_meeting(uow)
        uow.commit()

    rows = service.outbox_rows()
    assert [row.event_id for row in rows] == [event_id]
    row = rows[0]
    assert row.event_type == MEETING_SCHEDULED
    assert row.envelope["id"] == event_id
    assert row.envelope["type"] == MEETING_SCHEDULED
    assert row.published_at is None
    assert row.attempts == 0
    with service.engine.connect() as conn:
        # xmin is the id of the transaction that wrote a row: one transaction wrote both.
        outbox_xmin = conn.scalar(text("SELECT xmin::text FROM outbox"))
        meeting_xmin = conn.scalar(text("SELECT xmin::text FROM meetings"))
    assert outbox_xmin == meeting_xmin


def test_rolling_back_a_unit_of_work_removes_both_the_change_and_its_event(service):
    with service.uow() as uow:
        service.schedule_meeting(uow)
        uow.session.flush()
        uow.rollback()

    assert service.count(service.meetings) == 0
    assert service.outbox_rows() == []


def test_a_failure_after_publishing_loses_the_event_along_with_the_change(service):
    with pytest.raises(RuntimeError), service.uow() as uow:
        service.schedule_meeting(uow)
        raise RuntimeError("validation failed later in the request")

    assert service.count(service.meetings) == 0
    assert service.outbox_rows() == []


def test_after_commit_hook_wakes_the_relay_only_when_events_were_committed(service):
    with service.uow() as uow:
        uow.commit()
    assert not service.relay_wakeup.is_set()

    service.commit_meeting_scheduled()
    assert service.relay_wakeup.is_set()


def test_relay_publishes_rows_in_id_order_with_the_event_type_as_routing_key(service):
    event_ids = [service.commit_meeting_scheduled() for _ in range(5)]
    publisher = RecordingPublisher()

    assert service.relay(publisher).publish_pending() == 5

    assert publisher.calls == [(event_id, MEETING_SCHEDULED) for event_id in event_ids]
    assert all(row.published_at is not None and row.attempts == 1 for row in service.outbox_rows())
    assert service.relay(publisher).publish_pending() == 0, "published rows are not sent again"
    assert len(publisher.calls) == 5


def test_relay_marks_a_row_published_only_after_the_publisher_returned(service):
    event_ids = [service.commit_meeting_scheduled() for _ in range(3)]
    publisher = RecordingPublisher()

    service.relay(publisher).publish_pending()

    for event_id in event_ids:
        row = service.outbox_row(event_id)
        assert row.published_at >= publisher.returned_at[event_id]
        assert row.last_error is None


def test_relay_publishes_in_batches_oldest_first(service):
    event_ids = [service.commit_meeting_scheduled() for _ in range(5)]
    publisher = RecordingPublisher()
    relay = service.relay(publisher, batch_size=2)

    assert [relay.publish_pending() for _ in range(4)] == [2, 2, 1, 0]
    assert [call[0] for call in publisher.calls] == event_ids


def test_confirmed_rows_of_a_batch_are_marked_published_in_one_statement(service):
    event_ids = [service.commit_meeting_scheduled() for _ in range(5)]
    statements: list[str] = []

    def remember(conn, cursor, statement, *args) -> None:
        statements.append(statement)

    event.listen(service.engine, "before_cursor_execute", remember)
    try:
        assert service.relay(RecordingPublisher()).publish_pending() == 5
    finally:
        event.remove(service.engine, "before_cursor_execute", remember)

    assert [s for s in statements if s.lstrip().upper().startswith("UPDATE")] == [statements[-1]]
    assert all(service.outbox_row(event_id).published_at is not None for event_id in event_ids)


def test_lost_connection_keeps_every_unconfirmed_row_of_the_batch_unpublished_with_the_error(service):
    event_ids = [service.commit_meeting_scheduled() for _ in range(4)]
    publisher = RecordingPublisher(lose_from=2)

    with pytest.raises(ConnectionError, match="broker went away"):
        service.relay(publisher).publish_pending()

    first, *rest = (service.outbox_row(event_id) for event_id in event_ids)
    assert first.published_at is not None
    assert first.attempts == 1
    assert first.last_error is None
    for row in rest:
        assert row.published_at is None
        assert row.attempts == 1
        assert "broker went away" in row.last_error
    assert [call[0] for call in publisher.calls] == event_ids[:1]


def test_a_nacked_row_stays_for_the_next_round_while_the_confirmed_ones_are_published(service):
    event_ids = [service.commit_meeting_scheduled() for _ in range(3)]

    with pytest.raises(RuntimeError, match="refused"):
        service.relay(RecordingPublisher(nack={2})).publish_pending()

    assert [service.outbox_row(event_id).published_at is not None for event_id in event_ids] == [True, False, True]
    publisher = RecordingPublisher()
    assert service.relay(publisher).publish_pending() == 1
    assert publisher.calls == [(event_ids[1], MEETING_SCHEDULED)]
    assert service.outbox_row(event_ids[1]).attempts == 2


def test_rows_left_by_a_failure_are_published_in_order_once_the_broker_is_back(service):
    event_ids = [service.commit_meeting_scheduled() for _ in range(4)]
    with pytest.raises(ConnectionError):
        service.relay(RecordingPublisher(lose_from=2)).publish_pending()

    publisher = RecordingPublisher()
    assert service.relay(publisher).publish_pending() == 3

    assert [call[0] for call in publisher.calls] == event_ids[1:]
    second = service.outbox_row(event_ids[1])
    assert second.published_at is not None
    assert second.attempts == 2
    assert second.last_error is None


def test_relay_does_not_see_a_row_until_its_transaction_commits(service):
    publisher = RecordingPublisher()
    with service.uow() as uow:
        pending = service.schedule_meeting(uow)
        uow.session.flush()
        assert service.relay(publisher).publish_pending() == 0
        uow.commit()

    assert service.relay(publisher).publish_pending() == 1
    assert publisher.calls == [(pending, MEETING_SCHEDULED)]


def test_two_relays_running_concurrently_publish_every_row_exactly_once(service):
    rows = 200
    with service.uow() as uow:
        event_ids = [service.schedule_meeting(uow, place=f"Lokale {n}") for n in range(rows)]
        uow.commit()

    lock = threading.Lock()
    published: list[tuple[str, str]] = []  # (event id, relay)
    # Each relay's first publish waits until the other relay is publishing too: both hold a
    # locked batch at the same moment, which only works if the second skips the first's rows.
    both_publishing = threading.Barrier(2, timeout=10)

    class SharedRecorder:
        def __init__(self, relay_name: str) -> None:
            self.relay_name = relay_name
            self.first = True

        def publish_batch(self, messages) -> BatchResult:
            if self.first:
                self.first = False
                both_publishing.wait()
            with lock:
                published.extend((envelope["id"], self.relay_name) for envelope, _ in messages)
            return BatchResult(list(range(len(messages))))

        def keepalive(self) -> None:
            pass

    outbox = service.bus.outbox
    errors: list[BaseException] = []

    def unpublished() -> int:
        with service.engine.connect() as conn:
            return len(conn.execute(select(outbox.c.id).where(outbox.c.published_at.is_(None))).all())

    def run(relay_name: str) -> None:
        relay = service.relay(SharedRecorder(relay_name), batch_size=10)
        try:
            while relay.publish_pending() or unpublished():
                pass
        except BaseException as exc:  # noqa: BLE001 - reported by the test thread
            errors.append(exc)
            both_publishing.abort()

    threads = [threading.Thread(target=run, args=(name,)) for name in ("relay-a", "relay-b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not any(thread.is_alive() for thread in threads)
    assert errors == []
    counts = Counter(event_id for event_id, _ in published)
    assert set(counts) == set(event_ids)
    assert [event_id for event_id, count in counts.items() if count != 1] == []
    assert {relay for _, relay in published} == {"relay-a", "relay-b"}
    assert unpublished() == 0
    assert {row.attempts for row in service.outbox_rows()} == {1}
