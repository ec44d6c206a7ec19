"""Event handlers: the awards service keeps its own copy of the municipalities, committees
and meetings (from the agenda service) and learns the winner from the committee's
decision (from the decisions service).

Events may arrive late or twice (the inbox absorbs repeats); a meeting's older state
never overwrites a newer one.
"""

from __future__ import annotations

from services.awards.models import CommitteeCopy, MeetingCopy, MunicipalityCopy, account_copies
from services.awards.operations.rounds import apply_decision
from shared.auth.account_copies import ACCOUNT_EVENT, account_copy_handler
from shared.db.uow import UnitOfWork
from shared.events import Envelope
from shared.events.agenda import MembershipData

# Loaded event data holds UUIDs and dates; the event schema dumps it back for the JSON column.
_members_json = MembershipData(many=True)


def municipality_changed(uow: UnitOfWork, event: Envelope) -> None:
    data = event.data["municipality"]
    copy = uow.session.get(MunicipalityCopy, data["id"]) or MunicipalityCopy(id=data["id"])
    copy.slug, copy.name, copy.timezone = data["slug"], data["name"], data["timezone"]
    copy.case_number_example = data["case_number_example"]
    uow.session.add(copy)


def committee_changed(uow: UnitOfWork, event: Envelope) -> None:
    data = event.data["committee"]
    copy = uow.session.get(CommitteeCopy, data["id"]) or CommitteeCopy(id=data["id"])
    copy.municipality_id, copy.name, copy.code = data["municipality_id"], data["name"], data["code"]
    copy.members = _members_json.dump(data["members"])
    uow.session.add(copy)


def meeting_changed(uow: UnitOfWork, event: Envelope) -> None:
    data = event.data["meeting"]
    copy = uow.session.get(MeetingCopy, data["id"])
    if copy is not None and copy.source_updated_at > data["updated_at"]:
        return
    copy = copy or MeetingCopy(id=data["id"])
    copy.committee_id, copy.date, copy.starts_at = data["committee_id"], data["date"], data["starts_at"]
    copy.place, copy.status, copy.source_updated_at = data["place"], data["status"], data["updated_at"]
    uow.session.add(copy)


def decision_recorded(uow: UnitOfWork, event: Envelope) -> None:
    """A decision on a round's item names the winner, another one, or none: the last stands."""
    data = event.data
    apply_decision(uow, data["item_id"], data.get("award_winner"), data["decided_on"], data.get("recorded_at"))


HANDLERS = {
    ACCOUNT_EVENT: account_copy_handler(account_copies),
    "agenda.municipality.registered.v1": municipality_changed,
    "agenda.municipality.updated.v1": municipality_changed,
    "agenda.committee.created.v1": committee_changed,
    "agenda.committee.updated.v1": committee_changed,
    "agenda.meeting.scheduled.v1": meeting_changed,
    "agenda.meeting.rescheduled.v1": meeting_changed,
    "agenda.meeting.cancelled.v1": meeting_changed,
    "agenda.meeting.held.v1": meeting_changed,
    "agenda.agenda.published.v1": meeting_changed,
    "decisions.decision.recorded.v1": decision_recorded,
}
