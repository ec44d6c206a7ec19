"""Who may speak for which events: one rule for producers, consumers and broker accounts.

Each service owns the event types named after it (agenda owns agenda.*, decisions owns
decisions.*, awards owns awards.*) and alone publishes them, with the envelope source
/udvalg/<service>. A producer cannot build an event it does not own; a consumer
dead-letters one whose source does not own its type; and the broker's topic permissions
(deploy/rabbitmq/accounts.sh) let each service's account publish routing keys <service>.*
only.
"""

from __future__ import annotations

from shared.events.errors import InvalidEvent

SOURCE_PREFIX = "/udvalg/"


class ForeignEvent(InvalidEvent):
    """An event claimed by a source that does not own its type."""

    reason = "foreign-source"


def source_of(service: str) -> str:
    """The envelope source of a service's events."""
    return f"{SOURCE_PREFIX}{service}"


def owner_of(event_type: str) -> str:
    """The service that owns an event type: its first word."""
    return event_type.split(".", 1)[0]


def check_owner(source: str, event_type: str) -> None:
    """Raise ForeignEvent unless `source` is the owner of `event_type`."""
    if source != source_of(owner_of(event_type)):
        raise ForeignEvent(f"{source!r} may not publish {event_type!r}: only {source_of(owner_of(event_type))!r} may")
