"""Events from the other services that the agenda service keeps a note of.

The inbox absorbs repeated deliveries; a handler also ignores an older state arriving
after a newer one.
"""

from __future__ import annotations

from services.agenda.models import Meeting
from shared.db.uow import UnitOfWork
from shared.events import Envelope


def minutes_approved(uow: UnitOfWork, event: Envelope) -> None:
    """The portal links to the minutes only once they are approved."""
    data = event.data
    meeting = uow.session.get(Meeting, data["meeting_id"])
    if meeting is None or (meeting.minutes_version or 0) >= data["version"]:
        return
    meeting.minutes_version = data["version"]
    meeting.minutes_approved_at = data["approved_at"]


HANDLERS = {
    "decisions.minutes.approved.v1": minutes_approved,
}
