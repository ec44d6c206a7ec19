"""Planning, moving, cancelling, reinstating and holding meetings, and publishing their agendas."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from services.agenda.calendar.models import WheelEntry
from services.agenda.calendar.operations.wheel import follow_meeting
from services.agenda.domain.lifecycle import agenda_change_refusal, reschedule_refusal
from services.agenda.models import AgendaEntry, AgendaVersion, Item, Meeting
from services.agenda.operations.access import managed_committee, managed_meeting
from services.agenda.operations.agendas import (
    latest_version,
    live_items,
    publication_problems,
    snapshot_of,
)
from services.agenda.presenters import (
    meeting_data,
    meeting_time_data,
    municipality_rules,
    municipality_style,
    municipality_template,
    template_data,
)
from shared.auth import Principal
from shared.db.types import utcnow
from shared.db.uow import UnitOfWork
from shared.errors import Conflict, Invalid
from shared.localtime import kept_fold, local_time_errors

STATUS_NAMES = {"planned": "planlagt", "published": "offentliggjort", "held": "afholdt", "cancelled": "aflyst"}


def require_status(meeting: Meeting, allowed: tuple[str, ...], action: str) -> None:
    if meeting.status not in allowed:
        raise Conflict(f"Mødet er {STATUS_NAMES[meeting.status]}, så du kan ikke {action}.")


def require_agenda_editable(meeting: Meeting) -> None:
    refusal = agenda_change_refusal(meeting.status, meeting.minutes_state)
    if refusal:
        raise Conflict(refusal)


def _announce(uow: UnitOfWork, meeting: Meeting, event_type: str, **extra) -> None:
    uow.session.flush()
    uow.session.refresh(meeting)
    uow.publish(event_type, {"meeting": meeting_data(meeting), **extra}, subject=f"meetings/{meeting.id}")


def announce_held(uow: UnitOfWork, meeting: Meeting) -> None:
    """The meeting is held: its status and the event every copy learns it from."""
    meeting.status = "held"
    _announce(uow, meeting, "agenda.meeting.held.v1")


def schedule_meeting(uow: UnitOfWork, principal: Principal, committee_id: uuid.UUID, data: dict) -> Meeting:
    meeting = add_meeting(uow, principal, committee_id, data)
    uow.commit()
    return meeting


def _local_times(zone: str, values: dict) -> dict:
    """The start and end must exist on the day; a time shown twice keeps which one is meant."""
    day, start, end = values["date"], values["start_time"], values.get("end_time")
    errors = local_time_errors(day, {"start_time": start, "end_time": end}, zone)
    if errors:
        raise Invalid("Tidspunktet findes ikke på dagen.", errors)
    return {**values, "start_fold": kept_fold(day, start, zone, values.get("start_fold")),
            "end_fold": kept_fold(day, end, zone, values.get("end_fold"))}


def add_meeting(uow: UnitOfWork, principal: Principal, committee_id: uuid.UUID, data: dict) -> Meeting:
    """schedule_meeting without the commit, for a caller that plans several in one transaction."""
    committee = managed_committee(uow.session, principal, committee_id)
    if committee.closed_on is not None:
        raise Conflict("Udvalget er nedlagt og holder ikke flere møder.")
    values = _local_times(committee.municipality.timezone, data)
    meeting = Meeting(
        committee=committee,
        uid=f"{uuid.uuid4()}@udvalg",
        date=values["date"],
        start_time=values["start_time"],
        end_time=values.get("end_time"),
        start_fold=values["start_fold"],
        end_fold=values["end_fold"],
        place=values["place"],
        status="planned",
    )
    uow.session.add(meeting)
    if data.get("standard_items"):
        _add_standard_items(meeting)
    _announce(uow, meeting, "agenda.meeting.scheduled.v1")
    return meeting


def _add_standard_items(meeting: Meeting) -> None:
    """The municipality's standard opening and closing items, as standing items."""
    rules = municipality_rules(meeting.committee.municipality)
    for position, title in enumerate(rules.standard_titles, start=1):
        item = Item(municipality_id=meeting.committee.municipality_id, owner_committee=meeting.committee,
                    title=title, kind="standing", closed=False, sections={}, attachments=[])
        meeting.entries.append(AgendaEntry(item=item, position=position))


@dataclass(frozen=True)
class Rescheduled:
    meeting: Meeting
    moved_entries: list[WheelEntry] = field(default_factory=list)  # årshjul entries that moved with it


def reschedule_meeting(uow: UnitOfWork, principal: Principal, meeting_id: uuid.UUID, data: dict) -> Rescheduled:
    """Move the meeting; the årshjul entries tied to it move with it (the same number of
    days), and every other service's copy follows the rescheduled event."""
    meeting = managed_meeting(uow.session, principal, meeting_id)
    refusal = reschedule_refusal(meeting.status, meeting.minutes_state)
    if refusal:
        raise Conflict(refusal)
    previous = meeting_time_data(meeting)
    fields = ("date", "start_time", "end_time", "start_fold", "end_fold", "place")
    merged = {key: data.get(key, getattr(meeting, key)) for key in fields}
    if merged["end_time"] is not None and merged["end_time"] <= merged["start_time"]:
        raise Invalid("Tidspunktet er ikke gyldigt.", {"end_time": ["Sluttidspunktet skal ligge efter starttidspunktet."]})
    changes = _local_times(meeting.committee.municipality.timezone, merged)
    if all(getattr(meeting, key) == changes[key] for key in fields):
        return Rescheduled(meeting)
    old_date = meeting.date
    for key in fields:
        setattr(meeting, key, changes[key])
    meeting.sequence += 1
    moved = follow_meeting(uow.session, meeting, old_date)
    _announce(uow, meeting, "agenda.meeting.rescheduled.v1", previous=previous)
    uow.commit()
    return Rescheduled(meeting, moved)


def cancel_meeting(uow: UnitOfWork, principal: Principal, meeting_id: uuid.UUID, reason: str | None) -> Meeting:
    meeting = managed_meeting(uow.session, principal, meeting_id)
    require_status(meeting, ("planned", "published"), "aflyse det")
    reason = (reason or "").strip()
    if not reason:
        raise Invalid("Skriv hvorfor mødet aflyses.", {"reason": ["Skriv en begrundelse. Den vises for medlemmerne."]})
    meeting.status = "cancelled"
    meeting.cancel_reason = reason
    meeting.sequence += 1
    _announce(uow, meeting, "agenda.meeting.cancelled.v1", reason=reason)
    uow.commit()
    return meeting


def reinstate_meeting(uow: UnitOfWork, principal: Principal, meeting_id: uuid.UUID) -> Meeting:
    """A cancelled meeting is held after all: back in the calendars with a raised SEQUENCE."""
    meeting = managed_meeting(uow.session, principal, meeting_id)
    require_status(meeting, ("cancelled",), "genoptage det")
    meeting.status = "published" if meeting.agenda_version else "planned"
    meeting.cancel_reason = None
    meeting.sequence += 1
    _announce(uow, meeting, "agenda.meeting.reinstated.v1")
    uow.commit()
    return meeting


def mark_held(uow: UnitOfWork, principal: Principal, meeting_id: uuid.UUID) -> Meeting:
    meeting = managed_meeting(uow.session, principal, meeting_id)
    require_status(meeting, ("published",), "markere det som afholdt før dagsordenen er offentliggjort")
    if meeting.date > datetime.now(ZoneInfo(meeting.committee.municipality.timezone)).date():
        raise Conflict("Mødet ligger i fremtiden og kan ikke markeres som afholdt endnu.")
    announce_held(uow, meeting)
    uow.commit()
    return meeting


def publish_agenda(uow: UnitOfWork, principal: Principal, meeting_id: uuid.UUID) -> AgendaVersion:
    """Validate the agenda and publish it as the next version. After the meeting (minutes
    not yet approved, or being corrected) a new version reaches the minutes."""
    session = uow.session
    meeting = managed_meeting(session, principal, meeting_id)
    require_agenda_editable(meeting)
    errors = publication_problems(session, meeting)
    if errors:
        raise Invalid("Dagsordenen kan ikke offentliggøres endnu. Ret fejlene og prøv igen.", errors)
    items = live_items(session, meeting)
    style = municipality_style(meeting.committee.municipality)
    snapshot = snapshot_of(items, style)
    previous = latest_version(session, meeting)
    if previous and previous.snapshot == snapshot:
        raise Conflict("Dagsordenen er ikke ændret siden den sidst blev offentliggjort.")
    meeting.agenda_version += 1
    if meeting.status == "planned":
        meeting.status = "published"
    version = AgendaVersion(
        meeting_id=meeting.id,
        version=meeting.agenda_version,
        published_at=utcnow(),
        published_by=principal.user_id,
        snapshot=snapshot,
    )
    session.add(version)
    _announce(
        uow,
        meeting,
        "agenda.agenda.published.v1",
        version=version.version,
        published_at=version.published_at,
        section_template=template_data(municipality_template(meeting.committee.municipality)),
        items=items,
        document_style=style.to_dict(),
    )
    uow.commit()
    return version
