"""Loading meetings on behalf of a principal: only the municipality's secretariat records
decisions; a meeting of another municipality does not exist for them."""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from services.decisions.models import MeetingCopy
from services.decisions.operations.roster import seated_on
from shared.auth import Principal
from shared.errors import Forbidden, NotFound


def meeting(session: Session, meeting_id: uuid.UUID) -> MeetingCopy:
    found = session.get(MeetingCopy, meeting_id)
    if found is None:
        raise NotFound("Mødet findes ikke (eller dagsordenen er ikke offentliggjort endnu).")
    return found


def managed_meeting(session: Session, principal: Principal, meeting_id: uuid.UUID) -> MeetingCopy:
    found = meeting(session, meeting_id)
    if not principal.is_authenticated:
        raise Forbidden("Log ind som sekretær for kommunen.")
    if not principal.manages(found.committee.municipality_id):
        raise NotFound("Mødet findes ikke (eller dagsordenen er ikke offentliggjort endnu).")
    return found


def may_read_internal(principal: Principal, found: MeetingCopy) -> bool:
    """The secretariat and the committee's own members may read closed items."""
    if principal.manages(found.committee.municipality_id):
        return True
    return principal.member_id is not None and any(
        member["member_id"] == str(principal.member_id) for member in seated_on(found.committee.members, found.date)
    )
