"""Årshjul entries in the words the pages use."""

from __future__ import annotations

from services.agenda.calendar.models import WheelEntry
from shared.danish import month_name, short_date


def entry_when(entry: WheelEntry) -> str:
    """'05-02-2020 kl. 17:00', '05-02-2020', or 'februar 2020' for an entry with only a month."""
    if entry.date is None:
        return f"{month_name(entry.month)} {entry.year}"
    when = short_date(entry.date)
    return f"{when} kl. {entry.start_time:%H:%M}" if entry.start_time else when
