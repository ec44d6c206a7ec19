"""Rolling a committee's årshjul over to the next year: meetings placed by rule, recurring
entries carried over. A preview shows exactly what saving would create; saving creates
the meetings through the agenda service layer (so each emits agenda.meeting.scheduled.v1)
and the årshjul entries, all in one transaction. Saving twice creates nothing twice: dates
that already have a meeting, and entries that are already there, are left alone."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import date, time
from typing import overload

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.agenda.calendar.domain.rollover import (
    MeetingRule,
    PlannedMeeting,
    SkippedMonth,
    carry_date,
    plan_year,
)
from services.agenda.calendar.models import DialogueTheme, WheelEntry
from services.agenda.models import Committee, Meeting
from services.agenda.operations import meetings as meeting_ops
from services.agenda.operations.access import managed_committee
from shared.auth import Principal
from shared.db.uow import UnitOfWork
from shared.errors import Invalid

CARRIED_KINDS = ("deadline", "milestone", "event")
YEAR_IN_TEXT = re.compile(r"\b(19|20)\d{2}\b")


@dataclass(frozen=True)
class PlannedEntry:
    kind: str
    title: str
    month: int
    date: date | None
    start_time: time | None = None
    end_time: time | None = None
    place: str | None = None
    owner: str | None = None
    description: str | None = None
    public: bool = True
    exists: bool = False
    source_id: uuid.UUID | None = None


@dataclass(frozen=True)
class PreviewMeeting:
    planned: PlannedMeeting
    exists: bool  # the committee already meets that day: saving leaves it


@dataclass
class Rollover:
    committee: Committee
    from_year: int
    to_year: int
    rule: MeetingRule
    meetings: list[PreviewMeeting] = field(default_factory=list)
    skipped: list[SkippedMonth] = field(default_factory=list)
    dialogue_meetings: list[PlannedEntry] = field(default_factory=list)
    entries: list[PlannedEntry] = field(default_factory=list)

    @property
    def new_meeting_count(self) -> int:
        return sum(1 for m in self.meetings if not m.exists)

    @property
    def new_entry_count(self) -> int:
        return sum(1 for e in self.dialogue_meetings + self.entries if not e.exists)


@overload
def shift_years(text: str, by: int, around: int) -> str: ...
@overload
def shift_years(text: None, by: int, around: int) -> None: ...
def shift_years(text: str | None, by: int, around: int) -> str | None:
    """'Beskæftigelsesplan 2021' carried from 2020 to 2021 is 'Beskæftigelsesplan 2022'
    (years within two of the source year move along; others stay)."""
    if not text:
        return text
    return YEAR_IN_TEXT.sub(lambda m: str(int(m.group()) + by) if abs(int(m.group()) - around) <= 2 else m.group(),
                            text)


def _existing_entries(session: Session, committee_id: uuid.UUID, year: int) -> set[tuple]:
    return {(e.kind, e.title, e.date, e.month) for e in session.scalars(select(WheelEntry).where(
        WheelEntry.committee_id == committee_id, WheelEntry.year == year, WheelEntry.deleted_at.is_(None)))}


def preview(session: Session, principal: Principal, committee_id: uuid.UUID, from_year: int, to_year: int,
            rule: MeetingRule) -> Rollover:
    committee = managed_committee(session, principal, committee_id)
    if to_year <= from_year:
        raise Invalid("Rul årshjulet frem til et senere år.", {"to_year": ["Vælg et år efter det, der rulles fra."]})
    plan = plan_year(to_year, rule)
    taken = set(session.scalars(select(Meeting.date).where(
        Meeting.committee_id == committee.id, Meeting.status != "cancelled",
        Meeting.date >= date(to_year, 1, 1), Meeting.date <= date(to_year, 12, 31))))
    existing = _existing_entries(session, committee.id, to_year)
    result = Rollover(committee=committee, from_year=from_year, to_year=to_year, rule=rule, skipped=plan.skipped)
    for planned in plan.meetings:
        result.meetings.append(PreviewMeeting(planned=planned, exists=planned.date in taken))
        if rule.dialogue_start_time is not None:
            title = "Dialogmøde"
            result.dialogue_meetings.append(PlannedEntry(
                kind="dialogue_meeting", title=title, month=planned.date.month, date=planned.date,
                start_time=rule.dialogue_start_time, place=planned.place,
                exists=("dialogue_meeting", title, planned.date, planned.date.month) in existing))
    by = to_year - from_year
    sources = session.scalars(select(WheelEntry).where(
        WheelEntry.committee_id == committee.id, WheelEntry.year == from_year, WheelEntry.deleted_at.is_(None),
        WheelEntry.recurring.is_(True), WheelEntry.kind.in_(CARRIED_KINDS)))
    for source in sorted(sources, key=lambda e: (e.month, e.date or date(from_year, e.month, 1), e.title)):
        day = carry_date(source.date, to_year) if source.date else None
        title = shift_years(source.title, by, from_year)
        result.entries.append(PlannedEntry(
            kind=source.kind, title=title, month=source.month, date=day, start_time=source.start_time,
            end_time=source.end_time, place=source.place, owner=source.owner,
            description=shift_years(source.description, by, from_year), public=source.public,
            exists=(source.kind, title, day, source.month) in existing, source_id=source.id))
    return result


def apply(uow: UnitOfWork, principal: Principal, committee_id: uuid.UUID, from_year: int, to_year: int,
          rule: MeetingRule) -> Rollover:
    """Save what preview() shows, in one transaction: the meetings (the wheel shows them as
    they are, moved or cancelled later), the dialogue meetings linked to them and to the
    month's dialogue theme, and the carried entries."""
    plan = preview(uow.session, principal, committee_id, from_year, to_year, rule)
    session = uow.session
    meeting_ids: dict[date, uuid.UUID] = {}
    for item in plan.meetings:
        if not item.exists:
            meeting = meeting_ops.add_meeting(uow, principal, committee_id, {
                "date": item.planned.date, "start_time": item.planned.start_time,
                "end_time": item.planned.end_time, "place": item.planned.place})
            meeting_ids[item.planned.date] = meeting.id
    themes = {t.month: t for t in session.scalars(select(DialogueTheme).where(
        DialogueTheme.committee_id == committee_id, DialogueTheme.year == to_year))}
    for carried in plan.dialogue_meetings + plan.entries:
        if carried.exists:
            continue
        dialogue = carried.kind == "dialogue_meeting"
        entry = WheelEntry(
            committee_id=committee_id, year=to_year, month=carried.month, date=carried.date, start_time=carried.start_time,
            end_time=carried.end_time, kind=carried.kind, title=carried.title, place=carried.place, owner=carried.owner,
            description=carried.description, public=carried.public, recurring=not dialogue, status="planned",
            sequence=0, meeting_id=meeting_ids.get(carried.date) if dialogue and carried.date else None)
        session.add(entry)
        theme = themes.get(carried.month) if dialogue else None
        if theme is not None and theme.entry_id is None:
            session.flush()
            theme.entry_id = entry.id
    uow.commit()
    return plan
