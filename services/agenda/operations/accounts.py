"""User accounts, their one-time password links, login sessions and API tokens.

Every change to an account that decides whether its login sessions hold (created,
deactivated, role changed, logged out, new password) raises nothing but an
`agenda.account.changed.v1` event with the account's session generation, so the other
services refuse an ended session on its next request without reading this service's tables.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from services.agenda.models import ApiToken, Member, Municipality, PasswordLink, User
from services.agenda.operations.access import managed_member, managed_municipality, managed_user
from shared.auth import Principal, hash_password, new_api_token, token_digest, verify_password
from shared.auth.session import AccountState
from shared.db.types import utcnow
from shared.db.uow import UnitOfWork
from shared.errors import Conflict, DomainError, Forbidden, Invalid, NotFound

# A token's last use is recorded to this precision: a read with a token writes at most
# this often, not on every request.
LAST_USE_PRECISION = timedelta(minutes=5)

# Checked when the e-mail is unknown, so a wrong e-mail costs the same time as a wrong password.
_DUMMY_HASH = hash_password("not-a-real-password")

# Long enough to reach a new user by mail over a weekend; a new link replaces the old one.
PASSWORD_LINK_LIFETIME = timedelta(days=7)
MIN_PASSWORD_LENGTH = 12
PASSWORD_LINK_PATH = "/agenda/adgangskode/"


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


def may_log_in(user: User) -> bool:
    """The account and its municipality are both active."""
    return user.active and (user.municipality is None or user.municipality.active)


def account_data(user: User) -> dict:
    return {
        "id": user.id,
        "name": user.name,
        "role": user.role,
        "municipality_id": user.municipality_id,
        "member_id": user.member_id,
        "active": may_log_in(user),
        "session_generation": user.session_generation,
        "updated_at": user.updated_at,
    }


def announce_account(uow: UnitOfWork, user: User) -> None:
    uow.session.flush()
    uow.session.refresh(user)
    uow.publish("agenda.account.changed.v1", {"account": account_data(user)}, subject=f"accounts/{user.id}")


def end_sessions(uow: UnitOfWork, user: User) -> None:
    """Every login session of the user ends on its next request, in every service."""
    user.session_generation += 1
    announce_account(uow, user)


# --- logging in ------------------------------------------------------------------------

def find_user(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == email.strip().lower()))


def authenticate(session: Session, email: str, password: str) -> User:
    user = find_user(session, email)
    if user is None or user.password_hash is None:
        verify_password(_DUMMY_HASH, password)
    elif verify_password(user.password_hash, password):
        if may_log_in(user):
            return user
        # Said only to someone who knows the password.
        raise BadCredentials("Kontoen er lukket. Kontakt kommunens sekretariat.")
    raise BadCredentials("Forkert e-mail eller adgangskode.")


def session_account(session: Session, user_id: uuid.UUID) -> AccountState | None:
    """What the login-session check needs to know of an account (see shared.auth.session)."""
    user = session.get(User, user_id)
    if user is None:
        return None
    return AccountState(principal_of(user), may_log_in(user), user.session_generation)


def log_out(uow: UnitOfWork, user_id: uuid.UUID) -> None:
    user = uow.session.get(User, user_id)
    if user is not None:
        end_sessions(uow, user)
        uow.commit()


# --- API tokens --------------------------------------------------------------------------

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
    if record is None or record.revoked_at is not None or not may_log_in(record.user):
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


# --- one-time password links ---------------------------------------------------------------

@dataclass(frozen=True)
class IssuedLink:
    url: str
    expires_at: datetime


def password_link(uow: UnitOfWork, user: User, public_base_url: str, issued_by: uuid.UUID | None) -> IssuedLink:
    """The one way to make a link that lets the user set a password once. Replaces any
    earlier unused link; the caller commits (and shows or mails the link)."""
    for older in uow.session.scalars(select(PasswordLink).where(
            PasswordLink.user_id == user.id, PasswordLink.used_at.is_(None))):
        uow.session.delete(older)
    token = secrets.token_urlsafe(32)
    expires_at = utcnow() + PASSWORD_LINK_LIFETIME
    uow.session.add(PasswordLink(user_id=user.id, token_digest=token_digest(token), created_by=issued_by,
                                 expires_at=expires_at))
    return IssuedLink(url=f"{public_base_url.rstrip('/')}{PASSWORD_LINK_PATH}{token}", expires_at=expires_at)


def _usable_link(session: Session, token: str) -> PasswordLink:
    link = session.scalar(select(PasswordLink).where(PasswordLink.token_digest == token_digest(token)))
    if link is None or link.used_at is not None or link.expires_at <= utcnow() or not may_log_in(link.user):
        raise NotFound("Linket er brugt, udløbet eller ugyldigt. Bed sekretariatet om et nyt.")
    return link


def user_for_password_link(session: Session, token: str) -> User:
    return _usable_link(session, token).user


def password_problems(password: str, user: User) -> list[str]:
    problems = []
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(f"Adgangskoden skal have mindst {MIN_PASSWORD_LENGTH} tegn.")
    if password.strip().lower() in (user.email, user.name.strip().lower()):
        problems.append("Adgangskoden må ikke være din e-mail eller dit navn.")
    return problems


def set_password(uow: UnitOfWork, token: str, password: str) -> User:
    """Sets the password through a one-time link; any older login session ends."""
    link = _usable_link(uow.session, token)
    user = link.user
    problems = password_problems(password, user)
    if problems:
        raise Invalid(problems[0], {"password": problems})
    user.password_hash = hash_password(password)
    link.used_at = utcnow()
    end_sessions(uow, user)
    uow.commit()
    return user


# --- managing accounts -----------------------------------------------------------------------

def _email_taken(session: Session, email: str, except_id: uuid.UUID | None = None) -> bool:
    query = select(User.id).where(User.email == email)
    if except_id:
        query = query.where(User.id != except_id)
    return session.scalar(query) is not None


def _member_link(session: Session, principal: Principal, municipality: Municipality, role: str,
                 member_id: uuid.UUID | None, user_id: uuid.UUID | None = None) -> uuid.UUID | None:
    """The member a member account belongs to: one of the municipality's, without an account."""
    if role != "member":
        return None
    if member_id is None:
        raise Invalid("Vælg det udvalgsmedlem, kontoen hører til.",
                      {"member_id": ["Vælg det udvalgsmedlem, kontoen hører til."]})
    member = managed_member(session, principal, member_id)
    if member.municipality_id != municipality.id:
        raise NotFound("Medlemmet findes ikke.")
    taken = session.scalar(select(User.id).where(User.member_id == member.id, User.id != user_id)
                           if user_id else select(User.id).where(User.member_id == member.id))
    if taken:
        raise Conflict("Medlemmet har allerede en konto.", {"member_id": ["Medlemmet har allerede en konto."]})
    return member.id


def add_user(uow: UnitOfWork, principal: Principal, municipality: Municipality, data: dict) -> User:
    """A secretary or member account without a password; the caller issues its link."""
    email = data["email"].strip().lower()
    if _email_taken(uow.session, email):
        raise Conflict("Der findes allerede en bruger med den e-mail.", {"email": ["E-mailen er i brug."]})
    user = User(email=email, name=data["name"], password_hash=None, role=data["role"],
                municipality_id=municipality.id,
                member_id=_member_link(uow.session, principal, municipality, data["role"], data.get("member_id")))
    uow.session.add(user)
    announce_account(uow, user)
    return user


def create_user(uow: UnitOfWork, principal: Principal, slug: str, data: dict,
                public_base_url: str) -> tuple[User, IssuedLink]:
    """Create a secretary or member account in the municipality, with its one-time link."""
    municipality = managed_municipality(uow.session, principal, slug)
    user = add_user(uow, principal, municipality, data)
    link = password_link(uow, user, public_base_url, principal.user_id)
    uow.commit()
    return user, link


def issue_password_link(uow: UnitOfWork, principal: Principal, user_id: uuid.UUID,
                        public_base_url: str) -> tuple[User, IssuedLink]:
    user = managed_user(uow.session, principal, user_id)
    if not user.active:
        raise Conflict("Kontoen er deaktiveret. Aktivér den først.")
    link = password_link(uow, user, public_base_url, principal.user_id)
    uow.commit()
    return user, link


def update_user(uow: UnitOfWork, principal: Principal, user_id: uuid.UUID, data: dict) -> User:
    """Name, role (with the member it belongs to) or active; a role change or deactivation
    ends the account's sessions at once."""
    user = managed_user(uow.session, principal, user_id)
    if user.id == principal.user_id and (data.get("active") is False or data.get("role", user.role) != user.role):
        raise Forbidden("Du kan ikke deaktivere din egen konto eller ændre din egen rolle.")
    ends_sessions = False
    if "name" in data:
        user.name = data["name"]
    if "role" in data:
        member_id = data.get("member_id") if data["role"] == "member" else None
        if (data["role"], member_id) != (user.role, user.member_id):
            if user.municipality is None:
                raise Forbidden("En administrators rolle ændres ikke her.")
            user.member_id = _member_link(uow.session, principal, user.municipality, data["role"], member_id, user.id)
            user.role = data["role"]
            ends_sessions = True
    if "active" in data and data["active"] != user.active:
        user.active = data["active"]
        ends_sessions = True
    if ends_sessions:
        end_sessions(uow, user)
    else:
        announce_account(uow, user)
    uow.commit()
    return user


def list_users(session: Session, principal: Principal, slug: str) -> list[User]:
    municipality = managed_municipality(session, principal, slug)
    return list(session.scalars(select(User).where(User.municipality_id == municipality.id).order_by(User.name)))


def members_without_account(session: Session, municipality_id: uuid.UUID) -> list[Member]:
    linked = select(User.member_id).where(User.member_id.is_not(None))
    return list(session.scalars(select(Member).where(Member.municipality_id == municipality_id,
                                                     Member.id.not_in(linked)).order_by(Member.name)))


# --- operators and demo data -------------------------------------------------------------------

def ensure_user(session: Session, *, email: str, name: str, password: str, role: str,
                municipality_id: uuid.UUID | None = None, member_id: uuid.UUID | None = None) -> User:
    """Create an account with a password if missing (demo data and tests); never changes one.
    Flushes only: the caller's unit of work commits and publishes nothing, so use
    `ensure_user_announced` where other services must learn of the account."""
    user = find_user(session, email)
    if user is None:
        user = User(email=email.lower(), name=name, password_hash=hash_password(password), role=role,
                    municipality_id=municipality_id, member_id=member_id)
        session.add(user)
        session.flush()
    return user


def ensure_user_announced(uow: UnitOfWork, **fields) -> User:
    existed = find_user(uow.session, fields["email"]) is not None
    user = ensure_user(uow.session, **fields)
    if not existed:
        announce_account(uow, user)
    return user


def platform_administrator(uow: UnitOfWork, email: str, name: str, public_base_url: str) -> IssuedLink:
    """The operator's command: create a platform administrator (or find the existing one)
    and make a one-time link to set its password."""
    email = email.strip().lower()
    user = find_user(uow.session, email)
    if user is None:
        user = User(email=email, name=name, password_hash=None, role="admin")
        uow.session.add(user)
        announce_account(uow, user)
    elif user.role != "admin":
        raise Conflict(f"{email} er allerede en konto med en anden rolle end administrator.")
    elif not user.active:
        user.active = True
        end_sessions(uow, user)
    link = password_link(uow, user, public_base_url, None)
    uow.commit()
    return link


def has_administrator(session: Session) -> bool:
    return session.scalar(select(User.id).where(User.role == "admin", User.active.is_(True)).limit(1)) is not None
