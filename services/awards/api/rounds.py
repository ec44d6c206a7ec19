"""A municipality's award rounds, as the public may see them: the winner only after the ceremony."""

from __future__ import annotations

from flask_smorest import Blueprint

from services.awards.operations.access import municipality_by_slug
from services.awards.operations.rounds import public_winners, rounds_of
from services.awards.schemas import RoundSchema
from shared.api.app import request_uow

blp = Blueprint("rounds", __name__, url_prefix="/api/v1", description="Virksomhedsprisens runder")


@blp.route("/municipalities/<slug>/rounds", methods=["GET"])
@blp.response(200, RoundSchema(many=True))
def list_rounds(slug: str):
    with request_uow() as unit:
        municipality = municipality_by_slug(unit.session, slug)
        rounds = rounds_of(unit.session, municipality.id)
        winners = public_winners(unit.session, rounds)
        return [{"round": round_, "winner": winners[round_.id],
                 "winner_reason": round_.winner_reason if winners[round_.id] is not None else None}
                for round_ in rounds]
