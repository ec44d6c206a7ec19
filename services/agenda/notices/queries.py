"""What the pages show of the mail outbox: mail the server refused, mail still waiting."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Row, func, select
from sqlalchemy.orm import Session

from services.agenda.models import Member
from services.agenda.notices.models import mail_tables

_outbox = mail_tables.outbox


@dataclass(frozen=True)
class Waiting:
    count: int
    oldest: datetime | None
    last_error: str | None  # why the oldest is still waiting, if an attempt failed


def refused_mail(session: Session, scope: str | None, limit: int = 200) -> list[tuple[Row, Member | None]]:
    """Mail the server refused for good, newest first, with the member each was for.
    `scope` None: every municipality's (the platform administrator)."""
    query = (select(_outbox.c.id, _outbox.c.recipient, _outbox.c.subject, _outbox.c.created_at,
                    _outbox.c.rejected_at, _outbox.c.last_error, _outbox.c.reference)
             .where(_outbox.c.rejected_at.is_not(None)).order_by(_outbox.c.rejected_at.desc()).limit(limit))
    if scope is not None:
        query = query.where(_outbox.c.scope == scope)
    rows = session.execute(query).all()
    members = {str(m.id): m for m in session.scalars(select(Member).where(
        Member.id.in_([uuid.UUID(r.reference) for r in rows if r.reference])))}
    return [(row, members.get(row.reference or "")) for row in rows]


def waiting_mail(session: Session, scope: str | None) -> Waiting:
    pending = (_outbox.c.sent_at.is_(None), _outbox.c.rejected_at.is_(None))
    query = select(func.count(), func.min(_outbox.c.created_at)).select_from(_outbox).where(*pending)
    oldest_error = select(_outbox.c.last_error).where(*pending).order_by(_outbox.c.id).limit(1)
    if scope is not None:
        query = query.where(_outbox.c.scope == scope)
        oldest_error = oldest_error.where(_outbox.c.scope == scope)
    count, oldest = session.execute(query).one()
    return Waiting(count, oldest, session.execute(oldest_error).scalar() if count else None)


def last_refused_for(session: Session, member_id: uuid.UUID) -> Row | None:
    """The member's latest mail, if the server refused it (so their address needs a look)."""
    latest = session.execute(
        select(_outbox.c.recipient, _outbox.c.rejected_at, _outbox.c.last_error)
        .where(_outbox.c.reference == str(member_id), (_outbox.c.sent_at.is_not(None)) | _outbox.c.rejected_at.is_not(None))
        .order_by(_outbox.c.id.desc()).limit(1)).first()
    return latest if latest is not None and latest.rejected_at is not None else None
