"""Turns models into the plain dicts that events and API responses carry.

One function per shape, so an event and the API never describe a meeting differently.
"""

from __future__ import annotations

from datetime import datetime

from services.agenda.domain.house_style import HouseStyle
from services.agenda.domain.rules import AgendaRules, SectionSpec, template_from_dicts
from services.agenda.models import AgendaVersion, Committee, Item, Meeting, Municipality
from shared.housestyle import DocumentStyle, coded_title, item_title
from shared.localtime import at


def municipality_data(municipality: Municipality) -> dict:
    return {
        "id": municipality.id,
        "slug": municipality.slug,
        "name": municipality.name,
        "timezone": municipality.timezone,
        "document_style": municipality_style(municipality).to_dict(),
        "section_template": template_data(municipality_template(municipality)),
        "case_number_example": municipality_rules(municipality).case_number_example,
    }


def template_data(template: tuple[SectionSpec, ...]) -> list[dict]:
    """The sections as other services need them (their default texts stay here)."""
    return [{"key": spec.key, "title": spec.title, "kind": spec.kind, "required": spec.required,
             "public": spec.public} for spec in template]


def committee_data(committee: Committee) -> dict:
    return {
        "id": committee.id,
        "municipality_id": committee.municipality_id,
        "municipality_slug": committee.municipality.slug,
        "name": committee.name,
        "code": committee.code,
        "members": [
            {
                "membership_id": membership.id,
                "member_id": membership.member.id,
                "name": membership.member.name,
                "party": membership.member.party,
                "role": membership.role,
                "starts_on": membership.starts_on,
                "ends_on": membership.ends_on,
            }
            for membership in committee.memberships
        ],
    }


def local_datetime(meeting: Meeting, which: str) -> datetime | None:
    """The meeting's start or end as an aware local time (the right one of a time shown twice)."""
    clock, fold = (meeting.start_time, meeting.start_fold) if which == "start" else (meeting.end_time, meeting.end_fold)
    if clock is None:
        return None
    return at(meeting.date, clock, meeting.committee.municipality.timezone, fold or 0)


def meeting_data(meeting: Meeting) -> dict:
    committee = meeting.committee
    return {
        "id": meeting.id,
        "uid": meeting.uid,
        "committee_id": committee.id,
        "committee_code": committee.code,
        "committee_name": committee.name,
        "municipality_id": committee.municipality_id,
        "municipality_slug": committee.municipality.slug,
        "date": meeting.date,
        "starts_at": local_datetime(meeting, "start"),
        "ends_at": local_datetime(meeting, "end"),
        "timezone": committee.municipality.timezone,
        "place": meeting.place,
        "status": meeting.status,
        "sequence": meeting.sequence,
        "agenda_version": meeting.agenda_version,
        "updated_at": meeting.updated_at,
    }


def meeting_time_data(meeting: Meeting) -> dict:
    return {
        "date": meeting.date,
        "starts_at": local_datetime(meeting, "start"),
        "ends_at": local_datetime(meeting, "end"),
        "place": meeting.place,
    }


def attachment_names(item: Item) -> list[str]:
    """Every bilag of the item as the agenda lists it: uploaded files first, then the
    ones named without a file."""
    names = [file.filename for file in item.files]
    return names + [name for name in item.attachments or [] if name not in names]


def item_data(item: Item, number: int, template: tuple[SectionSpec, ...]) -> dict:
    """An item as the agenda shows it: sections in the municipality's template order."""
    attachments = attachment_names(item)
    sections = []
    for spec in template:
        if spec.kind == "text" and item.sections.get(spec.key, "").strip():
            sections.append({"key": spec.key, "title": spec.title, "kind": spec.kind, "body": item.sections[spec.key],
                             "public": spec.public})
        elif spec.kind == "recommendation" and item.recommendation and item.recommendation.get("points") or spec.kind == "attachments" and attachments:
            sections.append({"key": spec.key, "title": spec.title, "kind": spec.kind, "body": "", "public": spec.public})
    committees = sorted({entry.meeting.committee for entry in item.entries}, key=lambda c: (c.code or "", c.name))
    return {
        "id": item.id,
        "number": number,
        "owner_code": item.owner_committee.code,
        "title": item.title,
        "case_number": item.case_number,
        "kind": item.kind,
        "closed": item.closed,
        "sections": sections,
        "recommendation": item.recommendation if item.recommendation and item.recommendation.get("points") else None,
        "attachments": attachments,
        "committees": [{"committee_id": c.id, "committee_code": c.code, "committee_name": c.name} for c in committees],
    }


def municipality_template(municipality: Municipality) -> tuple[SectionSpec, ...]:
    return template_from_dicts(municipality.section_template)


def municipality_rules(municipality: Municipality) -> AgendaRules:
    return AgendaRules.from_dict(municipality.agenda_rules)


def municipality_style(municipality: Municipality) -> DocumentStyle:
    return DocumentStyle.from_dict(municipality.document_style)


def house_style_of(municipality: Municipality) -> HouseStyle:
    return HouseStyle(municipality_rules(municipality), municipality_template(municipality),
                      municipality_style(municipality))


def published_style(version: AgendaVersion | None) -> DocumentStyle:
    """The style an agenda was published with (agendas published before there were
    styles printed the defaults)."""
    return DocumentStyle.from_dict((version.snapshot if version else {}).get("style"))


def with_display_title(item: dict, style: DocumentStyle) -> dict:
    return {**item, "display_title": coded_title(style, item["owner_code"], item["title"])}


def public_item(item: dict, style: DocumentStyle) -> dict:
    """What the public may see of an item: an open one without the sections the
    municipality keeps internal; a closed one its number and marker, and its title when
    the municipality shows closed items' titles."""
    if not item["closed"]:
        hidden = {section["kind"] for section in item["sections"] if not section.get("public", True)}
        return {
            **with_display_title(item, style),
            "sections": [section for section in item["sections"] if section.get("public", True)],
            "recommendation": None if "recommendation" in hidden else item["recommendation"],
            "attachments": [] if "attachments" in hidden else item["attachments"],
        }
    return {
        "id": item["id"],
        "number": item["number"],
        "owner_code": item["owner_code"],
        "title": item["title"] if style.public_shows_title else style.closed_marker,
        "display_title": item_title(style, item["owner_code"], item["title"], closed=True, public=True),
        "case_number": None,
        "kind": item["kind"],
        "closed": True,
        "sections": [],
        "recommendation": None,
        "attachments": [],
        "committees": [],
    }
