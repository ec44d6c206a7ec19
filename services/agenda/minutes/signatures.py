"""The members' signatures on approved minutes, as the decisions service announces them:
whom it asked to sign, who has signed, and the requests a correction voided. A member's
start page lists the minutes waiting for their signature; the signatures themselves (and
any reservations) stay the decisions service's."""

from __future__ import annotations

import uuid

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, joinedload

from services.agenda.minutes.models import SignatureRequest
from services.agenda.models import Committee, Meeting, Member
from shared.db.uow import UnitOfWork
from shared.events import Envelope


def _voided(meeting: Meeting, version: int) -> bool:
    """The version is being corrected (or was replaced): its requests no longer stand."""
    return (meeting.minutes_version or 0) > version or (
        meeting.minutes_state == "correcting" and (meeting.minutes_version or 0) >= version)


def signatures_requested(uow: UnitOfWork, event: Envelope) -> None:
    data = event.data
    session = uow.session
    meeting = session.get(Meeting, data["meeting_id"])
    if meeting is None or _voided(meeting, data["version"]):
        return
    for member_id in data["member_ids"]:
        if session.get(Member, member_id) is None:
            continue
        request = session.get(SignatureRequest, (meeting.id, member_id))
        if request is None:
            session.add(SignatureRequest(meeting_id=meeting.id, member_id=member_id, version=data["version"],
                                         requested_at=data["requested_at"], signed_at=None))
        elif request.version < data["version"]:
            request.version, request.requested_at, request.signed_at = data["version"], data["requested_at"], None
        elif request.version == data["version"] and request.signed_at is None:
            request.requested_at = max(request.requested_at, data["requested_at"])


def minutes_signed(uow: UnitOfWork, event: Envelope) -> None:
    data = event.data
    session = uow.session
    if session.get(Meeting, data["meeting_id"]) is None or session.get(Member, data["member_id"]) is None:
        return
    request = session.get(SignatureRequest, (data["meeting_id"], data["member_id"]))
    if request is None:
        session.add(SignatureRequest(meeting_id=data["meeting_id"], member_id=data["member_id"],
                                     version=data["version"], requested_at=data["signed_at"],
                                     signed_at=data["signed_at"]))
    elif request.version <= data["version"]:
        request.version, request.signed_at = data["version"], data["signed_at"]


def minutes_reopened(uow: UnitOfWork, event: Envelope) -> None:
    """A correction voids the version's signatures: nobody is asked to sign it any more."""
    data = event.data
    uow.session.execute(delete(SignatureRequest).where(
        SignatureRequest.meeting_id == data["meeting_id"], SignatureRequest.version <= data["version"]))


def waiting_for(session: Session, member_id: uuid.UUID) -> list[SignatureRequest]:
    """The minutes waiting for the member's signature, oldest meeting first."""
    return list(session.scalars(
        select(SignatureRequest).join(Meeting, Meeting.id == SignatureRequest.meeting_id)
        .where(SignatureRequest.member_id == member_id, SignatureRequest.signed_at.is_(None))
        .options(joinedload(SignatureRequest.meeting).joinedload(Meeting.committee).joinedload(Committee.municipality))
        .order_by(Meeting.date, Meeting.start_time)))


HANDLERS = {
    "decisions.minutes.signatures_requested.v1": signatures_requested,
    "decisions.minutes.signed.v1": minutes_signed,
    "decisions.minutes.reopened.v1": minutes_reopened,
}
