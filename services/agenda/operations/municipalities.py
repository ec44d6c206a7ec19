"""Registering municipalities and changing their agenda settings."""

from __future__ import annotations

from sqlalchemy import select

from services.agenda.domain.rules import DEFAULT_SECTION_TEMPLATE, template_to_dicts
from services.agenda.models import Municipality
from services.agenda.operations.access import managed_municipality
from services.agenda.presenters import municipality_data
from shared.auth import Principal
from shared.db.uow import UnitOfWork
from shared.errors import Conflict, Forbidden


def _announce(uow: UnitOfWork, municipality: Municipality, event_type: str) -> None:
    uow.session.flush()
    uow.publish(event_type, {"municipality": municipality_data(municipality)},
                subject=f"municipalities/{municipality.slug}")


def register_municipality(uow: UnitOfWork, principal: Principal, data: dict) -> Municipality:
    if not principal.is_admin:
        raise Forbidden("Kun en administrator kan oprette kommuner.")
    if uow.session.scalar(select(Municipality).where(Municipality.slug == data["slug"])):
        raise Conflict("Der findes allerede en kommune med den kortform.", {"slug": ["Kortformen er optaget."]})
    municipality = Municipality(
        slug=data["slug"],
        name=data["name"],
        timezone=data.get("timezone", "Europe/Copenhagen"),
        agenda_rules=data.get("agenda_rules") or {},
        section_template=data.get("section_template") or template_to_dicts(DEFAULT_SECTION_TEMPLATE),
    )
    uow.session.add(municipality)
    _announce(uow, municipality, "agenda.municipality.registered.v1")
    uow.commit()
    return municipality


def update_municipality(uow: UnitOfWork, principal: Principal, slug: str, data: dict) -> Municipality:
    municipality = managed_municipality(uow.session, principal, slug)
    for key in ("name", "timezone", "agenda_rules"):
        if key in data:
            setattr(municipality, key, data[key])
    if data.get("section_template"):
        municipality.section_template = data["section_template"]
    _announce(uow, municipality, "agenda.municipality.updated.v1")
    uow.commit()
    return municipality
