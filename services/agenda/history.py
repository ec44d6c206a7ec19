"""The meeting history the secretariat reads (who planned, moved, cancelled, published,
held, decided, approved, corrected, and when): which events it is made of and how each
is told in Danish. The decisions service's events come in through the agenda service's
own consumer; nothing here reads another service's tables."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from services.agenda.models import Item, history_table
from shared.danish import long_meeting_datetime, short_date
from shared.history import HistoryBook


def _when(meeting: dict[str, Any]) -> str:
    return f"{long_meeting_datetime(datetime.fromisoformat(meeting['starts_at']))}, {meeting['place']}"


def _scheduled(_session: Session, data: dict[str, Any]):
    return data["meeting"]["id"], f"Mødet er planlagt: {_when(data['meeting'])}."


def _rescheduled(_session: Session, data: dict[str, Any]):
    return data["meeting"]["id"], f"Mødet er flyttet til {_when(data['meeting'])} (før: {_when(data['previous'])})."


def _cancelled(_session: Session, data: dict[str, Any]):
    reason = f" Begrundelse: {data['reason']}" if data.get("reason") else ""
    return data["meeting"]["id"], f"Mødet er aflyst.{reason}"


def _held(_session: Session, data: dict[str, Any]):
    return data["meeting"]["id"], "Mødet er markeret som afholdt."


def _published(_session: Session, data: dict[str, Any]):
    return data["meeting"]["id"], f"Dagsordenen er offentliggjort (version {data['version']})."


def _decided(session: Session, data: dict[str, Any]):
    item = session.get(Item, uuid.UUID(data["item_id"]))
    title = f"»{item.title}«" if item is not None else "et punkt"
    return data["meeting_id"], f"Beslutningen på {title} er skrevet ({short_date(date.fromisoformat(data['decided_on']))})."


def _approved(_session: Session, data: dict[str, Any]):
    if data["version"] == 1:
        return data["meeting_id"], "Referatet er godkendt (version 1)."
    reason = f" Begrundelse: {data['correction_reason']}" if data.get("correction_reason") else ""
    return data["meeting_id"], f"Referatet er rettet og godkendt som version {data['version']}.{reason}"


def _reopened(_session: Session, data: dict[str, Any]):
    return data["meeting_id"], f"Referatet (version {data['version']}) er åbnet for rettelse. Begrundelse: {data['reason']}"


def _signatures_requested(_session: Session, data: dict[str, Any]):
    asked = len(data["member_ids"])
    whom = f"{asked} {'medlem' if asked == 1 else 'medlemmer'}"
    if data["reminder"]:
        return data["meeting_id"], f"Påmindelse om at underskrive referatet (version {data['version']}) sendt til {whom}."
    return data["meeting_id"], f"{whom.capitalize()} er bedt om at underskrive referatet (version {data['version']})."


def _signed(_session: Session, data: dict[str, Any]):
    held = data.get("reservation")
    note = f" med forbehold til punkt {held['number']}" if held else ""
    return data["meeting_id"], f"{data['name']} har underskrevet referatet (version {data['version']}){note}."


MEETING_HISTORY = HistoryBook(history_table, {
    "agenda.meeting.scheduled.v1": _scheduled,
    "agenda.meeting.rescheduled.v1": _rescheduled,
    "agenda.meeting.cancelled.v1": _cancelled,
    "agenda.meeting.held.v1": _held,
    "agenda.agenda.published.v1": _published,
    "decisions.decision.recorded.v1": _decided,
    "decisions.minutes.approved.v1": _approved,
    "decisions.minutes.reopened.v1": _reopened,
    "decisions.minutes.signatures_requested.v1": _signatures_requested,
    "decisions.minutes.signed.v1": _signed,
})
