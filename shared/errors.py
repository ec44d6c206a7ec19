"""Errors the service layer raises; the API turns them into problem+json, pages into
Danish messages. Texts are Danish because users read them."""

from __future__ import annotations


class DomainError(Exception):
    status = 400

    def __init__(self, detail: str, errors: dict[str, list[str]] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = errors or {}


class NotFound(DomainError):
    status = 404


class Forbidden(DomainError):
    status = 403


class Conflict(DomainError):
    """The request is well-formed but the current state does not allow it."""

    status = 409


class Invalid(DomainError):
    """Values that fail a business rule; `errors` maps field paths to messages."""

    status = 422
