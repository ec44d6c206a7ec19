"""Logging a test principal in to a service that keeps a copy of the accounts: the
agenda service's account event is handed to the service's consumer, as the bus would,
and the client gets the login session the agenda's login page would give."""

from __future__ import annotations

from datetime import UTC, datetime

from shared.auth import Principal
from shared.auth.account_copies import ACCOUNT_EVENT
from shared.auth.session import SESSION_KEY
from shared.events import build_envelope
from shared.runtime import ServiceRuntime


def account_envelope(principal: Principal, *, generation: int = 0, active: bool = True,
                     updated_at: datetime | None = None) -> dict:
    return build_envelope(ACCOUNT_EVENT, {"account": {
        "id": principal.user_id, "name": principal.name or "Test", "role": principal.role,
        "municipality_id": principal.municipality_id, "member_id": principal.member_id, "active": active,
        "session_generation": generation, "updated_at": updated_at or datetime.now(UTC)}},
        source="/udvalg/agenda")


def announce_account(runtime: ServiceRuntime, principal: Principal, **state) -> None:
    consumer = runtime.consumer()
    assert consumer is not None
    consumer.handle(account_envelope(principal, **state))


def login_claims(principal: Principal, generation: int = 0) -> dict:
    """What the login session cookie holds."""
    return {SESSION_KEY: {"user_id": str(principal.user_id), "generation": generation}}


def log_in(runtime: ServiceRuntime, client, principal: Principal, generation: int = 0) -> None:
    announce_account(runtime, principal, generation=generation)
    with client.session_transaction() as stored:
        stored.update(login_claims(principal, generation))
