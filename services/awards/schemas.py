"""marshmallow schemas at the awards API's edge."""

from __future__ import annotations

from marshmallow import Schema, fields


class MunicipalitySchema(Schema):
    id = fields.UUID()
    slug = fields.String()
    name = fields.String()
