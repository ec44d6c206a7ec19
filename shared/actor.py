"""Who is acting: bound per request (from the caller) and per consumed event (from the
event that caused the work), like the correlation id, and written into every event's
envelope by the unit of work."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from shared.auth.principal import SYSTEM, Principal


@dataclass(frozen=True)
class Actor:
    id: str | None  # the user's id; None for an anonymous visitor
    name: str

    @classmethod
    def of(cls, principal: Principal) -> Actor:
        if not principal.is_authenticated:
            return ANONYMOUS_ACTOR
        return cls(str(principal.user_id), principal.name or principal.role)


SYSTEM_ACTOR = Actor(str(SYSTEM.user_id), "System")
ANONYMOUS_ACTOR = Actor(None, "Anonym")

_current: ContextVar[Actor] = ContextVar("udvalg_actor", default=SYSTEM_ACTOR)


def bind_actor(actor: Actor) -> None:
    _current.set(actor)


def unbind_actor() -> None:
    """Back to the system: what runs after a request in the same thread acts for nobody in it."""
    _current.set(SYSTEM_ACTOR)


@contextmanager
def acting(actor: Actor) -> Iterator[None]:
    """`actor` bound for the block (a consumer handling one event), then what was before."""
    token = _current.set(actor)
    try:
        yield
    finally:
        _current.reset(token)


def actor_of_event(actor_id: str | None, actor_name: str | None) -> Actor:
    """The actor an envelope names; the system for an envelope from before actors."""
    return Actor(actor_id, actor_name) if actor_name else SYSTEM_ACTOR


def current_actor() -> Actor:
    """The bound actor; the system itself where nobody is (demo data, commands)."""
    return _current.get()
