"""An award round's history for the secretariat: what the awards service did to the
round (created, changed, nominations rejected, merged or restored, closed, ceremony set)
and the winner the committee chose, learnt from the decisions service's event."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from services.awards.models import history_table
from shared.danish import long_date
from shared.history import HistoryBook


def _closed(_session: Session, data: dict[str, Any]):
    return data["round_id"], (f"Runden er lukket med {data['nominations_received']} gyldige indstillinger; "
                              f"{len(data['shortlist'])} kandidater er sendt til udvalgets møde.")


def _ceremony(_session: Session, data: dict[str, Any]):
    return data["round_id"], f"Prisoverrækkelsen er sat til {long_date(date.fromisoformat(data['date']))}."


def _winner(_session: Session, data: dict[str, Any]):
    winner = data.get("award_winner")
    if not winner:
        return None
    return winner["round_id"], f"Udvalget har valgt vinderen: {winner['company_name']} (CVR {winner['cvr']})."


ROUND_HISTORY = HistoryBook(history_table, {
    "awards.round.closed.v1": _closed,
    "awards.ceremony.scheduled.v1": _ceremony,
    "decisions.decision.recorded.v1": _winner,
})
