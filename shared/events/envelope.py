"""A CloudEvents 1.0 style envelope around every event's data.

`correlationid` is a CloudEvents extension attribute: it carries the id of the request
that caused the event through every consumer's logs and the events they emit in turn.
`actorid` and `actorname` (extension attributes since the audit trail; envelopes without
them stay readable) say who acted: the logged-in user, "Anonym" for a public visitor,
"System" for the system itself; an event a handler emits names the causing event's actor.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate

from shared.events.errors import InvalidEvent
from shared.events.ownership import check_owner
from shared.events.registry import event_schema

SPEC_VERSION = "1.0"


@dataclass(frozen=True)
class Envelope:
    id: str
    source: str
    type: str
    time: datetime
    subject: str | None
    data: dict[str, Any]
    correlationid: str | None = None
    actorid: str | None = None
    actorname: str | None = None
    specversion: str = SPEC_VERSION
    datacontenttype: str = "application/json"


class EnvelopeSchema(Schema):
    id = fields.String(required=True, validate=validate.Length(min=1, max=64))
    source = fields.String(required=True, validate=validate.Length(min=1, max=200))
    type = fields.String(required=True, validate=validate.Regexp(r"^[a-z]+(\.[a-z_]+)+\.v\d+$"))
    specversion = fields.String(required=True, validate=validate.Equal(SPEC_VERSION))
    time = fields.AwareDateTime(required=True)
    subject = fields.String(load_default=None, allow_none=True)
    datacontenttype = fields.String(load_default="application/json")
    correlationid = fields.String(load_default=None, allow_none=True)
    actorid = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=64),
                            metadata={"description": "Id of the acting user; null for an anonymous visitor"})
    actorname = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200),
                              metadata={"description": "Name of the acting user, 'Anonym' or 'System'"})
    data = fields.Dict(required=True)


_envelope_schema = EnvelopeSchema()


def build_envelope(
    event_type: str,
    data: dict[str, Any],
    *,
    source: str,
    subject: str | None = None,
    correlation_id: str | None = None,
    actor_id: str | None = None,
    actor_name: str | None = None,
) -> dict[str, Any]:
    """Validate `data` against its event schema and wrap it; returns the JSON-ready dict.

    An invalid payload (unknown or missing fields, wrong types) fails here, at the
    producer, inside the transaction that would have stored it, not at a consumer.
    """
    try:
        schema = event_schema(event_type)
    except KeyError as exc:
        raise InvalidEvent(f"unknown event type {event_type!r}") from exc
    check_owner(source, event_type)
    try:
        payload = schema.dump(schema.load(json.loads(json.dumps(data, default=_json_default))))
    except ValidationError as exc:
        raise InvalidEvent(f"{event_type}: {exc.messages}") from exc
    envelope = Envelope(
        id=str(uuid.uuid4()),
        source=source,
        type=event_type,
        time=datetime.now(UTC),
        subject=subject,
        data=payload,
        correlationid=correlation_id,
        actorid=actor_id,
        actorname=actor_name,
    )
    return _envelope_schema.dump(envelope)


def _json_default(value: Any) -> str:
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def parse_envelope(raw: dict[str, Any]) -> Envelope:
    """Check an incoming envelope and load its data with the type's schema."""
    try:
        attrs = _envelope_schema.load(raw)
        attrs["data"] = event_schema(attrs["type"]).load(attrs["data"])
    except ValidationError as exc:
        raise InvalidEvent(str(exc.messages)) from exc
    except KeyError as exc:
        raise InvalidEvent(f"unknown event type {raw.get('type')!r}") from exc
    check_owner(attrs["source"], attrs["type"])
    return Envelope(**attrs)
