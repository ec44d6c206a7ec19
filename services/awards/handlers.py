"""Event handlers: the awards service keeps its own list of municipalities."""

from __future__ import annotations

from services.awards.models import MunicipalityCopy
from shared.db.uow import UnitOfWork
from shared.events import Envelope


def municipality_changed(uow: UnitOfWork, event: Envelope) -> None:
    data = event.data["municipality"]
    copy = uow.session.get(MunicipalityCopy, data["id"]) or MunicipalityCopy(id=data["id"])
    copy.slug, copy.name, copy.timezone = data["slug"], data["name"], data["timezone"]
    uow.session.add(copy)


HANDLERS = {
    "agenda.municipality.registered.v1": municipality_changed,
    "agenda.municipality.updated.v1": municipality_changed,
}
