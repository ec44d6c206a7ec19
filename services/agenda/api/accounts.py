"""API tokens and user accounts."""

from __future__ import annotations

import uuid

from flask_smorest import Blueprint

from services.agenda.api.context import principal, uow
from services.agenda.operations import accounts
from services.agenda.schemas import (
    MeSchema,
    TokenRequestSchema,
    TokenSchema,
    UserCreateSchema,
    UserSchema,
)

blp = Blueprint("accounts", __name__, url_prefix="/api/v1", description="Log ind, API-nøgler og brugere")


@blp.route("/tokens", methods=["POST"])
@blp.arguments(TokenRequestSchema)
@blp.response(201, TokenSchema)
def create_token(data):
    """Issue an API token for e-mail and password; the token is shown only this once."""
    with uow() as unit:
        record, token = accounts.issue_token(unit, data["email"], data["password"], data["label"])
        return {"id": record.id, "token": token, "label": record.label}


@blp.route("/tokens/<uuid:token_id>", methods=["DELETE"])
@blp.response(204)
def revoke_token(token_id: uuid.UUID):
    """Revoke one of your API tokens."""
    caller = principal()
    if not caller.is_authenticated:
        raise accounts.BadCredentials("Log ind for at tilbagekalde en nøgle.")
    with uow() as unit:
        accounts.revoke_token(unit, caller, token_id)


@blp.route("/me", methods=["GET"])
@blp.response(200, MeSchema)
def me():
    """Who the token belongs to."""
    caller = principal()
    return {**vars(caller), "authenticated": caller.is_authenticated}


@blp.route("/municipalities/<slug>/users", methods=["POST"])
@blp.arguments(UserCreateSchema)
@blp.response(201, UserSchema)
def create_user(data, slug: str):
    """Create a secretary or member account in the municipality."""
    with uow() as unit:
        return accounts.create_user(unit, principal(), slug, data)
