"""A municipality's award rounds, as the public may see them: the winner only after the ceremony."""

from __future__ import annotations

from flask_smorest import Blueprint

from services.awards.domain.window import winner_is_public
from services.awards.models import Nomination
from services.awards.operations.access import municipality_by_slug
from services.awards.operations.rounds import local_today, rounds_of
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
            public = round_.state == "decided" and winner_is_public(round_.ceremony_on, local_today(round_))
            winner = unit.session.get(Nomination, round_.winner_id) if public else None
            result.append({"round": round_, "winner": winner, "winner_reason": round_.winner_reason if public else None})
        return result
