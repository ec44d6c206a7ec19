"""Registering municipalities and changing their settings, house style included."""

from __future__ import annotations

import dataclasses

from sqlalchemy import select

from services.agenda.domain.house_style import HouseStyle, house_style_problems, section_key
from services.agenda.domain.rules import (
    DEFAULT_SECTION_TEMPLATE,
    AgendaRules,
    SectionSpec,
    template_to_dicts,
)
from services.agenda.models import Municipality, User
from services.agenda.operations.access import managed_municipality, municipality_by_slug
from services.agenda.operations.accounts import IssuedLink, add_user, end_sessions, password_link
from services.agenda.presenters import house_style_of, municipality_data
from shared.auth import Principal
from shared.db.uow import UnitOfWork
from shared.errors import Conflict, Forbidden, Invalid
from shared.housestyle import DocumentStyle


def _announce(uow: UnitOfWork, municipality: Municipality, event_type: str) -> None:
    uow.session.flush()
    uow.publish(event_type, {"municipality": municipality_data(municipality)},
                subject=f"municipalities/{municipality.slug}")


def sections_from_input(entries: list[dict]) -> tuple[SectionSpec, ...]:
    """Sections as given (API or page); one without a key gets one made from its title
    (a section removed and added again under its old title finds its items' texts again)."""
    taken = {entry["key"] for entry in entries if entry.get("key")}
    sections = []
    for entry in entries:
        key = entry.get("key")
        if not key:
            key = section_key(entry["title"], taken)
            taken.add(key)
        sections.append(SectionSpec(
            key=key, title=entry["title"].strip(), kind=entry.get("kind", "text"),
            required=bool(entry.get("required", False)), public=bool(entry.get("public", True)),
            default_text=(entry.get("default_text") or "").strip(),
        ))
    return tuple(sections)


def _merged(house: HouseStyle, data: dict) -> HouseStyle:
    """The house style with what `data` gives: rules and wording field by field, the
    sections as a whole."""
    rules = AgendaRules.from_dict({**house.rules.to_dict(), **(data.get("agenda_rules") or {})})
    style = DocumentStyle.from_dict({**house.style.to_dict(), **(data.get("document_style") or {})})
    template = house.template
    if data.get("section_template"):
        template = sections_from_input(data["section_template"])
    return HouseStyle(_normalised(rules), template, style)


def _normalised(rules: AgendaRules) -> AgendaRules:
    """Blank standard items are none; a case-number example without spaces around it."""
    return dataclasses.replace(
        rules,
        first_item_title=(rules.first_item_title or "").strip() or None,
        last_item_title=(rules.last_item_title or "").strip() or None,
        case_number_example=rules.case_number_example.strip(),
    )


def _with_keys(template: tuple[SectionSpec, ...]) -> tuple[SectionSpec, ...]:
    """Sections added on the page without a key get one from their title."""
    taken = {spec.key for spec in template if spec.key}
    sections = []
    for spec in template:
        if not spec.key:
            spec = dataclasses.replace(spec, key=section_key(spec.title, taken))
            taken.add(spec.key)
        sections.append(spec)
    return tuple(sections)


def check_house_style(house: HouseStyle) -> None:
    problems = house_style_problems(house)
    if problems:
        raise Invalid("Husstilen kan ikke bruges sådan; ret felterne markeret nedenfor.", problems)


def _store(municipality: Municipality, house: HouseStyle) -> None:
    municipality.agenda_rules = house.rules.to_dict()
    municipality.section_template = template_to_dicts(house.template)
    municipality.document_style = house.style.to_dict()


def _register(uow: UnitOfWork, principal: Principal, data: dict) -> Municipality:
    if not principal.is_admin:
        raise Forbidden("Kun platformens administrator kan oprette kommuner.")
    if uow.session.scalar(select(Municipality).where(Municipality.slug == data["slug"])):
        raise Conflict("Der findes allerede en kommune med den kortform.", {"slug": ["Kortformen er optaget."]})
    house = _merged(HouseStyle(AgendaRules(), DEFAULT_SECTION_TEMPLATE, DocumentStyle()), data)
    check_house_style(house)
    municipality = Municipality(
        slug=data["slug"],
        name=data["name"],
        timezone=data.get("timezone", "Europe/Copenhagen"),
        address=data.get("address"),
    )
    _store(municipality, house)
    uow.session.add(municipality)
    _announce(uow, municipality, "agenda.municipality.registered.v1")
    return municipality


def register_municipality(uow: UnitOfWork, principal: Principal, data: dict) -> Municipality:
    municipality = _register(uow, principal, data)
    uow.commit()
    return municipality


def open_municipality(uow: UnitOfWork, principal: Principal, data: dict, secretary: dict,
                      public_base_url: str) -> tuple[Municipality, User, IssuedLink]:
    """The platform administrator's way in for a new customer: the municipality and its first
    secretary's account with a one-time link, all or nothing."""
    municipality = _register(uow, principal, data)
    user = add_user(uow, principal, municipality, {**secretary, "role": "secretary"})
    link = password_link(uow, user, public_base_url, principal.user_id)
    uow.commit()
    return municipality, user, link


def update_municipality(uow: UnitOfWork, principal: Principal, slug: str, data: dict) -> Municipality:
    municipality = managed_municipality(uow.session, principal, slug)
    for key in ("name", "timezone", "address"):
        if key in data:
            setattr(municipality, key, data[key])
    if any(key in data for key in ("agenda_rules", "section_template", "document_style")):
        house = _merged(house_style_of(municipality), data)
        check_house_style(house)
        _store(municipality, house)
    if "active" in data and data["active"] != municipality.active:
        _set_active(uow, principal, municipality, data["active"])
    _announce(uow, municipality, "agenda.municipality.updated.v1")
    uow.commit()
    return municipality


def set_municipality_active(uow: UnitOfWork, principal: Principal, slug: str, active: bool) -> Municipality:
    """Deactivating keeps every record and the public archive; the municipality's users can
    no longer log in, and their sessions and API tokens stop working at once."""
    municipality = municipality_by_slug(uow.session, slug)
    _set_active(uow, principal, municipality, active)
    uow.commit()
    return municipality


def _set_active(uow: UnitOfWork, principal: Principal, municipality: Municipality, active: bool) -> None:
    if not principal.is_admin:
        raise Forbidden("Kun platformens administrator kan deaktivere eller genaktivere en kommune.")
    municipality.active = active
    uow.session.flush()
    for user in uow.session.scalars(select(User).where(User.municipality_id == municipality.id)):
        end_sessions(uow, user)


def set_house_style(uow: UnitOfWork, principal: Principal, slug: str, house: HouseStyle) -> Municipality:
    """The house-style page's save: the whole style at once, checked first."""
    municipality = managed_municipality(uow.session, principal, slug)
    house = HouseStyle(_normalised(house.rules), _with_keys(house.template), house.style)
    check_house_style(house)
    _store(municipality, house)
    _announce(uow, municipality, "agenda.municipality.updated.v1")
    uow.commit()
    return municipality
