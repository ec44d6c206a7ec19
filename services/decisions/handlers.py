"""Event handlers: keep the copy of the agenda service's data current.

Events may arrive late or twice (the inbox absorbs repeats); a handler never lets an
older state overwrite a newer one.
"""

from __future__ import annotations

from services.decisions.models import (
    AgendaItemCopy,
    AwardShortlist,
    CommitteeCopy,
    MeetingCopy,
    MunicipalityCopy,
    account_copies,
)
from services.decisions.operations.minutes import follow_meeting_date
from shared.auth.account_copies import ACCOUNT_EVENT, account_copy_handler
from shared.db.uow import UnitOfWork
from shared.events import Envelope
from shared.events.agenda import AgendaItemData, DocumentStyleData, MembershipData, SectionSpecData
from shared.events.awards import CandidateData

# Loaded event data holds UUIDs and dates; the event schemas dump it back for JSON columns.
_members_json = MembershipData(many=True)
_item_json = AgendaItemData()
_template_json = SectionSpecData(many=True)
_style_json = DocumentStyleData()
_candidates_json = CandidateData(many=True)


def municipality_changed(uow: UnitOfWork, event: Envelope) -> None:
    data = event.data["municipality"]
    copy = uow.session.get(MunicipalityCopy, data["id"]) or MunicipalityCopy(id=data["id"])
    copy.slug, copy.name, copy.timezone = data["slug"], data["name"], data["timezone"]
    copy.document_style = _style_json.dump(data["document_style"])
    copy.section_template = _template_json.dump(data["section_template"])
    copy.case_number_example = data["case_number_example"]
    uow.session.add(copy)


def committee_changed(uow: UnitOfWork, event: Envelope) -> None:
    data = event.data["committee"]
    copy = uow.session.get(CommitteeCopy, data["id"]) or CommitteeCopy(id=data["id"])
    copy.municipality_id = data["municipality_id"]
    copy.municipality_slug = data["municipality_slug"]
    copy.name = data["name"]
    copy.code = data["code"]
    copy.members = _members_json.dump(data["members"])
    uow.session.add(copy)


def _apply_meeting(uow: UnitOfWork, data: dict) -> MeetingCopy:
    copy = uow.session.get(MeetingCopy, data["id"])
    if copy is not None and copy.source_updated_at > data["updated_at"]:
        return copy
    copy = copy or MeetingCopy(id=data["id"])
    copy.committee_id = data["committee_id"]
    copy.municipality_slug = data["municipality_slug"]
    copy.date = data["date"]
    copy.starts_at = data["starts_at"]
    copy.ends_at = data["ends_at"]
    copy.timezone = data["timezone"]
    copy.place = data["place"]
    copy.status = data["status"]
    copy.sequence = data["sequence"]
    copy.source_updated_at = data["updated_at"]
    uow.session.add(copy)
    return copy


def meeting_changed(uow: UnitOfWork, event: Envelope) -> None:
    _apply_meeting(uow, event.data["meeting"])


def meeting_rescheduled(uow: UnitOfWork, event: Envelope) -> None:
    """A moved meeting moves the decisions dated on its old day (the default date), so the
    minutes never date a decision before the meeting it was made at."""
    data = event.data["meeting"]
    copy = uow.session.get(MeetingCopy, data["id"])
    old_date = copy.date if copy is not None else None
    copy = _apply_meeting(uow, data)
    if old_date is not None and copy.date != old_date:
        follow_meeting_date(uow, copy, old_date)


def agenda_published(uow: UnitOfWork, event: Envelope) -> None:
    meeting = _apply_meeting(uow, event.data["meeting"])
    version = event.data["version"]
    if version <= (meeting.agenda_version or 0):
        return
    meeting.agenda_version = version
    meeting.section_template = _template_json.dump(event.data["section_template"])
    meeting.document_style = _style_json.dump(event.data["document_style"])
    meeting.items = [_item_copy(item) for item in event.data["items"]]


def _item_copy(item: dict) -> AgendaItemCopy:
    data = _item_json.dump(item)
    return AgendaItemCopy(
        item_id=item["id"],
        number=data["number"],
        owner_code=data["owner_code"],
        title=data["title"],
        case_number=data["case_number"],
        kind=data["kind"],
        closed=data["closed"],
        sections=data["sections"],
        recommendation=data["recommendation"],
        attachments=data["attachments"],
        committees=data["committees"],
    )


def award_round_closed(uow: UnitOfWork, event: Envelope) -> None:
    """The candidates the committee chooses the award's winner from, on the item the
    awards service asked the agenda service to put on the meeting."""
    data = event.data
    item_id = data["agenda_item"]["id"]
    shortlist = uow.session.get(AwardShortlist, item_id) or AwardShortlist(item_id=item_id)
    shortlist.round_id, shortlist.title = data["round_id"], data["title"]
    shortlist.candidates = _candidates_json.dump(data["shortlist"])
    uow.session.add(shortlist)


HANDLERS = {
    ACCOUNT_EVENT: account_copy_handler(account_copies),
    "agenda.municipality.registered.v1": municipality_changed,
    "agenda.municipality.updated.v1": municipality_changed,
    "agenda.committee.created.v1": committee_changed,
    "agenda.committee.updated.v1": committee_changed,
    "agenda.meeting.scheduled.v1": meeting_changed,
    "agenda.meeting.rescheduled.v1": meeting_rescheduled,
    "agenda.meeting.cancelled.v1": meeting_changed,
    "agenda.meeting.reinstated.v1": meeting_changed,
    "agenda.meeting.held.v1": meeting_changed,
    "agenda.agenda.published.v1": agenda_published,
    "awards.round.closed.v1": award_round_closed,
}
