"""Municipalities (tenants) and their agenda settings."""

from __future__ import annotations

from flask_smorest import Blueprint

from services.agenda.api.context import principal, uow
from services.agenda.operations import municipalities, queries
from services.agenda.operations.access import municipality_by_slug
from services.agenda.schemas import (
    MunicipalityCreateSchema,
    MunicipalitySchema,
    MunicipalityUpdateSchema,
)

blp = Blueprint("municipalities", __name__, url_prefix="/api/v1", description="Kommuner")


@blp.route("/municipalities", methods=["GET"])
@blp.response(200, MunicipalitySchema(many=True))
def list_municipalities():
    with uow() as unit:
        return queries.list_municipalities(unit.session)


@blp.route("/municipalities", methods=["POST"])
@blp.arguments(MunicipalityCreateSchema)
@blp.response(201, MunicipalitySchema)
def register(data):
    """Register a municipality (administrators only)."""
    with uow() as unit:
        return municipalities.register_municipality(unit, principal(), data)


@blp.route("/municipalities/<slug>", methods=["GET"])
@blp.response(200, MunicipalitySchema)
def get(slug: str):
    with uow() as unit:
        return municipality_by_slug(unit.session, slug)


@blp.route("/municipalities/<slug>", methods=["PATCH"])
@blp.arguments(MunicipalityUpdateSchema(partial=True))
@blp.response(200, MunicipalitySchema)
def update(data, slug: str):
    """Change name, time zone, agenda rules or section template."""
    with uow() as unit:
        return municipalities.update_municipality(unit, principal(), slug, data)
