"""Field building blocks shared by the event schemas."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from shared.auth.principal import ROLES

MEETING_STATUSES = ("planned", "published", "held", "cancelled")
MEMBER_ROLES = ("chair", "vice_chair", "member", "substitute")
ITEM_KINDS = ("case", "standing")
SECTION_KINDS = ("text", "recommendation", "attachments", "decision")
ACCOUNT_ROLES = ROLES


def text(description: str, **kwargs) -> fields.String:
    return fields.String(metadata={"description": description}, **kwargs)


def uuid(description: str, **kwargs) -> fields.UUID:
    return fields.UUID(metadata={"description": description}, **kwargs)


def one_of(choices: tuple[str, ...], description: str, **kwargs) -> fields.String:
    return fields.String(validate=validate.OneOf(choices), metadata={"description": description}, **kwargs)


class EventData(Schema):
    """Base of every event's data schema: unknown fields are an error at the producer."""
