"""Årshjul entries and dialogue themes: the secretariat's changes, the upsert that another
service's events use, and the reads behind the wheel."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from services.agenda.calendar.domain.wheel import KIND_NAMES, WheelMark
from services.agenda.calendar.models import DialogueTheme, WheelEntry
from services.agenda.domain.lifecycle import shifted
from services.agenda.models import Committee, Item, Meeting, Municipality
from services.agenda.operations.access import managed_committee
from shared.auth import Principal
from shared.db.types import utcnow
from shared.db.uow import UnitOfWork
from shared.errors import Invalid, NotFound
from shared.localtime import kept_fold, local_time_errors

ENTRY_FIELDS = ("kind", "title", "description", "date", "month", "start_time", "end_time", "start_fold", "end_fold",
                "place", "owner", "public", "recurring", "status", "meeting_id", "item_id")
# A change of these is a change clients must see (SEQUENCE goes up), as for a meeting.
TIMING_FIELDS = ("date", "start_time", "end_time", "start_fold", "end_fold", "place", "status")


# --- reads ---------------------------------------------------------------------------

def sees_everything(principal: Principal, municipality_id: uuid.UUID) -> bool:
    """The municipality's own users (secretaries and members) see entries that are not public."""
    return principal.belongs_to(municipality_id)


def year_entries(session: Session, committee_id: uuid.UUID, year: int, *, include_private: bool) -> list[WheelEntry]:
    query = (
        select(WheelEntry)
        .where(WheelEntry.committee_id == committee_id, WheelEntry.year == year, WheelEntry.deleted_at.is_(None))
        .options(selectinload(WheelEntry.meeting), selectinload(WheelEntry.item), selectinload(WheelEntry.theme))
    )
    if not include_private:
        query = query.where(WheelEntry.public.is_(True))
    return sorted(session.scalars(query), key=entry_order)


def entry_order(entry: WheelEntry):
    return (entry.month, entry.date or date(entry.year, entry.month, 1), entry.date is not None,
            entry.start_time or time(0), entry.title)


def year_themes(session: Session, committee_id: uuid.UUID, year: int) -> list[DialogueTheme]:
    return list(session.scalars(
        select(DialogueTheme)
        .where(DialogueTheme.committee_id == committee_id, DialogueTheme.year == year)
        .options(selectinload(DialogueTheme.entry))
        .order_by(DialogueTheme.month)))


def year_meetings(session: Session, committee_id: uuid.UUID, year: int) -> list[Meeting]:
    return list(session.scalars(
        select(Meeting)
        .where(Meeting.committee_id == committee_id, Meeting.date >= date(year, 1, 1), Meeting.date <= date(year, 12, 31))
        .order_by(Meeting.date, Meeting.start_time)))


@dataclass(frozen=True)
class WheelItem(WheelMark):
    """One row of the wheel and its table: an årshjul entry, or a meeting no entry points to."""

    start_time: time | None = None
    end_time: time | None = None
    place: str | None = None
    owner: str | None = None
    description: str | None = None
    meeting_id: uuid.UUID | None = None
    entry_id: uuid.UUID | None = None
    item_title: str | None = None
    meeting: Meeting | None = None

    @property
    def kind_name(self) -> str:
        return KIND_NAMES[self.kind]


def wheel_items(session: Session, principal: Principal, committee: Committee, year: int) -> list[WheelItem]:
    """What the principal may see of the committee's year: entries (public ones only for
    outsiders) and the committee's meetings that no entry stands for."""
    everything = sees_everything(principal, committee.municipality_id)
    entries = year_entries(session, committee.id, year, include_private=everything)
    linked = {entry.meeting_id for entry in entries if entry.meeting_id and entry.kind == "meeting"}
    items = [_item_of(entry, everything) for entry in entries]
    for meeting in year_meetings(session, committee.id, year):
        if meeting.id not in linked:
            items.append(WheelItem(
                kind="meeting", title=KIND_NAMES["meeting"], month=meeting.date.month, date=meeting.date,
                start_time=meeting.start_time, end_time=meeting.end_time, place=meeting.place,
                cancelled=meeting.status == "cancelled", meeting_id=meeting.id, meeting=meeting))
    return sorted((item for item in items if item.date is None or item.date.year == year),
                  key=lambda i: (i.month, i.date or date(year, i.month, 1), i.date is not None,
                                 i.start_time or time(0), i.title))


def _item_of(entry: WheelEntry, everything: bool) -> WheelItem:
    item_title = None
    # A closed item's title is for the municipality's own people only.
    if entry.item is not None and (everything or not entry.item.closed):
        item_title = entry.item.title
    values: dict[str, Any] = {"date": entry.date, "month": entry.month, "start_time": entry.start_time, "end_time": entry.end_time,
                  "place": entry.place, "cancelled": entry.status == "cancelled"}
    meeting = entry.meeting
    if entry.kind == "meeting" and meeting is not None:
        # The meeting itself says when and where: a moved or cancelled meeting moves its entry.
        values = {"date": meeting.date, "month": meeting.date.month, "start_time": meeting.start_time,
                      "end_time": meeting.end_time, "place": meeting.place, "cancelled": meeting.status == "cancelled"}
    return WheelItem(kind=entry.kind, title=entry.title, owner=entry.owner, description=entry.description,
                     public=entry.public, meeting_id=entry.meeting_id, entry_id=entry.id, item_title=item_title,
                     meeting=meeting, **values)


def committee_years(session: Session, committee_id: uuid.UUID) -> list[int]:
    entry_years = set(session.scalars(select(WheelEntry.year).where(
        WheelEntry.committee_id == committee_id, WheelEntry.deleted_at.is_(None)).distinct()))
    meeting_years = {day.year for day in session.scalars(select(Meeting.date).where(Meeting.committee_id == committee_id))}
    return sorted(entry_years | meeting_years)


# --- rules an entry must keep ------------------------------------------------------------

def check_entry(session: Session, committee: Committee, year: int, values: dict) -> dict:
    """Fills in month from date and checks date, times and links against the year and the
    committee; raises Invalid with Danish messages per field."""
    errors: dict[str, list[str]] = {}
    day = values.get("date")
    if day is not None:
        if day.year != year:
            errors["date"] = [f"Datoen skal ligge i {year}."]
        values["month"] = day.month
    elif not values.get("month"):
        errors["month"] = ["Vælg en dato eller en måned."]
    if values.get("start_time") is not None and day is None:
        errors["start_time"] = ["Et tidspunkt kræver en dato."]
    start, end = values.get("start_time"), values.get("end_time")
    if end is not None and (start is None or end <= start):
        errors["end_time"] = ["Sluttidspunktet skal ligge efter starttidspunktet."]
    zone = committee.municipality.timezone
    for key, messages in local_time_errors(day, {"start_time": start, "end_time": end}, zone).items():
        errors.setdefault(key, messages)
    values["start_fold"] = kept_fold(day, start, zone, values.get("start_fold"))
    values["end_fold"] = kept_fold(day, end, zone, values.get("end_fold"))
    meeting_id = values.get("meeting_id")
    if meeting_id is not None:
        meeting = session.get(Meeting, meeting_id)
        if meeting is None or meeting.committee_id != committee.id:
            errors["meeting_id"] = ["Vælg et af udvalgets møder."]
    item_id = values.get("item_id")
    if item_id is not None:
        item = session.get(Item, item_id)
        if item is None or item.municipality_id != committee.municipality_id:
            errors["item_id"] = ["Vælg et punkt fra kommunens dagsordener."]
    if errors:
        raise Invalid("Punktet i årshjulet er ikke udfyldt korrekt.", errors)
    return values


def _apply(entry: WheelEntry, values: dict) -> bool:
    """Set the values; returns whether the timing changed (so SEQUENCE must go up)."""
    timing_changed = False
    for key in ENTRY_FIELDS:
        if key in values and getattr(entry, key) != values[key]:
            if key in TIMING_FIELDS:
                timing_changed = True
            setattr(entry, key, values[key])
    return timing_changed


def _touch(entry: WheelEntry | None) -> None:
    """Mark the entry changed (a theme shown in its description changed), for the feeds."""
    if entry is not None:
        entry.updated_at = utcnow()


# --- the secretariat's changes -------------------------------------------------------------

def create_entry(uow: UnitOfWork, principal: Principal, committee_id: uuid.UUID, year: int, data: dict) -> WheelEntry:
    committee = managed_committee(uow.session, principal, committee_id)
    values = check_entry(uow.session, committee, year, dict(data))
    entry = WheelEntry(committee=committee, year=year, public=True, recurring=False, status="planned", sequence=0)
    _apply(entry, values)
    uow.session.add(entry)
    uow.commit()
    return entry


def managed_entry(session: Session, principal: Principal, entry_id: uuid.UUID) -> WheelEntry:
    entry = session.get(WheelEntry, entry_id)
    if entry is None or entry.deleted_at is not None:
        raise NotFound("Punktet i årshjulet findes ikke.")
    managed_committee(session, principal, entry.committee_id)
    return entry


def update_entry(uow: UnitOfWork, principal: Principal, entry_id: uuid.UUID, data: dict) -> WheelEntry:
    entry = managed_entry(uow.session, principal, entry_id)
    merged = {key: getattr(entry, key) for key in ENTRY_FIELDS}
    merged.update(data)
    values = check_entry(uow.session, entry.committee, entry.year, merged)
    if _apply(entry, values):
        entry.sequence += 1
    uow.commit()
    return entry


def delete_entry(uow: UnitOfWork, principal: Principal, entry_id: uuid.UUID) -> None:
    """Takes the entry off the wheel and out of the feeds (kept as deleted, see the model)."""
    entry = managed_entry(uow.session, principal, entry_id)
    entry.deleted_at = utcnow()
    entry.sequence += 1
    if entry.theme is not None:
        entry.theme.entry_id = None
    uow.commit()


def set_theme(uow: UnitOfWork, principal: Principal, committee_id: uuid.UUID, year: int, month: int,
              data: dict) -> DialogueTheme:
    """Create or change the month's dialogue theme, and link it to its dialogue meeting."""
    session = uow.session
    committee = managed_committee(session, principal, committee_id)
    entry_id = data.get("entry_id")
    entry = None
    if entry_id is not None:
        entry = session.get(WheelEntry, entry_id)
        if (entry is None or entry.deleted_at is not None or entry.committee_id != committee.id
                or entry.year != year or entry.kind != "dialogue_meeting"):
            raise Invalid("Dialogtemaet er ikke udfyldt korrekt.",
                          {"entry_id": ["Vælg et af årets dialogmøder i udvalget."]})
    theme = month_theme(session, committee.id, year, month)
    if entry is not None and entry.theme is not None and entry.theme is not theme:
        # The dialogue meeting had another month's theme: it leaves that one first.
        entry.theme.entry_id = None
        session.flush()
    if theme is None:
        theme = DialogueTheme(committee=committee, year=year, month=month)
        session.add(theme)
    elif theme.entry_id != entry_id:
        _touch(theme.entry)
    theme.theme = data["theme"]
    theme.place = data.get("place") or None
    theme.partners = list(data.get("partners") or [])
    theme.entry_id = entry_id
    _touch(entry)
    uow.commit()
    return theme


def month_theme(session: Session, committee_id: uuid.UUID, year: int, month: int) -> DialogueTheme | None:
    return session.scalar(select(DialogueTheme).where(
        DialogueTheme.committee_id == committee_id, DialogueTheme.year == year, DialogueTheme.month == month))


def delete_theme(uow: UnitOfWork, principal: Principal, committee_id: uuid.UUID, year: int, month: int) -> None:
    committee = managed_committee(uow.session, principal, committee_id)
    theme = month_theme(uow.session, committee.id, year, month)
    if theme is None:
        raise NotFound("Måneden har intet dialogtema.")
    _touch(theme.entry)
    uow.session.delete(theme)
    uow.commit()


# --- entries tied to a meeting ------------------------------------------------------------

def linked_entries(session: Session, meeting_id: uuid.UUID) -> list[WheelEntry]:
    return sorted(session.scalars(select(WheelEntry).where(
        WheelEntry.meeting_id == meeting_id, WheelEntry.deleted_at.is_(None))), key=entry_order)


def follow_meeting(session: Session, meeting: Meeting, old_date: date) -> list[WheelEntry]:
    """After the meeting moved: its own årshjul entry takes the meeting's date, time and
    place; the other entries tied to it (a dialogue meeting after it, a deadline before
    it) move the same number of days, keeping their time of day. Each moved entry's
    SEQUENCE goes up, as a moved meeting's does. Returns the entries that moved, so the
    secretary can be told what else changed."""
    moved = []
    for entry in linked_entries(session, meeting.id):
        values: dict = {}
        if entry.kind == "meeting":
            values = {"date": meeting.date, "start_time": meeting.start_time, "end_time": meeting.end_time,
                      "start_fold": meeting.start_fold, "end_fold": meeting.end_fold, "place": meeting.place}
        elif entry.date is not None:
            values = {"date": shifted(entry.date, old_date, meeting.date)}
        elif entry.month == old_date.month and entry.year == old_date.year:
            values = {"month": meeting.date.month, "year": meeting.date.year}
        if "date" in values:
            values["month"], values["year"] = values["date"].month, values["date"].year
        changed = {key: value for key, value in values.items() if getattr(entry, key) != value}
        if not changed:
            continue
        for key, value in changed.items():
            setattr(entry, key, value)
        entry.sequence += 1
        moved.append(entry)
    return moved


# --- entries owned by another service --------------------------------------------------

def upsert_external_entry(
    uow: UnitOfWork,
    *,
    external_ref: str,
    committee_id: uuid.UUID,
    kind: str,
    title: str,
    on: date,
    start_time: time | None = None,
    end_time: time | None = None,
    place: str | None = None,
    description: str | None = None,
    public: bool = True,
    cancelled: bool = False,
) -> WheelEntry:
    """Create or update the entry another service's event describes, found by its
    external_ref (e.g. "awards:rounds/<id>/ceremony"). Redelivering the same event changes
    nothing; a new date, time, place or a cancellation raises the entry's SEQUENCE, so the
    feeds show the change. Does not commit: an event handler runs inside the consumer's
    unit of work, which commits the entry together with the inbox row."""
    if kind not in KIND_NAMES:
        raise Invalid("Ukendt slags punkt.", {"kind": ["Ukendt slags punkt."]})
    committee = uow.session.get(Committee, committee_id)
    if committee is None:
        raise NotFound("Udvalget findes ikke.")
    year = on.year
    values = check_entry(uow.session, committee, year, {
        "kind": kind, "title": title, "date": on, "month": None, "start_time": start_time, "end_time": end_time,
        "place": place, "owner": None, "description": description, "public": public,
        "status": "cancelled" if cancelled else "planned",
    })
    entry = uow.session.scalar(select(WheelEntry).where(WheelEntry.external_ref == external_ref))
    if entry is None:
        entry = WheelEntry(external_ref=external_ref, committee=committee, year=year, recurring=False, sequence=0)
        _apply(entry, values)
        uow.session.add(entry)
    else:
        changed = _apply(entry, values)
        if entry.committee_id != committee.id or entry.year != year:
            entry.committee_id, entry.year, changed = committee.id, year, True
        if entry.deleted_at is not None:
            entry.deleted_at, changed = None, True
        if changed:
            entry.sequence += 1
    uow.session.flush()
    return entry


def municipality_committees(session: Session, municipality: Municipality) -> list[Committee]:
    return list(session.scalars(
        select(Committee).where(Committee.municipality_id == municipality.id).order_by(Committee.name)))
