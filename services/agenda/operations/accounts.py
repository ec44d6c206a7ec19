"""User accounts and API tokens of the agenda service."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from services.agenda.models import ApiToken, User
from services.agenda.operations.access import managed_member, managed_municipality
from shared.auth import Principal, hash_password, new_api_token, token_digest, verify_password
from shared.db.types import utcnow
from shared.db.uow import UnitOfWork
from shared.errors import Conflict, DomainError, NotFound

# A token's last use is recorded to this precision: a read with a token writes at most
# this often, not on every request.
LAST_USE_PRECISION = timedelta(minutes=5)

# Checked when the e-mail is unknown, so a wrong e-mail costs the same time as a wrong password.
_DUMMY_HASH = hash_password("not-a-real-password")


class BadCredentials(DomainError):
    status = 401


def principal_of(user: User) -> Principal:
    return Principal(
        role=user.role,
        user_id=user.id,
        municipality_id=user.municipality_id,
        member_id=user.member_id,
        name=user.name,
    )


def authenticate(session: Session, email: str, password: str) -> User:
    user = session.scalar(select(User).where(User.email == email.lower()))
    if user is None:
        verify_password(_DUMMY_HASH, password)
    elif user.active and verify_password(user.password_hash, password):
        return user
    raise BadCredentials("Forkert e-mail eller adgangskode.")


def issue_token(uow: UnitOfWork, email: str, password: str, label: str) -> tuple[ApiToken, str]:
    user = authenticate(uow.session, email, password)
    token, digest = new_api_token()
    record = ApiToken(user_id=user.id, token_digest=digest, label=label)
    uow.session.add(record)
    uow.commit()
    return record, token


def principal_for_token(session: Session, token: str) -> tuple[Principal | None, uuid.UUID | None]:
    """Who the token belongs to (None for an unknown, revoked or deactivated one), and
    the token's id when its last use is due to be recorded (see touch_token). Only reads."""
    record = session.scalar(select(ApiToken).where(ApiToken.token_digest == token_digest(token)))
    if record is None or record.revoked_at is not None or not record.user.active:
        return None, None
    due = record.last_used_at is None or utcnow() - record.last_used_at >= LAST_USE_PRECISION
    return principal_of(record.user), record.id if due else None


def touch_token(uow: UnitOfWork, token_id: uuid.UUID) -> None:
    """Record that the token was used now."""
    uow.session.execute(update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=utcnow()))
    uow.commit()


def revoke_token(uow: UnitOfWork, principal: Principal, token_id: uuid.UUID) -> None:
    record = uow.session.get(ApiToken, token_id)
    if record is None or (record.user_id != principal.user_id and not principal.is_admin):
        raise NotFound("Nøglen findes ikke.")
    record.revoked_at = record.revoked_at or utcnow()
    uow.commit()


def create_user(uow: UnitOfWork, principal: Principal, slug: str, data: dict) -> User:
    municipality = managed_municipality(uow.session, principal, slug)
    email = data["email"].lower()
    if uow.session.scalar(select(User.id).where(User.email == email)):
        raise Conflict("Der findes allerede en bruger med den e-mail.", {"email": ["E-mailen er i brug."]})
    member_id = data.get("member_id")
    if member_id:
        managed_member(uow.session, principal, member_id)
    user = User(
        email=email,
        name=data["name"],
        password_hash=hash_password(data["password"]),
        role=data["role"],
        municipality_id=municipality.id,
        member_id=member_id,
    )
    uow.session.add(user)
    uow.commit()
    return user


def ensure_user(session: Session, *, email: str, name: str, password: str, role: str,
                municipality_id: uuid.UUID | None = None, member_id: uuid.UUID | None = None) -> User:
    """Create an account if missing (operator command and demo data); never changes one."""
    user = session.scalar(select(User).where(User.email == email.lower()))
    if user is None:
        user = User(email=email.lower(), name=name, password_hash=hash_password(password), role=role,
                    municipality_id=municipality_id, member_id=member_id)
        session.add(user)
        session.flush()
    return user
