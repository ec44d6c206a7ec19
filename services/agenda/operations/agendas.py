"""An agenda as a numbered list of items, live or as published, and who may see what."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.agenda.domain.agenda import (
    AgendaItem,
    first_number_for,
    number_items,
    validate_agenda,
)
from services.agenda.domain.rules import AgendaRules
from services.agenda.models import AgendaEntry, AgendaVersion, Meeting
from services.agenda.presenters import (
    attachment_names,
    item_data,
    municipality_rules,
    municipality_style,
    municipality_template,
    public_item,
    published_style,
    with_display_title,
)
from shared.auth import Principal
from shared.events.agenda import AgendaItemData
from shared.periods import in_period

_item_schema = AgendaItemData(many=True)


def rules_of(meeting: Meeting) -> AgendaRules:
    return municipality_rules(meeting.committee.municipality)


def _items_earlier_in_year(session: Session, meeting: Meeting) -> int:
    return session.execute(
        select(func.count(AgendaEntry.id))
        .join(Meeting, AgendaEntry.meeting_id == Meeting.id)
        .where(
            Meeting.committee_id == meeting.committee_id,
            Meeting.date < meeting.date,
            Meeting.date >= meeting.date.replace(month=1, day=1),
            Meeting.agenda_version > 0,
            Meeting.status != "cancelled",
        )
    ).scalar_one()


def numbers_for(session: Session, meeting: Meeting) -> list[int]:
    first = first_number_for(rules_of(meeting), _items_earlier_in_year(session, meeting))
    return number_items(len(meeting.entries), first)


def live_items(session: Session, meeting: Meeting) -> list[dict]:
    """The agenda as it stands now, JSON-ready, in the shape the published event carries."""
    template = municipality_template(meeting.committee.municipality)
    numbers = numbers_for(session, meeting)
    items = [item_data(entry.item, number, template) for number, entry in zip(numbers, meeting.entries)]
    return _item_schema.dump(items)


def domain_items(meeting: Meeting) -> list[AgendaItem]:
    return [
        AgendaItem(
            id=str(entry.item.id),
            title=entry.item.title,
            kind=entry.item.kind,
            closed=entry.item.closed,
            case_number=entry.item.case_number,
            sections=dict(entry.item.sections or {}),
            recommendation_points=tuple((entry.item.recommendation or {}).get("points", [])),
            attachments=tuple(attachment_names(entry.item)),
        )
        for entry in meeting.entries
    ]


def latest_version(session: Session, meeting: Meeting) -> AgendaVersion | None:
    return session.scalar(
        select(AgendaVersion)
        .where(AgendaVersion.meeting_id == meeting.id)
        .order_by(AgendaVersion.version.desc())
        .limit(1)
    )


def sits_on_committee(principal: Principal, meeting: Meeting) -> bool:
    """The member sits on the committee (or stands in for it) on the meeting's day."""
    return principal.member_id is not None and any(
        membership.member_id == principal.member_id and in_period(meeting.date, membership.starts_on, membership.ends_on)
        for membership in meeting.committee.memberships
    )


def published_for(principal: Principal, meeting: Meeting, published: AgendaVersion | None) -> tuple[list[dict], bool]:
    """The published agenda's items as the principal may read them on the meeting page, and
    whether they read it whole: the secretariat and the committee's members see closed
    items whole, everybody else reduced as the municipality's style says."""
    style = published_style(published)
    items = published.snapshot["items"] if published else []
    if principal.manages(meeting.committee.municipality_id) or sits_on_committee(principal, meeting):
        return [with_display_title(item, style) for item in items], True
    return [public_item(item, style) for item in items], False


def visible_items(session: Session, principal: Principal, meeting: Meeting) -> tuple[list[dict], bool | None]:
    """Items the principal may see, and whether the live agenda differs from the published one.

    Secretaries work on the live agenda; committee members see the published one whole;
    everybody else sees the published one with closed items reduced to their number.
    """
    published = latest_version(session, meeting)
    published_items = published.snapshot["items"] if published else []
    if principal.manages(meeting.committee.municipality_id):
        items = live_items(session, meeting)
        style = municipality_style(meeting.committee.municipality)
        changed = published is not None and snapshot_of(items, style) != published.snapshot
        return [with_display_title(item, style) for item in items], changed
    style = published_style(published)
    if sits_on_committee(principal, meeting):
        return [with_display_title(item, style) for item in published_items], None
    return [public_item(item, style) for item in published_items], None


def snapshot_of(items: list[dict], style) -> dict:
    """What a published version keeps: the items and the wording they were shown with."""
    return {"items": items, "style": style.to_dict()}


def publication_problems(session: Session, meeting: Meeting) -> dict[str, list[str]]:
    """What would stop the agenda from being published now (empty when it is ready)."""
    return validate_agenda(
        domain_items(meeting), numbers_for(session, meeting), municipality_template(meeting.committee.municipality),
        rules_of(meeting),
    )
