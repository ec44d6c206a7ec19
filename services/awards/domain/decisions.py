"""The committee's decisions on a round's item, as they arrive from the decisions service."""

from __future__ import annotations

from datetime import datetime


def is_latest_decision(recorded_at: datetime | None, latest_seen: datetime | None) -> bool:
    """Whether a decision recorded at `recorded_at` is at least as new as the latest one
    applied. A decision without a time (from before decisions carried one) counts as
    the latest: such events arrive in the order they were recorded."""
    return recorded_at is None or latest_seen is None or recorded_at >= latest_seen
