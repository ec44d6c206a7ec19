"""Per-request helpers for the agenda service's views: the unit of work and the caller."""

from __future__ import annotations

from flask import current_app, g, request

from services.agenda.operations.accounts import principal_for_token, touch_token
from shared.actor import Actor, bind_actor
from shared.api.app import request_uow as uow
from shared.api.app import runtime_of
from shared.auth import Principal
from shared.auth.session import principal_from_session
from shared.errors import DomainError

__all__ = ["NotAuthenticated", "authenticate", "principal", "uow"]


class NotAuthenticated(DomainError):
    status = 401


def authenticate() -> None:
    """Before the view: a bearer API token names the caller. Its lookup is a unit of
    work of its own that has ended before the view opens one (a lookup inside the view's
    unit of work waited on that unit's lock). A request with an Authorization header is
    judged by it alone: a missing or bad token is an error, never the login cookie."""
    if "Authorization" not in request.headers:
        return
    scheme, _, token = request.headers["Authorization"].partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise NotAuthenticated("Brug »Authorization: Bearer <nøgle>«.")
    runtime = runtime_of(current_app)
    with runtime.uow(read_only=True) as unit:
        found, due = principal_for_token(unit.session, token.strip())
    if found is None:
        raise NotAuthenticated("API-nøglen er ugyldig eller tilbagekaldt.")
    if due is not None:
        with runtime.uow() as unit:
            touch_token(unit, due)
    g.principal = found
    bind_actor(Actor.of(found))


def principal() -> Principal:
    """The caller: from a bearer API token (see authenticate), else from the login
    session, else anonymous."""
    if "principal" not in g:
        g.principal = principal_from_session()
    return g.principal


def public_base_url() -> str:
    """Where users reach Udvalg, for links that leave the page (one-time password links)."""
    return runtime_of(current_app).settings.public_base_url
