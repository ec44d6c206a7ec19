"""Builds the MeetingDocument of a meeting from this service's copy of the agenda, its
attendance and its decisions; a shared item carries every committee's decision up to
this meeting's date."""

from __future__ import annotations

import uuid
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from services.decisions.documents.model import (
    DecisionBlock,
    DocumentItem,
    DocumentKind,
    MeetingDocument,
    Participant,
    Person,
    PointAnswer,
    Recommendation,
    SectionSpec,
    Variant,
)
from services.decisions.models import AgendaItemCopy, Decision, MeetingCopy, MunicipalityCopy
from services.decisions.operations.roster import attendance, attendances
from shared.housestyle import DocumentStyle


def _decisions_by_item(session: Session, meeting: MeetingCopy) -> dict[uuid.UUID, tuple[DecisionBlock, ...]]:
    """Every committee's decisions on the meeting's items up to its date, each with the
    attendance at the meeting that made it: two statements however many items and
    decisions there are."""
    rows = session.execute(
        select(Decision, MeetingCopy)
        .join(MeetingCopy, Decision.meeting_id == MeetingCopy.id)
        .join(AgendaItemCopy, (AgendaItemCopy.item_id == Decision.item_id) & (AgendaItemCopy.meeting_id == meeting.id))
        .where(MeetingCopy.date <= meeting.date)
        .options(joinedload(MeetingCopy.committee))
        .order_by(Decision.decided_on, MeetingCopy.starts_at)
    ).all()
    people_at = {meeting_id: {str(a.member_id): a for a in people}
                 for meeting_id, people in attendances(session, {m.id: m for _, m in rows}.values()).items()}
    blocks: dict[uuid.UUID, list[DecisionBlock]] = {}
    for decision, decided_at in rows:
        people = people_at[decided_at.id]
        blocks.setdefault(decision.item_id, []).append(DecisionBlock(
            committee_name=decided_at.committee.name,
            decided_on=decision.decided_on,
            text=decision.text,
            point_answers=tuple(PointAnswer(a["point"], a["text"]) for a in decision.point_answers),
            not_taking_part=tuple(Person(people[m].name, people[m].party) for m in decision.not_taking_part if m in people),
            absent=tuple(Person(a.name, a.party) for a in people.values() if a.absent),
            minority=decision.minority,
        ))
    return {item_id: tuple(found) for item_id, found in blocks.items()}


def _item(item: AgendaItemCopy, decisions: tuple[DecisionBlock, ...]) -> DocumentItem:
    recommendation = item.recommendation or None
    return DocumentItem(
        number=item.number,
        owner_code=item.owner_code,
        title=item.title,
        case_number=item.case_number,
        closed=item.closed,
        sections={s["key"]: s["body"] for s in item.sections if s["kind"] == "text"},
        recommendation=Recommendation(recommendation["intro"], tuple(recommendation["points"])) if recommendation else None,
        attachments=tuple(item.attachments),
        decisions=decisions,
    )


def meeting_document(session: Session, meeting: MeetingCopy, *, kind: DocumentKind, variant: Variant,
                     version: int = 1) -> MeetingDocument:
    """The agenda prints the wording it was published with; minutes being written print
    the municipality's current wording (and keep it once approved)."""
    zone = ZoneInfo(meeting.timezone)
    decisions = _decisions_by_item(session, meeting) if kind == "minutes" else {}
    municipality = session.scalar(select(MunicipalityCopy).where(MunicipalityCopy.slug == meeting.municipality_slug))
    if kind == "minutes" and municipality is not None:
        style = DocumentStyle.from_dict(municipality.document_style)
    else:
        style = DocumentStyle.from_dict(meeting.document_style)
    return MeetingDocument(
        kind=kind,
        variant=variant,
        municipality_name=municipality.name if municipality else meeting.municipality_slug,
        committee_name=meeting.committee.name,
        starts_at=meeting.starts_at.astimezone(zone),
        ends_at=meeting.ends_at.astimezone(zone) if meeting.ends_at else None,
        place=meeting.place,
        participants=tuple(
            Participant(Person(a.name, a.party), absent=a.absent, substitute=a.substitute)
            for a in attendance(session, meeting)
        ),
        template=tuple(SectionSpec(s["key"], s["title"], s["kind"], s.get("public", True))
                       for s in meeting.section_template),
        items=tuple(_item(item, decisions.get(item.item_id, ())) for item in meeting.items),
        version=version,
        style=style,
    )


def minutes_document(session: Session, meeting: MeetingCopy, *, variant: Variant, version: int) -> MeetingDocument:
    return meeting_document(session, meeting, kind="minutes", variant=variant, version=version)


def agenda_document(session: Session, meeting: MeetingCopy, *, variant: Variant) -> MeetingDocument:
    return meeting_document(session, meeting, kind="agenda", variant=variant, version=meeting.agenda_version)
