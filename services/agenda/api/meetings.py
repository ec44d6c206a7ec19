"""Meetings and their agendas."""

from __future__ import annotations

import uuid

from flask_smorest import Blueprint

from services.agenda.api.context import principal, uow
from services.agenda.operations import items, meetings, queries
from services.agenda.schemas import (
    AgendaItemSchema,
    ItemInputSchema,
    ItemOrderSchema,
    ItemUpdateSchema,
    MeetingCancelSchema,
    MeetingCreateSchema,
    MeetingDetailSchema,
    MeetingQuerySchema,
    MeetingRescheduleSchema,
    MeetingSchema,
    PlacementSchema,
    PublishResultSchema,
)

blp = Blueprint("meetings", __name__, url_prefix="/api/v1", description="Møder og dagsordener")


def _detail(unit, meeting_id: uuid.UUID) -> dict:
    return queries.meeting_detail(unit.session, principal(), meeting_id)


@blp.route("/meetings", methods=["GET"])
@blp.arguments(MeetingQuerySchema, location="query")
@blp.response(200, MeetingSchema(many=True))
def list_meetings(filters):
    """Meetings, filtered by municipality slug, committee, year or status."""
    with uow() as unit:
        return queries.list_meetings(unit.session, **filters)


@blp.route("/committees/<uuid:committee_id>/meetings", methods=["POST"])
@blp.arguments(MeetingCreateSchema)
@blp.response(201, MeetingDetailSchema)
def schedule(data, committee_id: uuid.UUID):
    with uow() as unit:
        meeting = meetings.schedule_meeting(unit, principal(), committee_id, data)
        return _detail(unit, meeting.id)


@blp.route("/meetings/<uuid:meeting_id>", methods=["GET"])
@blp.response(200, MeetingDetailSchema)
def get(meeting_id: uuid.UUID):
    """A meeting with the agenda the caller may see (the public sees no closed item's content)."""
    with uow() as unit:
        return _detail(unit, meeting_id)


@blp.route("/meetings/<uuid:meeting_id>/reschedule", methods=["POST"])
@blp.arguments(MeetingRescheduleSchema)
@blp.response(200, MeetingDetailSchema)
def reschedule(data, meeting_id: uuid.UUID):
    """Move a meeting in time or place."""
    with uow() as unit:
        meetings.reschedule_meeting(unit, principal(), meeting_id, data)
        return _detail(unit, meeting_id)


@blp.route("/meetings/<uuid:meeting_id>/cancel", methods=["POST"])
@blp.arguments(MeetingCancelSchema)
@blp.response(200, MeetingDetailSchema)
def cancel(data, meeting_id: uuid.UUID):
    """Cancel the meeting with a reason members read in their calendars; it stays in the
    feeds as cancelled."""
    with uow() as unit:
        meetings.cancel_meeting(unit, principal(), meeting_id, data["reason"])
        return _detail(unit, meeting_id)


@blp.route("/meetings/<uuid:meeting_id>/reinstate", methods=["POST"])
@blp.response(200, MeetingDetailSchema)
def reinstate(meeting_id: uuid.UUID):
    """Hold a cancelled meeting after all: it returns to the calendars with a raised SEQUENCE."""
    with uow() as unit:
        meetings.reinstate_meeting(unit, principal(), meeting_id)
        return _detail(unit, meeting_id)


@blp.route("/meetings/<uuid:meeting_id>/held", methods=["POST"])
@blp.response(200, MeetingDetailSchema)
def held(meeting_id: uuid.UUID):
    """Mark the meeting as held, so that minutes can be recorded."""
    with uow() as unit:
        meetings.mark_held(unit, principal(), meeting_id)
        return _detail(unit, meeting_id)


@blp.route("/meetings/<uuid:meeting_id>/publish", methods=["POST"])
@blp.response(200, PublishResultSchema)
def publish(meeting_id: uuid.UUID):
    """Validate and publish the agenda; a later call publishes a new version."""
    with uow() as unit:
        version = meetings.publish_agenda(unit, principal(), meeting_id)
        return {"meeting": _detail(unit, meeting_id), "version": version.version}


@blp.route("/meetings/<uuid:meeting_id>/items", methods=["POST"])
@blp.arguments(ItemInputSchema)
@blp.response(201, MeetingDetailSchema)
def add_item(data, meeting_id: uuid.UUID):
    """Add an item, by default last (before a fixed last item such as 'Eventuelt')."""
    with uow() as unit:
        items.add_item(unit, principal(), meeting_id, data)
        return _detail(unit, meeting_id)


@blp.route("/meetings/<uuid:meeting_id>/items/order", methods=["PUT"])
@blp.arguments(ItemOrderSchema)
@blp.response(200, MeetingDetailSchema)
def reorder(data, meeting_id: uuid.UUID):
    with uow() as unit:
        items.reorder_items(unit, principal(), meeting_id, data["item_ids"])
        return _detail(unit, meeting_id)


@blp.route("/meetings/<uuid:meeting_id>/items/<uuid:item_id>", methods=["DELETE"])
@blp.response(204)
def remove_item(meeting_id: uuid.UUID, item_id: uuid.UUID):
    with uow() as unit:
        items.remove_item(unit, principal(), meeting_id, item_id)


@blp.route("/items/<uuid:item_id>", methods=["PATCH"])
@blp.arguments(ItemUpdateSchema(partial=True))
@blp.response(200, AgendaItemSchema)
def update_item(data, item_id: uuid.UUID):
    """Edit an item; a shared item changes on every meeting it stands on."""
    with uow() as unit:
        item = items.update_item(unit, principal(), item_id, data)
        meeting_id = item.entries[0].meeting_id
        detail = _detail(unit, meeting_id)
        return next(entry for entry in detail["items"] if entry["id"] == str(item_id))


@blp.route("/items/<uuid:item_id>/meetings", methods=["POST"])
@blp.arguments(PlacementSchema)
@blp.response(201, MeetingDetailSchema)
def place(data, item_id: uuid.UUID):
    """Put the item before another committee's meeting as well."""
    with uow() as unit:
        items.place_item(unit, principal(), item_id, data["meeting_id"])
        return _detail(unit, data["meeting_id"])
