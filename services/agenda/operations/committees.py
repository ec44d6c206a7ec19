"""Committees, the politicians on them, and their memberships."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select

from services.agenda.models import Committee, Member, Membership
from services.agenda.operations.access import (
    managed_committee,
    managed_member,
    managed_municipality,
)
from services.agenda.presenters import committee_data
from shared.auth import Principal
from shared.db.uow import UnitOfWork
from shared.errors import Conflict, NotFound


def _announce(uow: UnitOfWork, committee: Committee, event_type: str) -> None:
    uow.session.flush()
    uow.session.refresh(committee)
    uow.publish(event_type, {"committee": committee_data(committee)}, subject=f"committees/{committee.id}")


def _code_taken(uow: UnitOfWork, municipality_id: uuid.UUID, code: str, except_id: uuid.UUID | None = None) -> bool:
    query = select(Committee.id).where(Committee.municipality_id == municipality_id, Committee.code == code)
    if except_id:
        query = query.where(Committee.id != except_id)
    return uow.session.scalar(query) is not None


def create_committee(uow: UnitOfWork, principal: Principal, slug: str, data: dict) -> Committee:
    municipality = managed_municipality(uow.session, principal, slug)
    if _code_taken(uow, municipality.id, data["code"]):
        raise Conflict("Koden bruges allerede af et andet udvalg.", {"code": ["Koden er optaget."]})
    committee = Committee(municipality=municipality, name=data["name"], code=data["code"])
    uow.session.add(committee)
    _announce(uow, committee, "agenda.committee.created.v1")
    uow.commit()
    return committee


def update_committee(uow: UnitOfWork, principal: Principal, committee_id: uuid.UUID, data: dict) -> Committee:
    committee = managed_committee(uow.session, principal, committee_id)
    if "code" in data and _code_taken(uow, committee.municipality_id, data["code"], committee.id):
        raise Conflict("Koden bruges allerede af et andet udvalg.", {"code": ["Koden er optaget."]})
    for key in ("name", "code"):
        if key in data:
            setattr(committee, key, data[key])
    _announce(uow, committee, "agenda.committee.updated.v1")
    uow.commit()
    return committee


def register_member(uow: UnitOfWork, principal: Principal, slug: str, data: dict) -> Member:
    municipality = managed_municipality(uow.session, principal, slug)
    member = Member(municipality_id=municipality.id, name=data["name"], party=data.get("party"), email=data.get("email"))
    uow.session.add(member)
    uow.commit()
    return member


def update_member(uow: UnitOfWork, principal: Principal, member_id: uuid.UUID, data: dict) -> Member:
    member = managed_member(uow.session, principal, member_id)
    for key in ("name", "party", "email"):
        if key in data:
            setattr(member, key, data[key])
    # Every committee the member sits on shows the new name or party.
    for committee in {m.committee for m in member.memberships}:
        _announce(uow, committee, "agenda.committee.updated.v1")
    uow.commit()
    return member


def add_membership(uow: UnitOfWork, principal: Principal, committee_id: uuid.UUID, data: dict) -> Membership:
    committee = managed_committee(uow.session, principal, committee_id)
    member = managed_member(uow.session, principal, data["member_id"])
    if member.municipality_id != committee.municipality_id:
        raise NotFound("Medlemmet findes ikke.")
    if data.get("role") == "chair" and any(
        m.role == "chair" and m.ends_on is None for m in committee.memberships
    ):
        raise Conflict("Udvalget har allerede en formand.", {"role": ["Der er allerede en formand."]})
    position = uow.session.execute(
        select(func.coalesce(func.max(Membership.position), 0)).where(Membership.committee_id == committee.id)
    ).scalar_one()
    membership = Membership(
        committee=committee,
        member=member,
        role=data.get("role", "member"),
        starts_on=data.get("starts_on"),
        ends_on=data.get("ends_on"),
        position=position + 1,
    )
    uow.session.add(membership)
    _announce(uow, committee, "agenda.committee.updated.v1")
    uow.commit()
    return membership


def remove_membership(uow: UnitOfWork, principal: Principal, committee_id: uuid.UUID, membership_id: uuid.UUID) -> None:
    committee = managed_committee(uow.session, principal, committee_id)
    membership = next((m for m in committee.memberships if m.id == membership_id), None)
    if membership is None:
        raise NotFound("Medlemskabet findes ikke.")
    committee.memberships.remove(membership)
    _announce(uow, committee, "agenda.committee.updated.v1")
    uow.commit()
