"""An approved version's document stored as JSON, and read back exactly."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime

from services.decisions.documents.model import (
    DecisionBlock,
    DocumentItem,
    MeetingDocument,
    Participant,
    Person,
    PointAnswer,
    Recommendation,
    SectionSpec,
)
from shared.housestyle import DocumentStyle


def _json(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _json(inner) for key, inner in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json(inner) for inner in value]
    return value


def document_to_dict(document: MeetingDocument) -> dict:
    return _json(dataclasses.asdict(document))


def _person(data: dict) -> Person:
    return Person(**data)


def _decision(data: dict) -> DecisionBlock:
    return DecisionBlock(
        committee_name=data["committee_name"],
        decided_on=date.fromisoformat(data["decided_on"]),
        text=data["text"],
        point_answers=tuple(PointAnswer(**a) for a in data["point_answers"]),
        not_taking_part=tuple(_person(p) for p in data["not_taking_part"]),
        absent=tuple(_person(p) for p in data["absent"]),
        minority=data["minority"],
    )


def _item(data: dict) -> DocumentItem:
    recommendation = data["recommendation"]
    return DocumentItem(
        number=data["number"],
        owner_code=data["owner_code"],
        title=data["title"],
        case_number=data["case_number"],
        closed=data["closed"],
        sections=dict(data["sections"]),
        recommendation=Recommendation(recommendation["intro"], tuple(recommendation["points"])) if recommendation else None,
        attachments=tuple(data["attachments"]),
        decisions=tuple(_decision(d) for d in data["decisions"]),
    )


def document_from_dict(data: dict, **changes) -> MeetingDocument:
    """The stored document; `changes` (e.g. variant="public") replace top-level fields."""
    document = MeetingDocument(
        kind=data["kind"],
        variant=data["variant"],
        municipality_name=data["municipality_name"],
        committee_name=data["committee_name"],
        starts_at=datetime.fromisoformat(data["starts_at"]),
        ends_at=datetime.fromisoformat(data["ends_at"]) if data["ends_at"] else None,
        place=data["place"],
        participants=tuple(
            Participant(_person(p["person"]), absent=p["absent"], substitute=p["substitute"]) for p in data["participants"]
        ),
        template=tuple(SectionSpec(**s) for s in data["template"]),
        items=tuple(_item(i) for i in data["items"]),
        version=data["version"],
        approved_at=datetime.fromisoformat(data["approved_at"]) if data["approved_at"] else None,
        # Minutes approved before there were house styles printed the defaults.
        style=DocumentStyle.from_dict(data.get("style")),
    )
    return dataclasses.replace(document, **changes)
