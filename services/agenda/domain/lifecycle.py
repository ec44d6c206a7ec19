"""A meeting's life: what its state is called, and what may still change in each state.

The meeting's status is the agenda service's (planned, published, held, cancelled); the
minutes' state is the decisions service's, learnt from its events (approved, or being
corrected). Together they say what the secretariat may do and what the lists show.
"""

from __future__ import annotations

from datetime import date

# One key per state a list shows, most advanced first.
STATE_NAMES = {
    "cancelled": "Aflyst",
    "minutes_approved": "Referat godkendt",
    "minutes_correcting": "Referat under rettelse",
    "held": "Afholdt",
    "published": "Dagsorden offentliggjort",
    "planned": "Planlagt",
}


def meeting_state(status: str, minutes_state: str | None) -> str:
    """The state a list shows: the minutes' state wins once the meeting has minutes."""
    if status == "cancelled":
        return "cancelled"
    if minutes_state == "approved":
        return "minutes_approved"
    if minutes_state == "correcting":
        return "minutes_correcting"
    return status


def agenda_change_refusal(status: str, minutes_state: str | None) -> str | None:
    """Why the agenda's items cannot be changed now (Danish), or None.

    Until the minutes are approved the agenda may change, also after the meeting (a
    correction published as a new version reaches the minutes). Approved minutes are
    locked: a change starts with a correction of the minutes."""
    if status == "cancelled":
        return "Mødet er aflyst, så dagsordenen kan ikke ændres. Genoptag mødet først."
    if minutes_state == "approved":
        return ("Referatet er godkendt og låst. Vælg »Ret referatet« og skriv hvorfor; derefter kan punktet "
                "rettes og dagsordenen offentliggøres igen.")
    return None


def reschedule_refusal(status: str, minutes_state: str | None) -> str | None:
    """Why the meeting cannot be moved (Danish), or None: only a meeting still to be held moves."""
    if status == "cancelled":
        return "Mødet er aflyst. Genoptag det først, hvis det skal holdes på en anden dag."
    if status == "held" or minutes_state is not None:
        return "Mødet er holdt, så det kan ikke flyttes. Ret beslutningernes datoer i referatet, hvis de er forkerte."
    return None


def shifted(day: date, old: date, new: date) -> date:
    """A day tied to a meeting, after the meeting moved from `old` to `new` (same distance)."""
    return day + (new - old)
