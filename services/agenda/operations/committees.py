"""Committees, the politicians on them, and their memberships."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import func, select

from services.agenda.domain.slugs import url_slug
from services.agenda.models import Committee, Meeting, Member, Membership
from services.agenda.operations.access import (
    managed_committee,
    managed_member,
    managed_municipality,
)
from services.agenda.presenters import committee_data
from shared.auth import Principal
from shared.db.uow import UnitOfWork
from shared.errors import Conflict, Invalid, NotFound
from shared.periods import periods_overlap

SINGLE_SEATS = {"chair": "formand", "vice_chair": "næstformand"}


def _announce(uow: UnitOfWork, committee: Committee, event_type: str) -> None:
    uow.session.flush()
    uow.session.refresh(committee)
    uow.publish(event_type, {"committee": committee_data(committee)}, subject=f"committees/{committee.id}")


def _code_taken(uow: UnitOfWork, municipality_id: uuid.UUID, code: str | None,
                except_id: uuid.UUID | None = None) -> bool:
    if not code:
        return False
    query = select(Committee.id).where(Committee.municipality_id == municipality_id, Committee.code == code)
    if except_id:
        query = query.where(Committee.id != except_id)
    return uow.session.scalar(query) is not None


def create_committee(uow: UnitOfWork, principal: Principal, slug: str, data: dict) -> Committee:
    municipality = managed_municipality(uow.session, principal, slug)
    code = data.get("code") or None
    if _code_taken(uow, municipality.id, code):
        raise Conflict("Koden bruges allerede af et andet udvalg.", {"code": ["Koden er optaget."]})
    slugs = set(uow.session.scalars(select(Committee.slug).where(Committee.municipality_id == municipality.id)))
    committee = Committee(municipality=municipality, name=data["name"], code=code, slug=url_slug(data["name"], slugs),
                          default_place=data.get("default_place"), default_start_time=data.get("default_start_time"))
    uow.session.add(committee)
    _announce(uow, committee, "agenda.committee.created.v1")
    uow.commit()
    return committee


def update_committee(uow: UnitOfWork, principal: Principal, committee_id: uuid.UUID, data: dict) -> Committee:
    committee = managed_committee(uow.session, principal, committee_id)
    if "code" in data:
        data = {**data, "code": data["code"] or None}
        if _code_taken(uow, committee.municipality_id, data["code"], committee.id):
            raise Conflict("Koden bruges allerede af et andet udvalg.", {"code": ["Koden er optaget."]})
    for key in ("name", "code", "default_place", "default_start_time"):
        if key in data:
            setattr(committee, key, data[key])
    _announce(uow, committee, "agenda.committee.updated.v1")
    uow.commit()
    return committee


def close_committee(uow: UnitOfWork, principal: Principal, committee_id: uuid.UUID, on: date) -> Committee:
    """A closed committee plans no new meetings; its meetings, agendas and minutes stay,
    in public too. Its open memberships end on the closing day."""
    committee = managed_committee(uow.session, principal, committee_id)
    if committee.closed_on is not None:
        raise Conflict("Udvalget er allerede nedlagt.")
    if any(m.status in ("planned", "published") and m.date > on for m in _meetings(uow, committee)):
        raise Conflict("Udvalget har planlagte møder efter lukkedatoen. Aflys eller flyt dem først.",
                       {"closed_on": ["Der er planlagte møder efter datoen."]})
    committee.closed_on = on
    for membership in committee.memberships:
        if membership.ends_on is None or membership.ends_on > on:
            membership.ends_on = max(on, membership.starts_on) if membership.starts_on else on
    _announce(uow, committee, "agenda.committee.updated.v1")
    uow.commit()
    return committee


def reopen_committee(uow: UnitOfWork, principal: Principal, committee_id: uuid.UUID) -> Committee:
    committee = managed_committee(uow.session, principal, committee_id)
    committee.closed_on = None
    _announce(uow, committee, "agenda.committee.updated.v1")
    uow.commit()
    return committee


def _meetings(uow: UnitOfWork, committee: Committee) -> list[Meeting]:
    return list(uow.session.scalars(select(Meeting).where(Meeting.committee_id == committee.id)))


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


def _period(data: dict, membership: Membership | None = None) -> tuple[date | None, date | None]:
    if membership is None:
        return data.get("starts_on"), data.get("ends_on")
    return data.get("starts_on", membership.starts_on), data.get("ends_on", membership.ends_on)


def _check_membership(committee: Committee, member_id: uuid.UUID, role: str, period, except_id=None) -> None:
    """One seat per person at a time, one chair and one vice-chair at a time."""
    first, last = period
    if first and last and last < first:
        raise Invalid("Slutdatoen ligger før startdatoen.", {"ends_on": ["Slutdatoen ligger før startdatoen."]})
    others = [m for m in committee.memberships if m.id != except_id and periods_overlap(period, (m.starts_on, m.ends_on))]
    if any(m.member_id == member_id for m in others):
        raise Conflict("Medlemmet sidder allerede i udvalget i den periode.",
                       {"member_id": ["Medlemmet sidder allerede i udvalget i perioden."]})
    if role in SINGLE_SEATS and any(m.role == role for m in others):
        title = SINGLE_SEATS[role]
        raise Conflict(f"Udvalget har allerede en {title} i den periode.",
                       {"role": [f"Der er allerede en {title} i perioden."]})


def add_membership(uow: UnitOfWork, principal: Principal, committee_id: uuid.UUID, data: dict) -> Membership:
    committee = managed_committee(uow.session, principal, committee_id)
    member = managed_member(uow.session, principal, data["member_id"])
    if member.municipality_id != committee.municipality_id:
        raise NotFound("Medlemmet findes ikke.")
    role = data.get("role", "member")
    _check_membership(committee, member.id, role, _period(data))
    position = uow.session.execute(
        select(func.coalesce(func.max(Membership.position), 0)).where(Membership.committee_id == committee.id)
    ).scalar_one()
    membership = Membership(
        committee=committee,
        member=member,
        role=role,
        starts_on=data.get("starts_on"),
        ends_on=data.get("ends_on"),
        position=position + 1,
    )
    uow.session.add(membership)
    _announce(uow, committee, "agenda.committee.updated.v1")
    uow.commit()
    return membership


def update_membership(uow: UnitOfWork, principal: Principal, committee_id: uuid.UUID, membership_id: uuid.UUID,
                      data: dict) -> Membership:
    """Change role or period, e.g. end a membership on the day a member leaves."""
    committee = managed_committee(uow.session, principal, committee_id)
    membership = next((m for m in committee.memberships if m.id == membership_id), None)
    if membership is None:
        raise NotFound("Medlemskabet findes ikke.")
    role = data.get("role", membership.role)
    _check_membership(committee, membership.member_id, role, _period(data, membership), membership.id)
    membership.role = role
    membership.starts_on, membership.ends_on = _period(data, membership)
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
