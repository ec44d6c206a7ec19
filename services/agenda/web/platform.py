"""The platform administrator's pages: the municipalities Udvalg serves, each with its
first secretary; deactivating one keeps its data and ends its users' logins."""

from __future__ import annotations

import uuid

from flask import Blueprint, flash, redirect, render_template, request, url_for
from sqlalchemy import func, select

from services.agenda.api.context import principal, public_base_url, uow
from services.agenda.models import Municipality, User
from services.agenda.operations import accounts as account_ops
from services.agenda.operations import municipalities as municipality_ops
from services.agenda.operations.access import municipality_by_slug
from services.agenda.schemas import (
    MunicipalityCreateSchema,
    MunicipalityUpdateSchema,
    UserCreateSchema,
)
from services.agenda.web.forms import AccountForm, MunicipalityForm, NewMunicipalityForm
from shared.errors import Conflict, Forbidden, Invalid, NotFound
from shared.web.forms import ConfirmForm, field_errors, schema_load

bp = Blueprint("platform", __name__, template_folder="templates", url_prefix="/admin")

_SECRETARY_FIELDS = {"name": "secretary_name", "email": "secretary_email"}
# The page holds the municipality's form too: the secretary's fields get ids of their own.
_SECRETARY_PREFIX = "sekretaer"


@bp.before_request
def administrators_only():
    caller = principal()
    if not caller.is_authenticated:
        return redirect(url_for("account.login", next=request.full_path.rstrip("?")))
    if not caller.is_admin:
        raise Forbidden("Siderne er for platformens administrator.")
    return None


@bp.get("/kommuner/")
def municipalities_page():
    with uow() as unit:
        users = dict(unit.session.execute(
            select(User.municipality_id, func.count()).where(User.active.is_(True)).group_by(User.municipality_id)).all())
        municipalities = list(unit.session.scalars(select(Municipality).order_by(Municipality.name)))
        return render_template("agenda/admin/municipalities.html", municipalities=municipalities, users=users)


def _municipality_data(form) -> dict:
    return {"name": form.name.data, "timezone": form.timezone.data, "address": form.address.data or None}


@bp.route("/kommuner/ny", methods=["GET", "POST"])
def new_municipality():
    form = NewMunicipalityForm()
    if form.validate_on_submit():
        data = schema_load(form, MunicipalityCreateSchema(), {**_municipality_data(form), "slug": form.slug.data})
        secretary = schema_load(form, UserCreateSchema(), {
            "name": form.secretary_name.data, "email": form.secretary_email.data, "role": "secretary"},
            lambda name: _SECRETARY_FIELDS.get(name, name))
        if data is not None and secretary is not None:
            with uow() as unit:
                try:
                    municipality, user, link = municipality_ops.open_municipality(
                        unit, principal(), data, secretary, public_base_url())
                except (Conflict, Invalid) as exc:
                    field_errors(form, exc, lambda name: {"email": "secretary_email"}.get(name, name))
                else:
                    return render_template("agenda/admin/created.html", municipality=municipality, user=user,
                                           link=link), 201
    status = 422 if form.errors else 200
    return render_template("agenda/admin/new_municipality.html", form=form), status


def _municipality_page(unit, municipality: Municipality, *, form=None, secretary=None, issued=None,
                       status: int = 200):
    form = form or MunicipalityForm(formdata=None, obj=municipality)
    secretaries = list(unit.session.scalars(select(User).where(
        User.municipality_id == municipality.id, User.role == "secretary").order_by(User.name)))
    return render_template("agenda/admin/municipality.html", municipality=municipality, form=form,
                           secretary=secretary or AccountForm(formdata=None, prefix=_SECRETARY_PREFIX),
                           secretaries=secretaries,
                           issued=issued, confirm=ConfirmForm()), status


@bp.route("/kommuner/<slug>", methods=["GET", "POST"])
def municipality_page(slug: str):
    with uow() as unit:
        municipality = municipality_by_slug(unit.session, slug)
        if request.method == "GET":
            return _municipality_page(unit, municipality)
        form = MunicipalityForm()
        data = schema_load(form, MunicipalityUpdateSchema(partial=True), _municipality_data(form)) \
            if form.validate_on_submit() else None
        if data is None:
            return _municipality_page(unit, municipality, form=form, status=422)
        municipality_ops.update_municipality(unit, principal(), slug, data)
        flash("Kommunens oplysninger er gemt.", "success")
    return redirect(url_for("platform.municipality_page", slug=slug))


@bp.post("/kommuner/<slug>/sekretaerer")
def add_secretary(slug: str):
    with uow() as unit:
        municipality = municipality_by_slug(unit.session, slug)
        form = AccountForm(prefix=_SECRETARY_PREFIX)
        data = schema_load(form, UserCreateSchema(), {
            "name": form.name.data, "email": form.email.data, "role": "secretary"}) if form.validate_on_submit() else None
        if data is None:
            return _municipality_page(unit, municipality, secretary=form, status=422)
        try:
            user, link = account_ops.create_user(unit, principal(), slug, data, public_base_url())
        except (Conflict, Invalid) as exc:
            field_errors(form, exc)
            return _municipality_page(unit, municipality, secretary=form, status=exc.status)
        return _municipality_page(unit, municipality, issued=(user, link), status=201)


@bp.post("/kommuner/<slug>/brugere/<uuid:user_id>/link")
def new_link(slug: str, user_id: uuid.UUID):
    with uow() as unit:
        municipality = municipality_by_slug(unit.session, slug)
        if not ConfirmForm().validate_on_submit():
            return _municipality_page(unit, municipality, status=400)
        try:
            user, link = account_ops.issue_password_link(unit, principal(), user_id, public_base_url())
        except (Conflict, NotFound) as exc:
            flash(exc.detail, "error")
            return redirect(url_for("platform.municipality_page", slug=slug))
        return _municipality_page(unit, municipality, issued=(user, link))


@bp.post("/kommuner/<slug>/status")
def set_active(slug: str):
    if request.form.get("aktiv") not in ("ja", "nej"):
        raise Invalid("Vælg om kommunen skal være aktiv.")
    active = request.form["aktiv"] == "ja"
    with uow() as unit:
        if ConfirmForm().validate_on_submit():
            municipality_ops.set_municipality_active(unit, principal(), slug, active)
            flash("Kommunen er genaktiveret. Brugerne kan logge ind igen." if active else
                  "Kommunen er deaktiveret. Dens brugere er logget ud og kan ikke logge ind; data er bevaret.",
                  "success")
    return redirect(url_for("platform.municipality_page", slug=slug))
