"""One handler table from several: a service whose parts each react to an event."""

from __future__ import annotations

from collections.abc import Mapping

from shared.bus.consumer import Handler
from shared.db.uow import UnitOfWork
from shared.events import Envelope


def combine_handlers(*tables: Mapping[str, Handler]) -> dict[str, Handler]:
    """Every table's handlers by event type; where several tables handle a type, they run
    in the order given, in the same unit of work (so all or none of their effects commit)."""
    by_type: dict[str, list[Handler]] = {}
    for table in tables:
        for event_type, handler in table.items():
            by_type.setdefault(event_type, []).append(handler)
    return {event_type: handlers[0] if len(handlers) == 1 else _in_turn(tuple(handlers))
            for event_type, handlers in by_type.items()}


def _in_turn(handlers: tuple[Handler, ...]) -> Handler:
    def handle(uow: UnitOfWork, event: Envelope) -> None:
        for handler in handlers:
            handler(uow, event)

    return handle
