"""The login session every service shares.

One signed cookie (the services share the secret key and the cookie path "/") carries
who is logged in, so a secretary who logs in on the agenda service's pages is known to
the decisions and awards pages too. It expires after a working day.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from flask import Flask, request, session

from shared.auth.principal import ANONYMOUS, Principal

SESSION_KEY = "principal"
SESSION_LIFETIME = timedelta(hours=10)


def configure_session(app: Flask, secure: bool) -> None:
    app.config.update(
        SESSION_COOKIE_NAME="udvalg_session",
        SESSION_COOKIE_PATH="/",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=secure,
        PERMANENT_SESSION_LIFETIME=SESSION_LIFETIME,
    )


def remember(principal: Principal) -> None:
    session.clear()
    session.permanent = True
    session[SESSION_KEY] = {
        "role": principal.role,
        "user_id": str(principal.user_id),
        "municipality_id": str(principal.municipality_id) if principal.municipality_id else None,
        "member_id": str(principal.member_id) if principal.member_id else None,
        "name": principal.name,
    }


def forget() -> None:
    session.clear()


def principal_from_session() -> Principal:
    """The logged-in user, unless the request carries an Authorization header: such a
    request is judged by its header alone (and is exempt from the CSRF check, which only
    guards writes that ride on this cookie)."""
    claims = session.get(SESSION_KEY)
    if not claims or "Authorization" in request.headers:
        return ANONYMOUS
    return Principal(
        role=claims["role"],
        user_id=uuid.UUID(claims["user_id"]),
        municipality_id=uuid.UUID(claims["municipality_id"]) if claims.get("municipality_id") else None,
        member_id=uuid.UUID(claims["member_id"]) if claims.get("member_id") else None,
        name=claims.get("name", ""),
    )
