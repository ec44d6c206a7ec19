"""Members' private feed links: capability URLs (W3C TAG "Good Practices for Capability URLs").

A token is 256 random bits (secrets.token_urlsafe(32)); only its SHA-256 digest is
stored and looked up by that digest (shared with the API tokens). A member has at most one
active token: making a new one (rotating) revokes the old, and the secretariat can revoke
it. An old link then answers 404, as a link that never existed.
"""

from __future__ import annotations

import re
import secrets
import uuid
from datetime import date

from sqlalchemy import Engine, bindparam, or_, select
from sqlalchemy.orm import Session

from services.agenda.calendar.models import CalendarToken
from services.agenda.models import Committee, Member, Membership
from services.agenda.operations.access import managed_member, managed_municipality
from shared.auth import Principal
from shared.auth.credentials import token_digest
from shared.db.types import utcnow
from shared.db.uow import UnitOfWork
from shared.errors import Forbidden, NotFound

TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{43}$")


def new_token() -> str:
    return secrets.token_urlsafe(32)


def active_token(session: Session, member_id: uuid.UUID) -> CalendarToken | None:
    return session.scalar(select(CalendarToken).where(
        CalendarToken.member_id == member_id, CalendarToken.revoked_at.is_(None)))


def _revoke_active(session: Session, member_id: uuid.UUID, by: uuid.UUID | None) -> CalendarToken | None:
    record = active_token(session, member_id)
    if record is not None:
        record.revoked_at = utcnow()
        record.revoked_by = by
        session.flush()  # before the new token's row: one active token per member
    return record


def issue_for_member(uow: UnitOfWork, member_id: uuid.UUID, by: uuid.UUID | None) -> tuple[CalendarToken, str]:
    """A new token for the member, revoking the one they had. The token is returned only
    this once; it cannot be shown again."""
    _revoke_active(uow.session, member_id, by)
    token = new_token()
    record = CalendarToken(member_id=member_id, token_digest=token_digest(token))
    uow.session.add(record)
    uow.commit()
    return record, token


def rotate_own_token(uow: UnitOfWork, principal: Principal) -> tuple[CalendarToken, str]:
    """The logged-in member makes a new private link; the old one stops working."""
    member = own_member(uow.session, principal)
    return issue_for_member(uow, member.id, principal.user_id)


def own_member(session: Session, principal: Principal) -> Member:
    if not principal.is_authenticated:
        raise Forbidden("Log ind som udvalgsmedlem.")
    member = session.get(Member, principal.member_id) if principal.member_id else None
    if member is None:
        raise NotFound("Din konto er ikke knyttet til et udvalgsmedlem.")
    return member


def revoke_member_token(uow: UnitOfWork, principal: Principal, member_id: uuid.UUID) -> CalendarToken:
    """The secretariat closes a member's private link (e.g. a lost phone)."""
    member = managed_member(uow.session, principal, member_id)
    record = _revoke_active(uow.session, member.id, principal.user_id)
    if record is None:
        raise NotFound("Medlemmet har intet aktivt kalenderlink.")
    uow.commit()
    return record


def member_id_for_token(engine: Engine, token: str) -> uuid.UUID | None:
    """The id of the member whose active token this is, else None (unknown, revoked,
    malformed alike): one statement on the digest's unique index, on a connection of its
    own (`engine` one that only reads). Every fetch of every private feed runs it, and a
    session around it cost twice the statement."""
    if not TOKEN_SHAPE.match(token):
        return None
    with engine.connect() as connection:
        return connection.execute(_ACTIVE_TOKEN_MEMBER, {"digest": token_digest(token)}).scalar()


# Built once: every fetch of every private feed runs it.
_ACTIVE_TOKEN_MEMBER = select(CalendarToken.member_id).where(
    CalendarToken.token_digest == bindparam("digest"), CalendarToken.revoked_at.is_(None))


def member_committees(session: Session, member: Member, today: date | None = None) -> list[Committee]:
    """The committees the member sits on now or will (substitutes included)."""
    today = today or date.today()
    return list(session.scalars(
        select(Committee).join(Membership, Membership.committee_id == Committee.id)
        .where(Membership.member_id == member.id, or_(Membership.ends_on.is_(None), Membership.ends_on >= today))
        .order_by(Committee.name).distinct()))


def municipality_tokens(session: Session, principal: Principal, slug: str) -> list[tuple[Member, CalendarToken | None]]:
    """Every member of the municipality with their active token (or None), for the secretariat."""
    municipality = managed_municipality(session, principal, slug)
    members = list(session.scalars(select(Member).where(Member.municipality_id == municipality.id).order_by(Member.name)))
    active = {record.member_id: record for record in session.scalars(
        select(CalendarToken).where(CalendarToken.member_id.in_([m.id for m in members]),
                                    CalendarToken.revoked_at.is_(None)))}
    return [(member, active.get(member.id)) for member in members]
