"""Recording attendance and decisions, and approving the minutes."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from services.decisions.documents.assemble import minutes_document
from services.decisions.documents.model import MeetingDocument
from services.decisions.documents.snapshot import document_to_dict
from services.decisions.models import (
    AgendaItemCopy,
    Attendance,
    AwardShortlist,
    Decision,
    MeetingCopy,
    Minutes,
    MinutesVersion,
)
from services.decisions.operations.access import managed_meeting
from services.decisions.operations.roster import roster
from services.decisions.operations.signoff import request_signatures, void_signatures
from shared.auth import Principal
from shared.danish import long_date
from shared.db.types import utcnow
from shared.db.uow import UnitOfWork
from shared.errors import Conflict, Invalid
from shared.log import get_logger

log = get_logger(__name__)

def minutes_of(session, meeting: MeetingCopy) -> Minutes:
    """The meeting's minutes; open and empty (and not stored: reading writes nothing) until
    something is recorded."""
    found = session.get(Minutes, meeting.id)
    return found if found is not None else Minutes(meeting_id=meeting.id, state="open", version=0)


def _require_editable(session, meeting: MeetingCopy) -> Minutes:
    if meeting.status == "cancelled":
        raise Conflict("Mødet er aflyst; der føres ikke referat.")
    minutes = minutes_of(session, meeting)
    if minutes not in session:
        session.add(minutes)
    if minutes.state == "approved":
        raise Conflict("Referatet er godkendt og låst. Vælg »Ret referatet« og skriv hvorfor, hvis det skal rettes.")
    return minutes


def record_attendance(uow: UnitOfWork, principal: Principal, meeting_id: uuid.UUID, entries: list[dict]) -> None:
    session = uow.session
    meeting = managed_meeting(session, principal, meeting_id)
    _require_editable(session, meeting)
    members = {uuid.UUID(m["member_id"]): m for m in roster(meeting)}
    unknown = [str(e["member_id"]) for e in entries if e["member_id"] not in members]
    if unknown:
        raise Invalid("Kun udvalgets medlemmer kan meldes til eller fra.", {"member_id": ["Ukendt medlem."]})
    by_member = {e["member_id"]: e for e in entries}
    for existing in session.scalars(select(Attendance).where(Attendance.meeting_id == meeting.id)):
        session.delete(existing)
    session.flush()
    for member_id, member in members.items():
        entry = by_member.get(member_id, {})
        session.add(Attendance(
            meeting_id=meeting.id, member_id=member_id, name=member["name"], party=member.get("party"),
            absent=bool(entry.get("absent")), substitute=(entry.get("substitute") or None),
        ))
    uow.commit()


def _item(meeting: MeetingCopy, item_id: uuid.UUID) -> AgendaItemCopy:
    item = next((i for i in meeting.items if i.item_id == item_id), None)
    if item is None:
        raise Invalid("Punktet står ikke på mødets dagsorden.", {"item_id": ["Ukendt punkt."]})
    return item


def record_decision(uow: UnitOfWork, principal: Principal, meeting_id: uuid.UUID, item_id: uuid.UUID,
                    data: dict) -> Decision:
    session = uow.session
    meeting = managed_meeting(session, principal, meeting_id)
    _require_editable(session, meeting)
    item = _item(meeting, item_id)
    points = len((item.recommendation or {}).get("points", []))
    errors: dict[str, list[str]] = {}
    answers = [a for a in data.get("point_answers", []) if a["text"].strip()]
    if any(not 1 <= a["point"] <= points for a in answers):
        errors["point_answers"] = [f"Punktet har {points} indstillingspunkter."]
    if not data.get("text", "").strip() and not answers:
        errors["text"] = ["Skriv beslutningen, eller svar på indstillingens punkter."]
    members = {m["member_id"] for m in roster(meeting)}
    not_taking_part = [str(m) for m in data.get("not_taking_part", [])]
    if any(m not in members for m in not_taking_part):
        errors["not_taking_part"] = ["Kun udvalgets medlemmer kan erklære sig inhabile."]
    award = _award_winner(session.get(AwardShortlist, item_id), data.get("award_winner"), errors)
    if errors:
        raise Invalid("Beslutningen er ikke udfyldt korrekt.", errors)
    decision = session.scalar(select(Decision).where(Decision.meeting_id == meeting.id, Decision.item_id == item_id))
    if decision is None:
        decision = Decision(meeting_id=meeting.id, item_id=item_id)
        session.add(decision)
    decision.text = data.get("text", "").strip()
    decision.point_answers = [{"point": a["point"], "text": a["text"].strip()} for a in sorted(answers, key=lambda a: a["point"])]
    decision.not_taking_part = not_taking_part
    decision.minority = (data.get("minority") or "").strip() or None
    decision.decided_on = data.get("decided_on") or meeting.date
    decision.award_winner = award
    decision.recorded_by = principal.user_id
    _announce_decision(uow, meeting, item, decision)
    uow.commit()
    return decision


def _announce_decision(uow: UnitOfWork, meeting: MeetingCopy, item: AgendaItemCopy, decision: Decision) -> None:
    """The decision as it stands now; consumers keep the latest by `recorded_at`."""
    decision.recorded_at = utcnow()
    uow.session.flush()
    uow.publish("decisions.decision.recorded.v1", {
        "meeting_id": meeting.id,
        "item_id": item.item_id,
        "committee_id": meeting.committee_id,
        "decided_on": decision.decided_on,
        "text": decision.text,
        "point_answers": decision.point_answers,
        "closed": item.closed,
        "award_winner": decision.award_winner,
        "recorded_at": decision.recorded_at,
    }, subject=f"meetings/{meeting.id}/items/{item.item_id}")


def follow_meeting_date(uow: UnitOfWork, meeting: MeetingCopy, old_date: date) -> list[Decision]:
    """The meeting moved from `old_date`: decisions dated that day take the meeting's new
    date (a decision dated otherwise was dated on purpose and keeps its date), and each
    is announced again so every copy of it follows. Approved minutes are locked: they
    keep what was approved, and a correction dates the decisions anew."""
    minutes = uow.session.get(Minutes, meeting.id)
    if minutes is not None and minutes.state == "approved":
        log.warning("decisions.moved_after_approval", meeting_id=str(meeting.id))
        return []
    items = {item.item_id: item for item in meeting.items}
    moved = []
    for decision in uow.session.scalars(select(Decision).where(
            Decision.meeting_id == meeting.id, Decision.decided_on == old_date)):
        decision.decided_on = meeting.date
        if decision.item_id in items:
            _announce_decision(uow, meeting, items[decision.item_id], decision)
        moved.append(decision)
    return moved


def _award_winner(shortlist: AwardShortlist | None, chosen: dict | None, errors: dict) -> dict | None:
    """The winner named on an award's item ({"candidate_id", "reason"}), checked against the
    shortlist the awards service sent; None when no winner is named."""
    if not chosen or not chosen.get("candidate_id"):
        return None
    if shortlist is None:
        errors["award_winner"] = ["Punktet handler ikke om at vælge en prisvinder."]
        return None
    candidate = next((c for c in shortlist.candidates if c["candidate_id"] == str(chosen["candidate_id"])), None)
    if candidate is None:
        errors["award_winner"] = ["Vælg en af kandidaterne."]
        return None
    reason = (chosen.get("reason") or "").strip()
    if not reason:
        errors["award_reason"] = ["Skriv udvalgets begrundelse; den offentliggøres efter prisoverrækkelsen."]
        return None
    return {"round_id": str(shortlist.round_id), "candidate_id": candidate["candidate_id"],
            "company_name": candidate["company_name"], "cvr": candidate["cvr"], "reason": reason}


def award_shortlist(session, item_id: uuid.UUID) -> AwardShortlist | None:
    return session.get(AwardShortlist, item_id)


def _today(meeting: MeetingCopy) -> date:
    return datetime.now(ZoneInfo(meeting.timezone)).date()


def may_be_held(meeting: MeetingCopy) -> bool:
    """The meeting's day has come (in its own time zone): its minutes can be approved."""
    return meeting.date <= _today(meeting)


def approve_minutes(uow: UnitOfWork, principal: Principal, meeting_id: uuid.UUID) -> MinutesVersion:
    """Lock the minutes as the next version; every item must have its decision."""
    session = uow.session
    meeting = managed_meeting(session, principal, meeting_id)
    minutes = _require_editable(session, meeting)
    if not may_be_held(meeting):
        raise Conflict(f"Mødet holdes først {long_date(meeting.date)}, så referatet kan ikke godkendes endnu.")
    decided = set(session.scalars(select(Decision.item_id).where(Decision.meeting_id == meeting.id)))
    missing = {f"items.{i.item_id}": [f"Punkt {i.number} mangler en beslutning."] for i in meeting.items
               if i.item_id not in decided}
    if missing:
        raise Invalid("Referatet kan ikke godkendes endnu.", missing)
    minutes.state = "approved"
    minutes.version += 1
    session.flush()
    document = minutes_document(session, meeting, variant="internal", version=minutes.version)
    version = MinutesVersion(
        meeting_id=meeting.id, version=minutes.version, approved_at=utcnow(), approved_by=principal.user_id,
        correction_reason=minutes.correction_reason, document=document_to_dict(document),
    )
    session.add(version)
    uow.publish("decisions.minutes.approved.v1", {
        "meeting_id": meeting.id,
        "committee_id": meeting.committee_id,
        "municipality_slug": meeting.municipality_slug,
        "version": version.version,
        "approved_at": version.approved_at,
        "correction_reason": version.correction_reason,
        **minutes_summary(meeting, document),
    }, subject=f"meetings/{meeting.id}")
    minutes.correction_reason = None
    minutes.signatures_reminded_at = None
    request_signatures(uow, meeting, version.version, reminder=False)
    uow.commit()
    return version


def minutes_summary(meeting: MeetingCopy, document: MeetingDocument) -> dict:
    """What the approved minutes' event tells the agenda service: attendance as the minutes
    list it, and every item's decisions (the meeting pages show them with the agenda)."""
    return {
        "participants": [{"name": p.person.name, "party": p.person.party, "absent": p.absent,
                          "substitute": p.substitute} for p in document.participants],
        "items": [{
            "item_id": item.item_id,
            "closed": item.closed,
            "decisions": [{
                "committee_name": block.committee_name, "decided_on": block.decided_on, "text": block.text,
                "point_answers": [{"point": a.point, "text": a.text} for a in block.point_answers],
                "minority": block.minority,
                "not_taking_part": [person.display for person in block.not_taking_part],
                "absent": [person.display for person in block.absent],
            } for block in shown.decisions],
        } for item, shown in zip(meeting.items, document.items, strict=True)],
    }


def start_correction(uow: UnitOfWork, principal: Principal, meeting_id: uuid.UUID, reason: str) -> Minutes:
    """Open approved minutes for a correction; the next approval makes a new version, which
    the members present sign anew (the signatures on this one are void)."""
    session = uow.session
    meeting = managed_meeting(session, principal, meeting_id)
    minutes = minutes_of(session, meeting)
    if minutes.state != "approved":
        raise Conflict("Kun et godkendt referat kan rettes.")
    if not reason.strip():
        raise Invalid("Skriv hvorfor referatet rettes.", {"reason": ["Skriv en begrundelse."]})
    minutes.state = "correcting"
    minutes.correction_reason = reason.strip()
    void_signatures(session, meeting.id, minutes.version)
    uow.publish("decisions.minutes.reopened.v1", {"meeting_id": meeting.id, "version": minutes.version,
                                                  "reason": minutes.correction_reason}, subject=f"meetings/{meeting.id}")
    uow.commit()
    return minutes


def latest_approved(session, meeting_id: uuid.UUID) -> MinutesVersion | None:
    return session.scalar(select(MinutesVersion).where(MinutesVersion.meeting_id == meeting_id)
                          .order_by(MinutesVersion.version.desc()).limit(1))


def versions(session, meeting_id: uuid.UUID) -> list[MinutesVersion]:
    return list(session.scalars(select(MinutesVersion).where(MinutesVersion.meeting_id == meeting_id)
                                .order_by(MinutesVersion.version)))


def decisions_by_item(session, meeting_id: uuid.UUID) -> dict[uuid.UUID, Decision]:
    return {d.item_id: d for d in session.scalars(select(Decision).where(Decision.meeting_id == meeting_id))}
