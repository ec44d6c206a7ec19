"""Building an agenda: adding, editing, ordering and removing items, and putting one
item before several committees."""

from __future__ import annotations

import copy
import uuid

from services.agenda.domain.agenda import case_number_error
from services.agenda.domain.rules import default_texts, recommendation_intro
from services.agenda.models import AgendaEntry, Item, Meeting
from services.agenda.operations.access import managed_item, managed_meeting
from services.agenda.operations.agendas import rules_of
from services.agenda.operations.meetings import add_meeting, require_agenda_editable
from services.agenda.presenters import municipality_template
from shared.auth import Principal
from shared.db.uow import UnitOfWork
from shared.errors import Conflict, Invalid

CONTENT_FIELDS = ("title", "kind", "case_number", "closed", "sections", "recommendation", "attachments")


def _check_content(meeting: Meeting, data: dict) -> None:
    errors: dict[str, list[str]] = {}
    template = municipality_template(meeting.committee.municipality)
    text_keys = {spec.key for spec in template if spec.kind == "text"}
    unknown = sorted(set(data.get("sections") or {}) - text_keys)
    for key in unknown:
        errors[f"sections.{key}"] = ["Afsnittet findes ikke i kommunens skabelon."]
    if data.get("case_number"):
        problem = case_number_error(data["case_number"], rules_of(meeting))
        if problem:
            errors["case_number"] = [problem]
    if errors:
        raise Invalid("Punktet er ikke udfyldt korrekt.", errors)


def default_position(entries: list[AgendaEntry], item: Item, meeting: Meeting) -> int:
    """Last, but before the municipality's fixed last item; and where the municipality
    wants closed items: an open case before the closed items when they come last, a
    closed item after the other closed ones, before the open cases, when they come first."""
    rules = rules_of(meeting)
    position = len(entries) + 1
    last_title = (rules.last_item_title or "").casefold()
    if entries and last_title and entries[-1].item.title.strip().casefold() == last_title:
        position = len(entries)
    if rules.closed_items_last and not item.closed and item.kind == "case":
        first_closed = next((i for i, e in enumerate(entries, start=1) if e.item.closed), None)
        if first_closed is not None:
            position = min(position, first_closed)
    elif not rules.closed_items_last and item.closed:
        first_open_case = next((i for i, e in enumerate(entries, start=1)
                                if not e.item.closed and e.item.kind == "case"), None)
        if first_open_case is not None:
            position = min(position, first_open_case)
    return position


def with_defaults(meeting: Meeting, data: dict) -> dict:
    """A new item's content with the municipality's default texts where none was given."""
    template = municipality_template(meeting.committee.municipality)
    sections = {**default_texts(template), **(data.get("sections") or {})}
    recommendation = data.get("recommendation")
    if recommendation is not None and recommendation.get("intro") is None:
        recommendation = {**recommendation, "intro": recommendation_intro(template)}
    return {**data, "sections": sections, "recommendation": recommendation}


def _insert_at(uow: UnitOfWork, meeting: Meeting, item: Item, position: int | None) -> None:
    """Place the item at `position` (1-based), or where it belongs by default."""
    with uow.session.no_autoflush:
        entries = list(meeting.entries)
        entry = AgendaEntry(item=item, position=0)
        if position is None:
            position = default_position(entries, item, meeting)
        position = max(1, min(position, len(entries) + 1))
        entries.insert(position - 1, entry)
        _renumber(entries)
        meeting.entries = entries


def _renumber(entries: list[AgendaEntry]) -> None:
    for index, entry in enumerate(entries, start=1):
        entry.position = index


def add_item(uow: UnitOfWork, principal: Principal, meeting_id: uuid.UUID, data: dict) -> Item:
    item = place_new_item(uow, principal, meeting_id, data)
    uow.commit()
    return item


def place_new_item(uow: UnitOfWork, principal: Principal, meeting_id: uuid.UUID, data: dict,
                   item_id: uuid.UUID | None = None) -> Item:
    """A new item on the meeting's agenda, without committing: an event handler commits it
    with its inbox row. `item_id` lets another service name the item it asked for."""
    meeting = managed_meeting(uow.session, principal, meeting_id)
    require_agenda_editable(meeting)
    _check_content(meeting, data)
    data = with_defaults(meeting, data)
    item = Item(
        id=item_id or uuid.uuid4(),
        municipality_id=meeting.committee.municipality_id,
        owner_committee=meeting.committee,
        **{key: data[key] for key in CONTENT_FIELDS if key in data},
    )
    uow.session.add(item)
    _insert_at(uow, meeting, item, data.get("position"))
    return item


def update_item(uow: UnitOfWork, principal: Principal, item_id: uuid.UUID, data: dict) -> Item:
    item = managed_item(uow.session, principal, item_id)
    for entry in item.entries:
        require_agenda_editable(entry.meeting)
    if item.entries:
        _check_content(item.entries[0].meeting, data)
    recommendation = data.get("recommendation")
    if recommendation is not None and recommendation.get("intro") is None:
        kept = (item.recommendation or {}).get("intro")
        if kept is None and item.entries:
            kept = recommendation_intro(municipality_template(item.entries[0].meeting.committee.municipality))
        data = {**data, "recommendation": {**recommendation, "intro": kept or ""}}
    for key in CONTENT_FIELDS:
        if key in data:
            setattr(item, key, data[key])
    uow.commit()
    return item


def remove_item(uow: UnitOfWork, principal: Principal, meeting_id: uuid.UUID, item_id: uuid.UUID) -> None:
    meeting = managed_meeting(uow.session, principal, meeting_id)
    require_agenda_editable(meeting)
    entry = next((e for e in meeting.entries if e.item_id == item_id), None)
    if entry is None:
        raise Invalid("Punktet står ikke på dette møde.", {"item_id": ["Punktet står ikke på mødet."]})
    item = entry.item
    placed_elsewhere = any(other is not entry for other in item.entries)
    meeting.entries.remove(entry)
    # Out of both collections, so the entry is deleted once, not again by the item's cascade.
    item.entries.remove(entry)
    _renumber(meeting.entries)
    if not placed_elsewhere:
        uow.session.delete(item)
    uow.commit()


def reorder_items(uow: UnitOfWork, principal: Principal, meeting_id: uuid.UUID, item_ids: list[uuid.UUID]) -> Meeting:
    meeting = managed_meeting(uow.session, principal, meeting_id)
    require_agenda_editable(meeting)
    by_item = {entry.item_id: entry for entry in meeting.entries}
    if len(item_ids) != len(set(item_ids)) or set(item_ids) != set(by_item):
        raise Invalid(
            "Rækkefølgen skal nævne hvert punkt på mødet én gang.",
            {"item_ids": ["Angiv alle mødets punkter, hvert én gang."]},
        )
    entries = [by_item[item_id] for item_id in item_ids]
    _renumber(entries)
    meeting.entries = entries
    uow.commit()
    return meeting


def place_item(
    uow: UnitOfWork, principal: Principal, item_id: uuid.UUID, meeting_id: uuid.UUID, position: int | None = None
) -> Item:
    """Put an item before another committee's meeting too: each decides on its own date."""
    item = managed_item(uow.session, principal, item_id)
    meeting = managed_meeting(uow.session, principal, meeting_id)
    require_agenda_editable(meeting)
    if meeting.committee.municipality_id != item.municipality_id:
        raise Invalid("Mødet hører til en anden kommune.", {"meeting_id": ["Vælg et møde i samme kommune."]})
    if any(entry.meeting_id == meeting.id for entry in item.entries):
        raise Conflict("Punktet står allerede på det møde.")
    if any(entry.meeting.committee_id == meeting.committee_id for entry in item.entries):
        raise Conflict("Punktet står allerede på et møde i det udvalg.")
    _insert_at(uow, meeting, item, position)
    uow.commit()
    return item


def standing_items(meeting: Meeting) -> list[Item]:
    """The meeting's fixed items (Godkendelse af dagsorden, Meddelelser, Eventuelt ...),
    which every meeting of the committee has."""
    return [entry.item for entry in meeting.entries if entry.item.kind == "standing"]


def copy_standing_items(uow: UnitOfWork, principal: Principal, source_id: uuid.UUID, meeting_id: uuid.UUID) -> list[Item]:
    """A new meeting starts with the fixed items of an earlier one of the same committee,
    in their order; without committing."""
    source = managed_meeting(uow.session, principal, source_id)
    target = managed_meeting(uow.session, principal, meeting_id)
    if source.committee_id != target.committee_id:
        raise Invalid("Vælg et møde i samme udvalg.", {"copy_from": ["Vælg et af udvalgets møder."]})
    copied = []
    for item in standing_items(source):
        content = {key: copy.deepcopy(getattr(item, key)) for key in CONTENT_FIELDS}
        copied.append(place_new_item(uow, principal, target.id, {**content, "case_number": None}))
    return copied


def schedule_with_standing_items(uow: UnitOfWork, principal: Principal, committee_id: uuid.UUID, data: dict,
                                 source_id: uuid.UUID | None) -> Meeting:
    """Plan a meeting; with `source_id`, it starts with that meeting's fixed items."""
    meeting = add_meeting(uow, principal, committee_id, data)
    if source_id is not None:
        copy_standing_items(uow, principal, source_id, meeting.id)
    uow.commit()
    return meeting
