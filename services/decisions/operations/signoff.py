"""Members sign the approved minutes; the secretariat follows the signatures and reminds.

Approval asks everyone present to sign (decisions.minutes.signatures_requested.v1, which
the agenda service turns into the member's task and mail); each signature is announced
(decisions.minutes.signed.v1); a correction voids the version's signatures, and the next
approval asks again. The rules themselves are in domain/signoff.py.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from services.decisions.documents.signature_page import SignatureLine, SignaturePage
from services.decisions.domain.signoff import (
    ItemRef,
    Reservation,
    SheetLine,
    Signature,
    Signer,
    check_may_sign,
    reservation,
    signature_sheet,
    signers,
    still_to_sign,
)
from services.decisions.models import MeetingCopy, Minutes, MinutesSignature
from services.decisions.operations.access import managed_meeting, meeting
from services.decisions.operations.roster import attendance, seated_on
from shared.auth import Principal
from shared.db.types import utcnow
from shared.db.uow import UnitOfWork
from shared.errors import Conflict


def present(session: Session, found: MeetingCopy) -> list[Signer]:
    """The members who sign: everyone present at the meeting, substitutes who stood in too."""
    return signers(attendance(session, found), seated_on(found.committee.members, found.date))


def items_of(found: MeetingCopy) -> list[ItemRef]:
    return [ItemRef(item.item_id, item.number, item.title, item.closed) for item in found.items]


def _state(session: Session, found: MeetingCopy) -> tuple[str, int]:
    minutes = session.get(Minutes, found.id)
    return (minutes.state, minutes.version) if minutes is not None else ("open", 0)


def valid_signatures(session: Session, meeting_id: uuid.UUID, version: int) -> list[MinutesSignature]:
    """The signatures that stand on a version: none of a version being corrected."""
    return list(session.scalars(select(MinutesSignature).where(
        MinutesSignature.meeting_id == meeting_id, MinutesSignature.version == version,
        MinutesSignature.voided_at.is_(None)).order_by(MinutesSignature.signed_at)))


def request_signatures(uow: UnitOfWork, found: MeetingCopy, version: int, *, reminder: bool) -> list[Signer]:
    """Ask those present who have not signed `version` to sign it; returns whom."""
    signed = {s.member_id for s in valid_signatures(uow.session, found.id, version)}
    waiting = still_to_sign(present(uow.session, found), signed)
    if waiting:
        uow.publish("decisions.minutes.signatures_requested.v1", {
            "meeting_id": found.id, "committee_id": found.committee_id,
            "municipality_slug": found.municipality_slug, "version": version,
            "member_ids": [signer.member_id for signer in waiting], "reminder": reminder,
            "requested_at": utcnow(),
        }, subject=f"meetings/{found.id}")
    return waiting


def void_signatures(session: Session, meeting_id: uuid.UUID, version: int) -> int:
    """A correction voids the signatures on the version it corrects; returns how many."""
    voided = valid_signatures(session, meeting_id, version)
    now = utcnow()
    for signature in voided:
        signature.voided_at = now
    return len(voided)


def _reservation_of(row: MinutesSignature, items: dict[uuid.UUID, ItemRef]) -> Reservation | None:
    if row.reservation_item_id is None or row.reservation_text is None:
        return None
    item = items.get(row.reservation_item_id) or ItemRef(row.reservation_item_id, 0, "", True)
    return Reservation(item, row.reservation_text)


@dataclass(frozen=True)
class Signing:
    """What the member's page shows: the version to sign and the member's own line."""

    version: int
    state: str
    line: SheetLine | None  # None: the caller was not present


def signing_for(session: Session, principal: Principal, found: MeetingCopy) -> Signing:
    state, version = _state(session, found)
    mine = next((s for s in present(session, found) if s.member_id == principal.member_id), None)
    if mine is None:
        return Signing(version, state, None)
    own = session.scalar(select(MinutesSignature).where(
        MinutesSignature.meeting_id == found.id, MinutesSignature.version == version,
        MinutesSignature.member_id == mine.member_id, MinutesSignature.voided_at.is_(None)))
    items = {item.item_id: item for item in items_of(found)}
    if own is None or state != "approved":
        return Signing(version, state, SheetLine(mine))
    return Signing(version, state, SheetLine(mine, own.signed_at, _reservation_of(own, items)))


def sign(uow: UnitOfWork, principal: Principal, meeting_id: uuid.UUID,
         reservation_input: dict | None = None) -> MinutesSignature:
    """The caller signs the approved minutes, with a reservation
    ({"item_id", "text"}) or without."""
    session = uow.session
    found = meeting(session, meeting_id)
    state, version = _state(session, found)
    people = present(session, found)
    already = session.scalar(select(MinutesSignature.id).where(
        MinutesSignature.meeting_id == found.id, MinutesSignature.version == version,
        MinutesSignature.member_id == principal.member_id)) if principal.member_id else None
    check_may_sign(state, version, {s.member_id for s in people}, principal.member_id, already is not None)
    held = None
    if reservation_input is not None:
        held = reservation(reservation_input.get("item_id"), reservation_input.get("text"), items_of(found))
    signer = next(s for s in people if s.member_id == principal.member_id)
    row = MinutesSignature(
        meeting_id=found.id, version=version, member_id=signer.member_id, name=signer.name, signed_at=utcnow(),
        reservation_item_id=held.item.item_id if held else None, reservation_text=held.text if held else None)
    session.add(row)
    try:
        session.flush()
    except IntegrityError:
        # A second click that overtook the first: the first signature stands.
        raise Conflict(f"Du har allerede underskrevet referatet (version {version}).") from None
    uow.publish("decisions.minutes.signed.v1", {
        "meeting_id": found.id, "committee_id": found.committee_id, "version": version,
        "member_id": signer.member_id, "name": signer.name, "signed_at": row.signed_at,
        "reservation": {"item_id": held.item.item_id, "number": held.item.number, "closed": held.item.closed,
                        "text": held.text} if held else None,
    }, subject=f"meetings/{found.id}")
    uow.commit()
    return row


def remind(uow: UnitOfWork, principal: Principal, meeting_id: uuid.UUID) -> list[Signer]:
    """Remind everyone present who has not signed; returns whom."""
    session = uow.session
    found = managed_meeting(session, principal, meeting_id)
    minutes = session.get(Minutes, found.id)
    if minutes is None or minutes.state != "approved":
        raise Conflict("Referatet skal være godkendt, før medlemmerne kan underskrive det.")
    waiting = request_signatures(uow, found, minutes.version, reminder=True)
    if not waiting:
        raise Conflict("Alle, der deltog i mødet, har underskrevet referatet.")
    minutes.signatures_reminded_at = utcnow()
    uow.commit()
    return waiting


@dataclass(frozen=True)
class Overview:
    """The secretariat's view of the signatures on the current version."""

    state: str
    version: int
    lines: list[SheetLine]
    reminded_at: datetime | None
    voided: int  # signatures on earlier versions, voided by corrections

    @property
    def signed(self) -> int:
        return sum(1 for line in self.lines if line.signed)

    @property
    def reservations(self) -> list[SheetLine]:
        return [line for line in self.lines if line.reservation is not None]


def sheet(session: Session, found: MeetingCopy) -> list[SheetLine]:
    """The underskriftsblad of the current version: every member present, signed or not."""
    state, version = _state(session, found)
    items = {item.item_id: item for item in items_of(found)}
    rows = valid_signatures(session, found.id, version) if state == "approved" else []
    return signature_sheet(present(session, found), [
        Signature(row.member_id, row.signed_at, _reservation_of(row, items)) for row in rows])


def overview(session: Session, found: MeetingCopy) -> Overview:
    state, version = _state(session, found)
    minutes = session.get(Minutes, found.id)
    voided = session.scalar(select(func.count()).select_from(MinutesSignature).where(
        MinutesSignature.meeting_id == found.id, MinutesSignature.voided_at.is_not(None))) or 0
    return Overview(state, version, sheet(session, found),
                    minutes.signatures_reminded_at if minutes is not None else None, voided)


def reservation_line(held: Reservation) -> str:
    """'Punkt 3 (Titel): what is wrong', for the secretariat and the internal referat."""
    item = held.item
    where = f"Punkt {item.number} ({item.title})" if item.number else "Et punkt, der ikke længere er på dagsordenen"
    return f"{where}: {held.text}"


def signature_page(session: Session, found: MeetingCopy) -> SignaturePage | None:
    """The internal referat's last page, while the minutes are approved."""
    state, version = _state(session, found)
    if state != "approved":
        return None
    return SignaturePage(version, found.timezone, tuple(
        SignatureLine(line.signer.display, line.signed_at,
                      reservation_line(line.reservation) if line.reservation else None)
        for line in sheet(session, found)))
