"""The municipalities known to the awards service (from the agenda service's events)."""

from __future__ import annotations

from flask_smorest import Blueprint
from sqlalchemy import select

from services.awards.models import MunicipalityCopy
from services.awards.schemas import MunicipalitySchema
from shared.api.app import request_uow

blp = Blueprint("municipalities", __name__, url_prefix="/api/v1", description="Kommuner")


@blp.route("/municipalities", methods=["GET"])
@blp.response(200, MunicipalitySchema(many=True))
def list_municipalities():
    with request_uow() as unit:
        return list(unit.session.scalars(select(MunicipalityCopy).order_by(MunicipalityCopy.name)))
