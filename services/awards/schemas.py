"""marshmallow schemas at the awards API's edge."""

from __future__ import annotations

from marshmallow import Schema, fields


class MunicipalitySchema(Schema):
    id = fields.UUID()
    slug = fields.String()
    name = fields.String()


class BudgetLineSchema(Schema):
    label = fields.String()
    amount = fields.Integer(metadata={"description": "Whole kroner"})


class WinnerSchema(Schema):
    company_name = fields.String()
    cvr = fields.String()


class RoundSchema(Schema):
    """A round for the public: never a nominator, and the winner only after the ceremony."""

    id = fields.UUID(attribute="round.id")
    year = fields.Integer(attribute="round.year")
    title = fields.String(attribute="round.title")
    description = fields.String(attribute="round.description")
    criteria = fields.List(fields.String(), attribute="round.criteria")
    prize_amount = fields.Integer(attribute="round.prize_amount")
    budget_lines = fields.List(fields.Nested(BudgetLineSchema), attribute="round.budget_lines")
    opens_at = fields.AwareDateTime(attribute="round.opens_at")
    closes_at = fields.AwareDateTime(attribute="round.closes_at")
    ceremony_on = fields.Date(attribute="round.ceremony_on", allow_none=True)
    ceremony_place = fields.String(attribute="round.ceremony_place", allow_none=True)
    state = fields.String(attribute="round.state")
    winner = fields.Nested(WinnerSchema, allow_none=True)
    winner_reason = fields.String(allow_none=True)
