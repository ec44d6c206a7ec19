"""The event contract: a CloudEvents 1.0 envelope and one schema per event type."""

from shared.events.envelope import (
    Envelope,
    EnvelopeSchema,
    InvalidEvent,
    build_envelope,
    parse_envelope,
)
from shared.events.registry import EVENT_SCHEMAS, event_schema

__all__ = [
    "EVENT_SCHEMAS",
    "Envelope",
    "EnvelopeSchema",
    "InvalidEvent",
    "build_envelope",
    "event_schema",
    "parse_envelope",
]
