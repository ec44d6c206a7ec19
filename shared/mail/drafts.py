"""Letters composed when they are sent, not when they are written.

A request that must answer fast (the public nomination form) stores in the outbox row only
what its letter needs: a draft. The mail sender turns it into the letter with the
composer registered for the row's kind (templates) and then into the message (MIME). The
row's address is the only one the letter goes to, and its Message-ID is drawn when the
row is written and its Date is the row's, so a message sent twice (the process died
between the server's acceptance and the commit that follows) is the same message.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from email.headerregistry import Address
from typing import Any

from shared.mail.compose import Letter, as_bytes, compose, new_message_id

# The letter to `recipient` from a draft's data (what the request stored, JSON).
Composer = Callable[[str, Mapping[str, Any]], Letter]


@dataclass(frozen=True)
class Draft:
    to: str
    subject: str
    data: dict[str, Any]  # JSON: what the kind's composer needs


class Uncomposable(Exception):
    """No composer for the row's kind, or the composer failed on its data."""


def stored_draft(draft: Draft, sender: Address) -> dict[str, Any]:
    """What the outbox row keeps of a draft."""
    return {"message_id": new_message_id(sender), "data": draft.data}


def compose_draft(composers: Mapping[str, Composer], kind: str, recipient: str, stored: Mapping[str, Any],
                  sender: Address, written_at: datetime) -> bytes:
    composer = composers.get(kind)
    if composer is None:
        raise Uncomposable(f"Afsenderen kan ikke skrive e-mails af typen {kind}.")
    try:
        # Only ever to the row's address, whatever the composer made of the data.
        letter = replace(composer(recipient, stored["data"]), to=recipient)
    except Exception as exc:  # one broken draft must not stop the others
        raise Uncomposable(f"E-mailen kunne ikke skrives: {exc!r}") from exc
    return as_bytes(compose(letter, sender, now=written_at, message_id=stored["message_id"]))
