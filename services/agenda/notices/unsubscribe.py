"""The link in every mail that stops all mails, without logging in.

A capability URL, as the private calendar links are: 256 random bits, only the SHA-256
digest stored, looked up by digest. Each mail gets its own link, valid for
LINK_LIFETIME. Using one sets the member's preferences to "no mail"; an expired or
unknown (altered) link changes nothing and says so.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.agenda.models import Member
from services.agenda.notices.models import UnsubscribeLink
from services.agenda.notices.preferences import preference_of
from shared.auth.credentials import token_digest
from shared.db.types import utcnow
from shared.db.uow import UnitOfWork
from shared.errors import DomainError, NotFound

LINK_LIFETIME = timedelta(days=180)
TOKEN_LENGTH = 43  # secrets.token_urlsafe(32)


class LinkExpired(DomainError):
    status = 410


@dataclass(frozen=True)
class Stopped:
    member: Member
    already: bool  # the member had stopped all mails before


def new_link(session: Session, member_id, now: datetime | None = None) -> str:
    """A fresh link token for one mail to the member (returned once, stored as a digest)."""
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    session.add(UnsubscribeLink(member_id=member_id, token_digest=token_digest(token), created_at=now,
                                expires_at=now + LINK_LIFETIME))
    return token


def _valid_link(session: Session, token: str, now: datetime) -> UnsubscribeLink:
    link = None
    if len(token) == TOKEN_LENGTH and token.isascii():
        link = session.scalar(select(UnsubscribeLink).where(UnsubscribeLink.token_digest == token_digest(token)))
    if link is None:
        raise NotFound("Linket er ikke gyldigt. Måske er det ikke kopieret helt, eller det er blevet ændret. "
                       "Du kan vælge dine e-mails på siden »Mine e-mails«, når du er logget ind.")
    if link.expires_at <= now:
        raise LinkExpired("Linket er udløbet. Brug linket i en nyere e-mail, eller vælg dine e-mails på siden "
                          "»Mine e-mails«, når du er logget ind.")
    return link


def member_for_link(session: Session, token: str, now: datetime | None = None) -> Member:
    """The member the link is for; NotFound or LinkExpired otherwise."""
    return _valid_link(session, token, now or utcnow()).member


def stop_all(uow: UnitOfWork, token: str, now: datetime | None = None) -> Stopped:
    now = now or utcnow()
    link = _valid_link(uow.session, token, now)
    preference = preference_of(uow.session, link.member_id)
    already = preference.stopped_at is not None
    if not already:
        preference.stopped_at = now
    link.used_at = link.used_at or now
    member = link.member
    uow.commit()
    return Stopped(member, already)
