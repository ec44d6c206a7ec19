"""The approved minutes' decisions and attendance as the meeting page shows them."""

from __future__ import annotations

from datetime import date

from services.agenda.minutes.models import ApprovedMinutes
from shared.housestyle import DocumentStyle, participants_line, public_shows


def with_decisions(items: list[dict], minutes: ApprovedMinutes | None, style: DocumentStyle, whole: bool) -> list[dict]:
    """Each item with the decisions of the approved minutes that its reader may see: all
    of them for a reader of the whole agenda, else an open item's, and a closed item's
    when the municipality shows closed decisions to the public."""
    if minutes is None:
        return items
    return [{**item, "decisions": [_decision(block) for block in minutes.decisions.get(str(item["id"]), [])]
             if whole or public_shows(style, item["closed"], "decision") else []}
            for item in items]


def _decision(block: dict) -> dict:
    # Stored as the event's JSON: the date comes back as text.
    return {**block, "decided_on": date.fromisoformat(block["decided_on"])}


def participants_text(minutes: ApprovedMinutes, style: DocumentStyle) -> str:
    """Who attended, who sent afbud and who stood in, as the Word file lists them."""
    return participants_line(style, ((p["name"], p["absent"], p.get("substitute")) for p in minutes.participants))
