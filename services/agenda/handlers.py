"""Events from the other services that the agenda service keeps a note of.

The inbox absorbs repeated deliveries; a handler also ignores an older state arriving
after a newer one.
"""

from __future__ import annotations

from services.agenda.minutes.models import ApprovedMinutes
from services.agenda.models import Meeting
from services.agenda.operations.meetings import announce_held
from shared.db.uow import UnitOfWork
from shared.events import Envelope
from shared.events.decisions import ItemDecisionsData, ParticipantData

# Loaded event data holds dates and UUIDs; the event schemas dump it back for JSON columns.
_participants_json = ParticipantData(many=True)
_items_json = ItemDecisionsData(many=True)


def minutes_approved(uow: UnitOfWork, event: Envelope) -> None:
    """Approved minutes: the meeting pages show their decisions, the lists say so, and the
    meeting is held (approving the minutes is how the secretary finishes a meeting)."""
    data = event.data
    meeting = uow.session.get(Meeting, data["meeting_id"])
    if meeting is None or (meeting.minutes_version or 0) >= data["version"]:
        return
    meeting.minutes_version = data["version"]
    meeting.minutes_approved_at = data["approved_at"]
    meeting.minutes_state = "approved"
    record = uow.session.get(ApprovedMinutes, meeting.id) or ApprovedMinutes(meeting_id=meeting.id)
    record.version, record.approved_at = data["version"], data["approved_at"]
    record.participants = _participants_json.dump(data["participants"])
    record.decisions = {entry["item_id"]: entry["decisions"] for entry in _items_json.dump(data["items"])}
    uow.session.add(record)
    if meeting.status in ("planned", "published"):
        announce_held(uow, meeting)


def minutes_reopened(uow: UnitOfWork, event: Envelope) -> None:
    """The approved minutes are being corrected: the agenda may change again until the
    next approval."""
    data = event.data
    meeting = uow.session.get(Meeting, data["meeting_id"])
    if meeting is None or meeting.minutes_version != data["version"] or meeting.minutes_state != "approved":
        return
    meeting.minutes_state = "correcting"


def decision_recorded(uow: UnitOfWork, event: Envelope) -> None:
    """Kept only in the meeting's history (services/agenda/history.py), which the consumer
    writes for every event it handles."""


HANDLERS = {
    "decisions.minutes.approved.v1": minutes_approved,
    "decisions.minutes.reopened.v1": minutes_reopened,
    "decisions.decision.recorded.v1": decision_recorded,
}
