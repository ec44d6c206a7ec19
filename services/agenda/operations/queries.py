"""Reads for the API: what a principal may see of municipalities, committees and meetings."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from services.agenda.models import Committee, Meeting, Member, Municipality
from services.agenda.operations.access import managed_municipality, municipality_by_slug
from services.agenda.operations.agendas import visible_items
from services.agenda.operations.loading import AGENDA
from services.agenda.presenters import meeting_data
from shared.auth import Principal
from shared.errors import NotFound


def list_municipalities(session: Session) -> list[Municipality]:
    return list(session.scalars(select(Municipality).order_by(Municipality.name)))


def list_committees(session: Session, slug: str) -> list[Committee]:
    municipality = municipality_by_slug(session, slug)
    return list(
        session.scalars(
            select(Committee)
            .where(Committee.municipality_id == municipality.id)
            .options(selectinload(Committee.memberships))
            .order_by(Committee.name)
        )
    )


def get_committee(session: Session, committee_id: uuid.UUID) -> Committee:
    committee = session.get(Committee, committee_id)
    if committee is None:
        raise NotFound("Udvalget findes ikke.")
    return committee


def list_members(session: Session, principal: Principal, slug: str) -> list[Member]:
    municipality = managed_municipality(session, principal, slug)
    return list(session.scalars(select(Member).where(Member.municipality_id == municipality.id).order_by(Member.name)))


def _meeting_summary(meeting: Meeting) -> dict:
    return {
        **meeting_data(meeting),
        "committee": {"id": meeting.committee.id, "code": meeting.committee.code, "name": meeting.committee.name},
        "start_time": meeting.start_time,
        "end_time": meeting.end_time,
        "cancel_reason": meeting.cancel_reason,
    }


def list_meetings(
    session: Session,
    *,
    municipality: str | None = None,
    committee: uuid.UUID | None = None,
    year: int | None = None,
    status: str | None = None,
) -> list[dict]:
    """Meeting dates, places and statuses are public, as in any municipality's calendar."""
    query = (
        select(Meeting)
        .join(Committee, Meeting.committee_id == Committee.id)
        .join(Municipality, Committee.municipality_id == Municipality.id)
                .order_by(Meeting.date, Meeting.start_time)
    )
    if municipality:
        query = query.where(Municipality.slug == municipality)
    if committee:
        query = query.where(Meeting.committee_id == committee)
    if year:
        query = query.where(Meeting.date >= date(year, 1, 1), Meeting.date <= date(year, 12, 31))
    if status:
        query = query.where(Meeting.status == status)
    return [_meeting_summary(meeting) for meeting in session.scalars(query)]


def meeting_detail(session: Session, principal: Principal, meeting_id: uuid.UUID) -> dict:
    meeting = session.get(Meeting, meeting_id, options=AGENDA)
    if meeting is None:
        raise NotFound("Mødet findes ikke.")
    items, changed = visible_items(session, principal, meeting)
    summary = _meeting_summary(meeting)
    if changed is not None:
        summary["has_unpublished_changes"] = changed
    return {**summary, "item_count": len(items), "items": items}
