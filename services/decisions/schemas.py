"""marshmallow schemas at the decisions API's edge."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from shared.schemas import InputSchema


class MeetingQuerySchema(InputSchema):
    municipality = fields.String(validate=validate.Length(max=60))
    year = fields.Integer(validate=validate.Range(min=1970, max=2200))


class CommitteeSummarySchema(Schema):
    id = fields.UUID()
    code = fields.String(allow_none=True, metadata={"description": "Title prefix; null when the committee has none"})
    name = fields.String()


class MeetingSchema(Schema):
    """What the decisions service knows of a meeting (dates and status are public)."""

    id = fields.UUID()
    committee = fields.Nested(CommitteeSummarySchema)
    municipality_slug = fields.String()
    date = fields.Date()
    starts_at = fields.AwareDateTime()
    place = fields.String()
    status = fields.String()
    agenda_version = fields.Integer()
    item_count = fields.Integer()
