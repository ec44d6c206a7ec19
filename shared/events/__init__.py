"""The event contract: a CloudEvents 1.0 envelope and one schema per event type."""

from shared.events.envelope import (
    Envelope,
    EnvelopeSchema,
    build_envelope,
    parse_envelope,
)
from shared.events.errors import InvalidEvent
from shared.events.ownership import ForeignEvent, owner_of, source_of
from shared.events.registry import EVENT_SCHEMAS, event_schema

__all__ = [
    "EVENT_SCHEMAS",
    "Envelope",
    "EnvelopeSchema",
    "ForeignEvent",
    "InvalidEvent",
    "build_envelope",
    "event_schema",
    "owner_of",
    "parse_envelope",
    "source_of",
]
