"""Events the agenda service emits."""

from __future__ import annotations

from marshmallow import fields

from shared.events.fields import (
    ACCOUNT_ROLES,
    ITEM_KINDS,
    MEETING_STATUSES,
    MEMBER_ROLES,
    SECTION_KINDS,
    EventData,
    one_of,
    text,
    uuid,
)
from shared.housestyle import CLOSED_IN_PUBLIC, MARKER_POSITIONS, DocumentStyle

_STYLE = DocumentStyle()


class DocumentStyleData(EventData):
    """The wording a municipality's documents and pages print (absent in older events:
    the defaults below, which are what documents printed before)."""

    case_number_label = text("Label before the case number", load_default=_STYLE.case_number_label)
    decision_heading = text("Heading above a decision; {udvalg} and {dato} are filled in",
                            load_default=_STYLE.decision_heading)
    absence_label = text("Word for a member who is absent ('Afbud', 'Fraværende')", load_default=_STYLE.absence_label)
    closed_marker = text("Marker of a closed item", load_default=_STYLE.closed_marker)
    closed_marker_position = one_of(MARKER_POSITIONS, "Marker before or after the title",
                                    load_default=_STYLE.closed_marker_position)
    title_with_code = fields.Boolean(load_default=_STYLE.title_with_code,
                                     metadata={"description": "Titles carry the committee code ('JA - ...')"})
    date_label = text("Meeting block: label of the date line", load_default=_STYLE.date_label)
    place_label = text("Meeting block: label of the place line", load_default=_STYLE.place_label)
    participants_label = text("Meeting block: label of the participants line", load_default=_STYLE.participants_label)
    closed_in_public = one_of(CLOSED_IN_PUBLIC, "What the public sees of a closed item: number and marker only, "
                              "the title too, or the title and the decision", load_default=_STYLE.closed_in_public)


def _default_style() -> dict:
    return DocumentStyle().to_dict()


class SectionSpecData(EventData):
    key = text("Section key", required=True)
    title = text("Heading", required=True)
    kind = one_of(SECTION_KINDS, "text, recommendation, attachments, or decision (where decisions stand)", required=True)
    required = fields.Boolean(required=True)
    public = fields.Boolean(load_default=True, metadata={"description": "Shown in the public versions"})


class MunicipalityData(EventData):
    id = uuid("Municipality id", required=True)
    slug = text("Short name used in URLs, e.g. 'roskilde'", required=True)
    name = text("Display name, e.g. 'Roskilde Kommune'", required=True)
    timezone = text("IANA time zone of the municipality's meetings", required=True)
    document_style = fields.Nested(DocumentStyleData, load_default=_default_style,
                                   metadata={"description": "The house style's wording"})
    section_template = fields.List(fields.Nested(SectionSpecData), load_default=list,
                                   metadata={"description": "The house style's item sections in order"})
    case_number_example = text("A case number in the municipality's format, for hints", load_default="")


class MembershipData(EventData):
    membership_id = uuid("Membership id", required=True)
    member_id = uuid("The person's id (the same across committees)", required=True)
    name = text("Full name", required=True)
    party = text("Party letter, e.g. 'O'", allow_none=True, load_default=None)
    role = one_of(MEMBER_ROLES, "Role in the committee", required=True)
    starts_on = fields.Date(allow_none=True, load_default=None, metadata={"description": "First day"})
    ends_on = fields.Date(allow_none=True, load_default=None, metadata={"description": "Last day"})


class CommitteeData(EventData):
    id = uuid("Committee id", required=True)
    municipality_id = uuid("Owning municipality", required=True)
    municipality_slug = text("Owning municipality's slug", required=True)
    name = text("Full name, e.g. 'Udvalget for Kultur og Fritid'", required=True)
    code = text("Short code used as title prefix, e.g. 'JA'; null when the committee has none",
                allow_none=True, load_default=None)
    members = fields.List(fields.Nested(MembershipData), required=True)


class MeetingData(EventData):
    id = uuid("Meeting id", required=True)
    uid = text("Calendar UID, never changes", required=True)
    committee_id = uuid("Committee holding the meeting", required=True)
    committee_code = text("Committee code; null when the committee has none", allow_none=True, load_default=None)
    committee_name = text("Committee name", required=True)
    municipality_id = uuid("Municipality", required=True)
    municipality_slug = text("Municipality slug", required=True)
    date = fields.Date(required=True, metadata={"description": "Local meeting date"})
    starts_at = fields.AwareDateTime(required=True, metadata={"description": "Start, with offset"})
    ends_at = fields.AwareDateTime(allow_none=True, load_default=None, metadata={"description": "End"})
    timezone = text("IANA time zone the local times are in", required=True)
    place = text("Mødested", required=True)
    status = one_of(MEETING_STATUSES, "Meeting status", required=True)
    sequence = fields.Integer(required=True, metadata={"description": "Raised on every move or cancellation"})
    agenda_version = fields.Integer(required=True, metadata={"description": "Last published agenda version, 0 if none"})
    updated_at = fields.AwareDateTime(required=True, metadata={"description": "Last change"})


class MeetingTimeData(EventData):
    date = fields.Date(required=True)
    starts_at = fields.AwareDateTime(required=True)
    ends_at = fields.AwareDateTime(allow_none=True, load_default=None)
    place = text("Mødested", required=True)


class SectionData(EventData):
    key = text("Section key from the municipality's template", required=True)
    title = text("Heading, e.g. 'Resumé'", required=True)
    kind = one_of(SECTION_KINDS, "How the section is filled", required=True)
    body = text("Markdown text (text sections)", load_default="")
    public = fields.Boolean(load_default=True, metadata={"description": "Shown in the public versions"})


class RecommendationData(EventData):
    intro = text("Lead-in, e.g. 'Administrationen indstiller:'", required=True)
    points = fields.List(fields.String(), required=True, metadata={"description": "Points 'at ...'"})


class ItemCommitteeData(EventData):
    committee_id = uuid("A committee the item is put before", required=True)
    committee_code = text("Its code; null when it has none", allow_none=True, load_default=None)
    committee_name = text("Its name", required=True)


class AgendaItemData(EventData):
    id = uuid("Item id (the same on every meeting that treats it)", required=True)
    number = fields.Integer(required=True, metadata={"description": "Punkt number on this agenda"})
    owner_code = text("Code of the committee that owns the item (title prefix); null when it has none",
                      allow_none=True, load_default=None)
    title = text("Title without the code prefix", required=True)
    case_number = text("Sagsnummer", allow_none=True, load_default=None)
    kind = one_of(ITEM_KINDS, "A case item, or a standing item such as 'Eventuelt'", required=True)
    closed = fields.Boolean(required=True, metadata={"description": "Closed to the public"})
    sections = fields.List(fields.Nested(SectionData), required=True)
    recommendation = fields.Nested(RecommendationData, allow_none=True, load_default=None)
    attachments = fields.List(fields.String(), required=True, metadata={"description": "Bilag names"})
    committees = fields.List(fields.Nested(ItemCommitteeData), required=True)


class MunicipalityChanged(EventData):
    """A municipality (tenant) was registered, or its name, time zone or house style changed."""

    municipality = fields.Nested(MunicipalityData, required=True)


class CommitteeChanged(EventData):
    """A committee was created, or its name, code or members changed: the full committee."""

    committee = fields.Nested(CommitteeData, required=True)


class MeetingScheduled(EventData):
    """A meeting was planned."""

    meeting = fields.Nested(MeetingData, required=True)


class MeetingRescheduled(EventData):
    """A meeting moved in time or place; `sequence` is raised."""

    meeting = fields.Nested(MeetingData, required=True)
    previous = fields.Nested(MeetingTimeData, required=True)


class MeetingCancelled(EventData):
    """A meeting was cancelled; it stays known with status 'cancelled'."""

    meeting = fields.Nested(MeetingData, required=True)
    reason = text("Why, shown to members", load_default="")


class MeetingReinstated(EventData):
    """A cancelled meeting takes place after all: planned again (or published, when it
    has an agenda); `sequence` is raised so calendars show it again."""

    meeting = fields.Nested(MeetingData, required=True)


class MeetingHeld(EventData):
    """The meeting was held: the secretariat marked it so, or its minutes were approved."""

    meeting = fields.Nested(MeetingData, required=True)


class AgendaPublished(EventData):
    """An agenda was published, or published again as a new version after a change."""

    meeting = fields.Nested(MeetingData, required=True)
    version = fields.Integer(required=True, metadata={"description": "1 for the first publication"})
    published_at = fields.AwareDateTime(required=True)
    section_template = fields.List(fields.Nested(SectionSpecData), required=True,
                                   metadata={"description": "The municipality's sections in order"})
    items = fields.List(fields.Nested(AgendaItemData), required=True)
    document_style = fields.Nested(DocumentStyleData, load_default=_default_style,
                                   metadata={"description": "The house style's wording as published"})


class AccountData(EventData):
    id = uuid("User account id", required=True)
    name = text("Display name", required=True)
    role = one_of(ACCOUNT_ROLES, "admin (the platform's operator), secretary or member", required=True)
    municipality_id = uuid("The account's municipality (none for an administrator)", allow_none=True,
                           load_default=None)
    member_id = uuid("The committee member the account belongs to (member accounts)", allow_none=True,
                     load_default=None)
    active = fields.Boolean(required=True, metadata={
        "description": "May log in: the account and its municipality are both active"})
    session_generation = fields.Integer(required=True, metadata={
        "description": "A login session made with a lower number is over (logout, deactivation, role change)"})
    updated_at = fields.AwareDateTime(required=True, metadata={"description": "Last change"})


class AccountChanged(EventData):
    """A user account was created or changed, or its sessions ended. No e-mail and no password
    hash: only what the other services need to accept or refuse a login session."""

    account = fields.Nested(AccountData, required=True)


AGENDA_EVENTS = {
    "agenda.account.changed.v1": AccountChanged,
    "agenda.municipality.registered.v1": MunicipalityChanged,
    "agenda.municipality.updated.v1": MunicipalityChanged,
    "agenda.committee.created.v1": CommitteeChanged,
    "agenda.committee.updated.v1": CommitteeChanged,
    "agenda.meeting.scheduled.v1": MeetingScheduled,
    "agenda.meeting.rescheduled.v1": MeetingRescheduled,
    "agenda.meeting.cancelled.v1": MeetingCancelled,
    "agenda.meeting.reinstated.v1": MeetingReinstated,
    "agenda.meeting.held.v1": MeetingHeld,
    "agenda.agenda.published.v1": AgendaPublished,
}
