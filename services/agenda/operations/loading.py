"""What pages, the API and publishing read of a meeting, loaded in a fixed number of
statements however long its agenda is: loader options for the queries that fetch it."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from services.agenda.models import AgendaEntry, Committee, Item, Meeting

# The meeting's committee and municipality (rules, template, time zone), then in one more
# statement its entries with their items, each item's files and owner, and the meetings a
# shared item stands on. Joined, not "selectin": that one splits a long agenda's items into
# batches of 500, a statement each.
AGENDA = (
    joinedload(Meeting.committee).joinedload(Committee.municipality),
    selectinload(Meeting.entries).joinedload(AgendaEntry.item).options(
        joinedload(Item.owner_committee),
        joinedload(Item.files),
        joinedload(Item.entries).joinedload(AgendaEntry.meeting).joinedload(Meeting.committee),
    ),
)


def with_agenda(session: Session, meeting: Meeting) -> Meeting:
    """The meeting (already loaded) with its whole agenda loaded in bulk."""
    return session.scalars(select(Meeting).where(Meeting.id == meeting.id).options(*AGENDA)).one()
