"""The rules of signing approved minutes (the underskriftsblad), in plain Python.

A member's signature confirms they took part and that the record matches what happened;
a member who disagrees signs with a reservation (forbehold) naming the item and what
they hold to be wrong, rather than not at all. Only the members who were present sign,
each only for themselves, each once per approved version, and only after approval: a
correction voids the signatures and the corrected version is signed anew.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from shared.errors import Conflict, Forbidden, Invalid

MAX_RESERVATION = 5000


class AttendanceLike(Protocol):
    member_id: uuid.UUID
    name: str
    party: str | None
    absent: bool
    substitute: str | None


@dataclass(frozen=True)
class Signer:
    member_id: uuid.UUID
    name: str
    party: str | None = None
    stands_in_for: str | None = None  # the absent member's name, for a substitute

    @property
    def display(self) -> str:
        name = f"{self.name} ({self.party})" if self.party else self.name
        return f"{name}, stedfortræder for {self.stands_in_for}" if self.stands_in_for else name


def _same_name(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def signers(attendance: Iterable[AttendanceLike], seated: Sequence[Mapping]) -> list[Signer]:
    """Everyone who was present: the members without afbud, then each substitute who stood
    in, when the name written for them is one of the committee's substitutes that day (a
    name that matches none is nobody with an account, so nobody can sign for it)."""
    people = list(attendance)
    found = [Signer(person.member_id, person.name, person.party) for person in people if not person.absent]
    substitutes = [member for member in seated if member.get("role") == "substitute"]
    taken = {signer.member_id for signer in found}
    for person in people:
        if not (person.absent and person.substitute):
            continue
        match = next((member for member in substitutes if _same_name(member["name"], person.substitute)), None)
        if match is None or uuid.UUID(str(match["member_id"])) in taken:
            continue
        member_id = uuid.UUID(str(match["member_id"]))
        taken.add(member_id)
        found.append(Signer(member_id, match["name"], match.get("party"), stands_in_for=person.name))
    return found


@dataclass(frozen=True)
class ItemRef:
    item_id: uuid.UUID
    number: int
    title: str
    closed: bool


@dataclass(frozen=True)
class Reservation:
    item: ItemRef
    text: str


def reservation(item_id: str | uuid.UUID | None, text: str | None, items: Sequence[ItemRef]) -> Reservation:
    """A reservation as the member wrote it: an item of the meeting and what is wrong.
    Invalid, with a Danish message per field, otherwise."""
    errors: dict[str, list[str]] = {}
    item = None
    if not item_id:
        errors["item_id"] = ["Vælg det punkt, forbeholdet gælder."]
    else:
        item = next((i for i in items if str(i.item_id) == str(item_id)), None)
        if item is None:
            errors["item_id"] = ["Punktet står ikke på mødets dagsorden. Vælg et af mødets punkter."]
    written = (text or "").strip()
    if not written:
        errors["text"] = ["Skriv, hvad du mener er forkert i referatet af punktet."]
    elif len(written) > MAX_RESERVATION:
        errors["text"] = [f"Højst {MAX_RESERVATION:,} tegn.".replace(",", ".")]
    if errors or item is None:
        raise Invalid("Forbeholdet er ikke udfyldt korrekt.", errors)
    return Reservation(item, written)


def check_may_sign(state: str, version: int, signer_ids: Collection[uuid.UUID], member_id: uuid.UUID | None,
                   already_signed: bool) -> None:
    """Forbidden for anyone but a member who was present; Conflict before approval, while
    the minutes are being corrected, and for a second signature on the same version."""
    if member_id is None:
        raise Forbidden("Kun udvalgets medlemmer underskriver referatet. Log ind med din medlemskonto.")
    if member_id not in signer_ids:
        raise Forbidden("Du deltog ikke i mødet, så du skal ikke underskrive referatet.")
    if state == "correcting":
        raise Conflict("Referatet er ved at blive rettet. Du bliver bedt om at underskrive det, når den rettede "
                       "udgave er godkendt.")
    if state != "approved":
        raise Conflict("Referatet er ikke godkendt endnu. Det kan underskrives, når sekretariatet har godkendt det.")
    if already_signed:
        raise Conflict(f"Du har allerede underskrevet referatet (version {version}).")


@dataclass(frozen=True)
class SheetLine:
    """One line of the underskriftsblad: a member present, and their signature if given."""

    signer: Signer
    signed_at: datetime | None = None
    reservation: Reservation | None = None

    @property
    def signed(self) -> bool:
        return self.signed_at is not None


@dataclass(frozen=True)
class Signature:
    member_id: uuid.UUID
    signed_at: datetime
    reservation: Reservation | None = None


def signature_sheet(present: Sequence[Signer], signatures: Iterable[Signature]) -> list[SheetLine]:
    """Every member present in the minutes' order, each with their signature or none."""
    by_member = {signature.member_id: signature for signature in signatures}
    lines = []
    for signer in present:
        signature = by_member.get(signer.member_id)
        lines.append(SheetLine(signer, signature.signed_at, signature.reservation) if signature else SheetLine(signer))
    return lines


def still_to_sign(present: Sequence[Signer], signed: Collection[uuid.UUID]) -> list[Signer]:
    return [signer for signer in present if signer.member_id not in signed]
