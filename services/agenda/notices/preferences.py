"""A member's choice of mails, on their own page."""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from services.agenda.notices.domain import KINDS
from services.agenda.notices.models import NoticePreference
from shared.db.types import utcnow
from shared.db.uow import UnitOfWork


def preference_of(session: Session, member_id: uuid.UUID) -> NoticePreference:
    """The member's row, made (everything on) if they have none yet."""
    preference = session.get(NoticePreference, member_id)
    if preference is None:
        preference = NoticePreference(member_id=member_id, invitations=True, stopped_at=None,
                                      **dict.fromkeys(KINDS, True))
        session.add(preference)
    return preference


def save_preferences(uow: UnitOfWork, member_id: uuid.UUID, *, receive: bool, kinds: set[str],
                     invitations: bool) -> NoticePreference:
    """`receive` False stops every mail (as the link in a mail does); True turns them on
    again, with the kinds chosen."""
    preference = preference_of(uow.session, member_id)
    for kind in KINDS:
        setattr(preference, kind, kind in kinds)
    preference.invitations = invitations
    if not receive:
        preference.stopped_at = preference.stopped_at or utcnow()
    else:
        preference.stopped_at = None
    uow.commit()
    return preference

