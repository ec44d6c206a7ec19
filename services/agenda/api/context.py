"""Per-request helpers for the agenda service's views: the unit of work and the caller."""

from __future__ import annotations

from flask import g, request

from services.agenda.operations.accounts import principal_for_token
from shared.api.app import request_uow as uow
from shared.auth import Principal
from shared.auth.session import principal_from_session
from shared.errors import DomainError


class NotAuthenticated(DomainError):
    status = 401


def principal() -> Principal:
    """The caller: from a bearer API token, else from the login session, else anonymous.
    A bad token is an error, not anonymous."""
    if "principal" in g:
        return g.principal
    header = request.headers.get("Authorization", "")
    found = principal_from_session()
    if header:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise NotAuthenticated("Brug »Authorization: Bearer <nøgle>«.")
        with uow() as unit:
            by_token = principal_for_token(unit, token.strip())
        if by_token is None:
            raise NotAuthenticated("API-nøglen er ugyldig eller tilbagekaldt.")
        found = by_token
    g.principal = found
    return found
