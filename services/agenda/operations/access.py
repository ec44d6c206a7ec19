"""Loading rows on behalf of a principal: a municipality's secretary never reaches
another municipality's data (it answers 'not found', revealing nothing)."""

from __future__ import annotations

import uuid

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from services.agenda.models import Committee, Item, Meeting, Member, Municipality, User
from services.agenda.operations.loading import AGENDA
from shared.auth import Principal
from shared.errors import Forbidden, NotFound


def municipality_by_slug(session: Session, slug: str) -> Municipality:
    municipality = session.scalar(select(Municipality).where(Municipality.slug == slug))
    if municipality is None:
        raise NotFound(f"Kommunen »{slug}« findes ikke.")
    return municipality


def committee_by_key(session: Session, slug: str, key: str) -> Committee:
    """A municipality's committee as public addresses name it: by its code (upper case),
    or by its slug (lower case; every committee has one, with or without a code)."""
    municipality = municipality_by_slug(session, slug)
    committee = session.scalar(
        select(Committee).where(Committee.municipality_id == municipality.id,
                                or_(Committee.code == key, Committee.slug == key)))
    if committee is None:
        raise NotFound("Udvalget findes ikke.")
    return committee


def require_manager(principal: Principal, municipality_id: uuid.UUID) -> None:
    if not principal.is_authenticated:
        raise Forbidden("Log ind som sekretær for kommunen.")
    if not principal.manages(municipality_id):
        raise Forbidden("Du kan kun ændre data i din egen kommune.")


def managed_municipality(session: Session, principal: Principal, slug: str) -> Municipality:
    municipality = municipality_by_slug(session, slug)
    require_manager(principal, municipality.id)
    return municipality


def _managed(session: Session, principal: Principal, model, row_id: uuid.UUID, municipality_of, label: str,
             options=()):
    row = session.get(model, row_id, options=options)
    # A foreign row is reported as missing: its existence is not the caller's business.
    if row is None or not principal.manages(municipality_of(row)):
        if row is not None and not principal.is_authenticated:
            raise Forbidden("Log ind som sekretær for kommunen.")
        raise NotFound(f"{label} findes ikke.")
    return row


def managed_committee(session: Session, principal: Principal, committee_id: uuid.UUID) -> Committee:
    return _managed(session, principal, Committee, committee_id, lambda c: c.municipality_id, "Udvalget")


def managed_member(session: Session, principal: Principal, member_id: uuid.UUID) -> Member:
    return _managed(session, principal, Member, member_id, lambda m: m.municipality_id, "Medlemmet")


def managed_meeting(session: Session, principal: Principal, meeting_id: uuid.UUID) -> Meeting:
    """The meeting with its agenda: what the secretariat does to a meeting reads it."""
    return _managed(session, principal, Meeting, meeting_id, lambda m: m.committee.municipality_id, "Mødet",
                    options=AGENDA)


def managed_item(session: Session, principal: Principal, item_id: uuid.UUID) -> Item:
    return _managed(session, principal, Item, item_id, lambda i: i.municipality_id, "Punktet")


def managed_user(session: Session, principal: Principal, user_id: uuid.UUID) -> User:
    """A secretary manages their municipality's accounts; the platform administrator all."""
    return _managed(session, principal, User, user_id,
                    lambda u: u.municipality_id if u.municipality_id else uuid.UUID(int=0), "Brugeren")
