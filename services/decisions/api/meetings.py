"""Meetings as the decisions service knows them from the agenda service's events."""

from __future__ import annotations

from datetime import date

from flask_smorest import Blueprint
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, with_expression

from services.decisions.models import AgendaItemCopy, MeetingCopy
from services.decisions.schemas import MeetingQuerySchema, MeetingSchema
from shared.api.app import request_uow

blp = Blueprint("meetings", __name__, url_prefix="/api/v1", description="Møder")


@blp.route("/meetings", methods=["GET"])
@blp.arguments(MeetingQuerySchema, location="query")
@blp.response(200, MeetingSchema(many=True))
def list_meetings(filters):
    """Meetings whose agendas have reached this service, by municipality and year."""
    items = (select(func.count()).where(AgendaItemCopy.meeting_id == MeetingCopy.id)
             .correlate(MeetingCopy).scalar_subquery())
    query = (select(MeetingCopy).order_by(MeetingCopy.date)
             .options(joinedload(MeetingCopy.committee), with_expression(MeetingCopy.item_count, items)))
    if "municipality" in filters:
        query = query.where(MeetingCopy.municipality_slug == filters["municipality"])
    if "year" in filters:
        query = query.where(MeetingCopy.date.between(date(filters["year"], 1, 1), date(filters["year"], 12, 31)))
    with request_uow() as unit:
        return list(unit.session.scalars(query))
