"""The demo meeting's document (Udvalget for Job & Arbejdsmarked, Lejre, 8 January 2020)
built straight from the demo data files, without a database: for the document tests
and for docs/render_demo_referat.py, which draws the pictures in the docs.

The agenda's half, house style included, comes from the agenda service's demo file
(read as data: this service imports nothing of the agenda service), the decisions'
half from ours.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

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
from shared.housestyle import DocumentStyle

SERVICES = Path(__file__).resolve().parents[2]
AGENDA_DEMO = SERVICES / "agenda" / "demo" / "lejre_2020.json"
DECISIONS_DEMO = SERVICES / "decisions" / "demo" / "lejre_2020.json"

DEMO_COMMITTEE = "JA"
DEMO_DATE = date(2020, 1, 8)

def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def demo_template() -> tuple[SectionSpec, ...]:
    """Lejre's sections in order, from its house style in the demo data, as the agenda
    service publishes them with every meeting: the "decision" section says where
    decisions stand."""
    municipality = _load(AGENDA_DEMO)["municipality"]
    return tuple(SectionSpec(s["key"], s["title"], s["kind"], s.get("public", True))
                 for s in municipality["section_template"])


def demo_style() -> DocumentStyle:
    return DocumentStyle.from_dict(_load(AGENDA_DEMO)["municipality"]["document_style"])


def _person(data: dict) -> Person:
    return Person(data["name"], data.get("party"))


def _decisions_on(key: str, day: date, agenda: dict, decided: dict) -> tuple[DecisionBlock, ...]:
    """Every committee's decision on the item up to `day`: an item shared by several
    committees (item 10, BU's) carries the earlier committees' decisions too."""
    committees = {c["code"]: c["name"] for c in agenda["committees"]}
    blocks = []
    for meeting in agenda["meetings"]:
        held_on = date.fromisoformat(meeting["date"])
        if key not in meeting["items"] or held_on > day:
            continue
        number = meeting["items"].index(key) + 1
        record = next((m for m in decided["meetings"]
                       if m["committee"] == meeting["committee"] and m["date"] == meeting["date"]), None)
        if record is None:
            continue
        for decision in record["decisions"]:
            if decision["number"] != number:
                continue
            blocks.append(DecisionBlock(
                committee_name=committees[meeting["committee"]],
                decided_on=date.fromisoformat(decision["decided_on"]),
                text=decision["text"],
                point_answers=tuple(PointAnswer(a["point"], a["text"]) for a in decision.get("point_answers", [])),
                not_taking_part=tuple(_person(p) for p in decision.get("not_taking_part", [])),
                absent=tuple(_person(p) for p in record.get("absent", [])),
                minority=decision.get("minority"),
            ))
    return tuple(sorted(blocks, key=lambda block: block.decided_on))


def demo_document(kind: DocumentKind = "minutes", variant: Variant = "internal", *,
                  committee: str = DEMO_COMMITTEE, day: date = DEMO_DATE) -> MeetingDocument:
    agenda, decided = _load(AGENDA_DEMO), _load(DECISIONS_DEMO)
    zone = ZoneInfo(agenda["municipality"]["timezone"])
    meeting = next(m for m in agenda["meetings"] if m["committee"] == committee and m["date"] == day.isoformat())
    members = next(c for c in agenda["committees"] if c["code"] == committee)
    record: dict = next((m for m in decided["meetings"]
                         if m["committee"] == committee and m["date"] == day.isoformat()), {"absent": []})
    absent = {(p["name"], p.get("party")) for p in record.get("absent", [])}
    items_by_key = {item["key"]: item for item in agenda["items"]}

    items = []
    for number, key in enumerate(meeting["items"], start=1):
        item = items_by_key[key]
        recommendation = item.get("recommendation")
        items.append(DocumentItem(
            number=number,
            owner_code=item["owner"],
            title=item["title"],
            case_number=item.get("case_number"),
            closed=bool(item.get("closed")),
            sections=dict(item.get("sections") or {}),
            recommendation=Recommendation(recommendation["intro"], tuple(recommendation["points"]))
            if recommendation else None,
            attachments=tuple(item.get("attachments") or ()),
            decisions=_decisions_on(key, day, agenda, decided) if kind == "minutes" else (),
        ))

    def at(clock: str) -> datetime:
        return datetime.combine(day, time.fromisoformat(clock), tzinfo=zone)

    return MeetingDocument(
        kind=kind,
        variant=variant,
        municipality_name=agenda["municipality"]["name"],
        committee_name=members["name"],
        starts_at=at(meeting["start"]),
        ends_at=at(meeting["end"]) if meeting.get("end") else None,
        place=meeting["place"],
        participants=tuple(
            Participant(_person(member), absent=(member["name"], member.get("party")) in absent)
            for member in members["members"]
        ),
        template=demo_template(),
        items=tuple(items),
        style=demo_style(),
    )


def demo_minutes_document(variant: Variant = "internal") -> MeetingDocument:
    """The referat of Udvalget for Job & Arbejdsmarked's meeting of 8 January 2020."""
    return demo_document("minutes", variant)


def demo_agenda_document(variant: Variant = "internal") -> MeetingDocument:
    """The dagsorden of the same meeting."""
    return demo_document("agenda", variant)
