"""A consumer of events: the inbox makes a redelivered event change nothing twice.

The inbox row (consumer, event id) is inserted in the same transaction as the
handler's effects; a redelivery hits the primary key, rolls back and is acked.
Transports (RabbitMQ or in-process) only decide when to retry and when to give up.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import Enum

from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

from shared.actor import acting, actor_of_event
from shared.db.types import utcnow
from shared.db.uow import UnitOfWork
from shared.events import Envelope, InvalidEvent, parse_envelope
from shared.log import bind_event, get_logger

log = get_logger(__name__)

Handler = Callable[[UnitOfWork, Envelope], None]


class Outcome(Enum):
    HANDLED = "handled"
    DUPLICATE = "duplicate"


class EventConsumer:
    def __init__(self, name: str, uow_factory: Callable[[], UnitOfWork], handlers: Mapping[str, Handler]):
        self.name = name
        self._uow_factory = uow_factory
        self._handlers = dict(handlers)

    @property
    def binding_keys(self) -> list[str]:
        return sorted(self._handlers)

    def handle(self, raw: dict) -> Outcome:
        event = parse_envelope(raw)
        bind_event(event_id=event.id, event_type=event.type, correlation_id=event.correlationid)
        handler = self._handlers.get(event.type)
        if handler is None:
            raise InvalidEvent(f"{self.name} has no handler for {event.type}")
        with self._uow_factory() as uow, acting(actor_of_event(event.actorid, event.actorname)):
            try:
                uow.session.execute(
                    insert(uow.bus.inbox).values(
                        consumer=self.name,
                        event_id=event.id,
                        event_type=event.type,
                        handled_at=utcnow(),
                    )
                )
            except IntegrityError:
                log.info("consumer.duplicate", consumer=self.name, event_id=event.id, type=event.type)
                return Outcome.DUPLICATE
            handler(uow, event)
            uow.record_history(event)
            uow.commit()
        log.info("consumer.handled", consumer=self.name, event_id=event.id, type=event.type)
        return Outcome.HANDLED

    def record_dead_letter(self, raw: dict, error: str, attempts: int) -> None:
        with self._uow_factory() as uow:
            uow.session.execute(
                insert(uow.bus.dead_letters).values(
                    consumer=self.name,
                    event_id=str(raw.get("id", "")),
                    envelope=raw,
                    error=error[:4000],
                    attempts=attempts,
                    created_at=utcnow(),
                )
            )
            uow.commit()
        log.error("consumer.dead_lettered", consumer=self.name, event_id=raw.get("id"), error=error)
