"""Who is told: the committee's members on the meeting's date, each with an address, their
wishes, and whether they may read the meeting's closed items."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from services.agenda.models import Meeting, Member, Membership, User
from services.agenda.notices.models import NoticePreference
from services.agenda.operations.agendas import sits_on_committee
from shared.auth import Principal


@dataclass(frozen=True)
class Recipient:
    member_id: uuid.UUID
    name: str
    email: str
    may_read_closed: bool
    preference: NoticePreference | None

    def wants(self, kind: str) -> bool:
        preference = self.preference
        return preference is None or (preference.stopped_at is None and getattr(preference, kind))

    @property
    def wants_invitations(self) -> bool:
        return self.preference is None or self.preference.invitations


def member_address(session: Session, member: Member) -> str | None:
    """The member's own address, else the address of their active login."""
    if member.email:
        return member.email
    return session.scalar(select(User.email).where(User.member_id == member.id, User.active.is_(True))
                          .order_by(User.created_at).limit(1))


def members_on(session: Session, committee_id: uuid.UUID, day: date) -> list[Member]:
    """Everyone whose membership (substitutes included) covers the day, once each."""
    return list(session.scalars(
        select(Member).join(Membership, Membership.member_id == Member.id)
        .where(Membership.committee_id == committee_id,
               or_(Membership.starts_on.is_(None), Membership.starts_on <= day),
               or_(Membership.ends_on.is_(None), Membership.ends_on >= day))
        .order_by(Member.name).distinct()))


def meeting_recipients(session: Session, meeting: Meeting, kind: str) -> list[Recipient]:
    """The members of the meeting's committee on its date who have an address and want `kind`."""
    found = []
    for member in members_on(session, meeting.committee_id, meeting.date):
        address = member_address(session, member)
        if not address:
            continue
        reader = Principal(role="member", member_id=member.id, municipality_id=member.municipality_id)
        recipient = Recipient(member.id, member.name, address, sits_on_committee(reader, meeting),
                              session.get(NoticePreference, member.id))
        if recipient.wants(kind):
            found.append(recipient)
    return found
