"""The login session every service shares, and the check that ends it.

One signed cookie (the services share the secret key and the cookie path "/") carries
which account is logged in and the account's session generation at login. On every
request each service asks its own record of the account (the agenda service its users,
the others their copy kept from `agenda.account.changed.v1`) whether that generation is
still the current one and the account may log in: logout, deactivation and a role change
raise the generation, so a copied cookie stops working on its next request everywhere.
Who the principal is (role, municipality, member) comes from that record, not the cookie.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from flask import Flask, current_app, g, request, session
from sqlalchemy.orm import Session

from shared.auth.principal import ANONYMOUS, Principal

SESSION_KEY = "account"
SESSION_LIFETIME = timedelta(hours=10)



@dataclass(frozen=True)
class AccountState:
    """What a service knows of an account, as the login-session check needs it."""

    principal: Principal
    active: bool
    session_generation: int


# (database session, user id) -> what this service knows of the account, None if nothing.
# Each service passes its own to build_service_app.
SessionAccounts = Callable[[Session, uuid.UUID], AccountState | None]


def no_accounts(_session: Session, _user_id: uuid.UUID) -> AccountState | None:
    """For an app that keeps no accounts: every login session is unknown, so none is honoured."""
    return None


def configure_session(app: Flask, secure: bool, accounts: SessionAccounts) -> None:
    app.config.update(
        SESSION_COOKIE_NAME="udvalg_session",
        SESSION_COOKIE_PATH="/",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=secure,
        PERMANENT_SESSION_LIFETIME=SESSION_LIFETIME,
    )
    app.extensions["udvalg.session_accounts"] = accounts


def remember(user_id: uuid.UUID, generation: int) -> None:
    session.clear()
    session.permanent = True
    session[SESSION_KEY] = {"user_id": str(user_id), "generation": generation}


def forget() -> None:
    session.clear()
    g.pop("session_principal", None)


def _drop_login() -> None:
    # Only the login: the anonymous visitor's CSRF token and messages stay.
    for key in (SESSION_KEY, "principal"):
        if key in session:
            session.pop(key)


def _claims() -> tuple[uuid.UUID, int] | None:
    claims: dict = session.get(SESSION_KEY) or {}
    try:
        return uuid.UUID(claims["user_id"]), int(claims["generation"])
    except (TypeError, KeyError, ValueError, AttributeError):
        return None


def check_session(session_factory) -> Principal:
    """Run once per request before anything else opens the database: the principal of a
    current login session, else anonymous. The cookie of an ended session is cleared; one
    newer than this service's copy of the account (the event is still on its way) is only
    not honoured yet."""
    principal = ANONYMOUS
    claims = _claims()
    if claims is None:
        _drop_login()
    else:
        user_id, generation = claims
        with session_factory() as db:
            state = current_app.extensions["udvalg.session_accounts"](db, user_id)
        if state is not None and state.active and state.session_generation == generation:
            principal = state.principal
        elif state is not None and (not state.active or state.session_generation > generation):
            _drop_login()
    g.session_principal = principal
    return principal


def principal_from_session() -> Principal:
    """The logged-in user, unless the request carries an Authorization header: such a
    request is judged by its header alone (and is exempt from the CSRF check, which only
    guards writes that ride on this cookie)."""
    principal = g.get("session_principal")
    if principal is None or "Authorization" in request.headers:
        return ANONYMOUS
    return principal
