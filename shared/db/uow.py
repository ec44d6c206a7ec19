"""The unit of work: one transaction for a change and the events that report it.

Rolls back unless told to commit. `publish()` only adds an outbox row in the same
session, so an event commits with the business change or not at all.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Self

from sqlalchemy import insert
from sqlalchemy.orm import Session, sessionmaker

from shared.actor import actor_of_event, current_actor
from shared.bus.tables import BusTables
from shared.db.availability import database_unavailable
from shared.db.engine import READ_ONLY, ReadOnlyViolation
from shared.db.types import utcnow
from shared.events import Envelope, build_envelope, event_schema
from shared.history import HistoryBook
from shared.log import current_correlation_id


class UnitOfWork:
    session: Session

    def __init__(
        self,
        session_factory: sessionmaker,
        bus_tables: BusTables,
        source: str,
        after_commit: Callable[[], None] | None = None,
        close_on_exit: bool = True,
        history: HistoryBook | None = None,
    ) -> None:
        self._session_factory = session_factory
        self._close_on_exit = close_on_exit
        self._bus = bus_tables
        self._source = source
        self._after_commit = after_commit
        self._history = history
        self._published = 0

    def __enter__(self) -> Self:
        self.session = self._session_factory()
        self._published = 0
        return self

    def __exit__(self, *exc_info) -> None:
        if self._keeps_what_it_read():
            return  # the request's teardown closes the session
        self.rollback()
        if self._close_on_exit:
            self.session.close()

    def _keeps_what_it_read(self) -> bool:
        """A web request's read-only unit of work that changed nothing keeps its rows until
        the response is written: a rollback here would expire every row it loaded, and the
        response would then read each one back with a statement of its own (an N+1)."""
        session = self.session
        return (not self._close_on_exit and bool(session.info.get(READ_ONLY))
                and not (session.new or session.dirty or session.deleted))

    def close(self) -> None:
        try:
            self.session.close()
        except Exception as exc:
            if not database_unavailable(exc):
                raise
            # The connection died after the work was done (a read kept open until its
            # response was written): there is nothing to roll back, and the answer stands.
            self.session.invalidate()

    def publish(self, event_type: str, data: dict[str, Any], subject: str | None = None) -> str:
        if self.session.info.get(READ_ONLY):
            raise ReadOnlyViolation(f"a read-only unit of work cannot publish {event_type}")
        actor = current_actor()
        envelope = build_envelope(
            event_type,
            data,
            source=self._source,
            subject=subject,
            correlation_id=current_correlation_id(),
            actor_id=actor.id,
            actor_name=actor.name,
        )
        self.session.execute(
            insert(self._bus.outbox).values(
                event_id=envelope["id"],
                event_type=event_type,
                envelope=envelope,
                created_at=utcnow(),
                attempts=0,
            )
        )
        if self._history is not None:
            self._history.record_event(self.session, envelope["id"], event_type, envelope["data"], utcnow(), actor)
        self._published += 1
        return envelope["id"]

    def record_history(self, event: Envelope) -> None:
        """Note a consumed event in the service's history, if it concerns it. The service's
        own events (which it may consume too, e.g. to send notices) were noted when published."""
        if self._history is not None and event.source != self._source:
            data = event_schema(event.type).dump(event.data)
            actor = actor_of_event(event.actorid, event.actorname)
            self._history.record_event(self.session, event.id, event.type, data, event.time, actor)

    def record_action(self, subject_id, action: str) -> None:
        """Note something done without an event (a nomination rejected) in the history."""
        if self._history is not None:
            self._history.record(self.session, subject_id, action)

    def commit(self) -> None:
        self.session.commit()
        if self._published and self._after_commit:
            self._after_commit()
        self._published = 0

    def rollback(self) -> None:
        self.session.rollback()
        self._published = 0

    @property
    def bus(self) -> BusTables:
        return self._bus
