"""Every event type the system knows, mapped to the schema of its data."""

from __future__ import annotations

from marshmallow import Schema

from shared.events.agenda import AGENDA_EVENTS
from shared.events.awards import AWARDS_EVENTS
from shared.events.decisions import DECISIONS_EVENTS

EVENT_SCHEMAS: dict[str, type[Schema]] = {**AGENDA_EVENTS, **DECISIONS_EVENTS, **AWARDS_EVENTS}

_instances: dict[str, Schema] = {}


def event_schema(event_type: str) -> Schema:
    """The schema instance for a type; KeyError for a type nobody defined."""
    if event_type not in _instances:
        _instances[event_type] = EVENT_SCHEMAS[event_type]()
    return _instances[event_type]
