"""A municipality's award rounds, as the public may see them: the winner only after the ceremony."""

from __future__ import annotations

from flask_smorest import Blueprint

from services.awards.operations.access import municipality_by_slug
from services.awards.operations.rounds import public_winner, rounds_of
from services.awards.schemas import RoundSchema
from shared.api.app import request_uow

blp = Blueprint("rounds", __name__, url_prefix="/api/v1", description="Virksomhedsprisens runder")


@blp.route("/municipalities/<slug>/rounds", methods=["GET"])
@blp.response(200, RoundSchema(many=True))
def list_rounds(slug: str):
    with request_uow() as unit:
        municipality = municipality_by_slug(unit.session, slug)
        result = []
        for round_ in rounds_of(unit.session, municipality.id):
            winner = public_winner(unit.session, round_)
            result.append({"round": round_, "winner": winner,
                           "winner_reason": round_.winner_reason if winner is not None else None})
        return result
