"""API tokens and user accounts."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from flask_smorest import Blueprint

from services.agenda.api.context import principal, public_base_url, uow
from services.agenda.models import User
from services.agenda.operations import accounts
from services.agenda.schemas import (
    CreatedUserSchema,
    MeSchema,
    PasswordLinkSchema,
    TokenRequestSchema,
    TokenSchema,
    UserCreateSchema,
    UserSchema,
    UserUpdateSchema,
)


@dataclass(frozen=True)
class CreatedUser:
    """A new account as the API answers it: the account's fields and its one-time link."""

    user: User
    password_link: accounts.IssuedLink

    def __getattr__(self, name: str):
        return getattr(self.user, name)


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


@blp.route("/municipalities/<slug>/users", methods=["GET"])
@blp.response(200, UserSchema(many=True))
def list_users(slug: str):
    """The municipality's accounts (its secretariat and the platform administrator)."""
    with uow() as unit:
        return accounts.list_users(unit.session, principal(), slug)


@blp.route("/municipalities/<slug>/users", methods=["POST"])
@blp.arguments(UserCreateSchema)
@blp.response(201, CreatedUserSchema)
def create_user(data, slug: str):
    """Create a secretary or member account; the answer holds the one-time link with which
    the user sets a password (nobody else ever types it)."""
    with uow() as unit:
        user, link = accounts.create_user(unit, principal(), slug, data, public_base_url())
        return CreatedUser(user, link)


@blp.route("/users/<uuid:user_id>", methods=["PATCH"])
@blp.arguments(UserUpdateSchema(partial=True))
@blp.response(200, UserSchema)
def update_user(data, user_id: uuid.UUID):
    """Rename, change role, deactivate or reactivate; a role change or deactivation ends the
    account's login sessions at once."""
    with uow() as unit:
        return accounts.update_user(unit, principal(), user_id, data)


@blp.route("/users/<uuid:user_id>/password-link", methods=["POST"])
@blp.response(201, PasswordLinkSchema)
def new_password_link(user_id: uuid.UUID):
    """A new one-time link to set the password (the older one stops working)."""
    with uow() as unit:
        _user, link = accounts.issue_password_link(unit, principal(), user_id, public_base_url())
        return link
