"""Who is acting: bound per request (from the caller) and per consumed event (from the
event that caused the work), like the correlation id, and written into every event's
envelope by the unit of work."""

from __future__ import annotations

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


def current_actor() -> Actor:
    """The bound actor; the system itself where nobody is (demo data, commands)."""
    return _current.get()
