"""The secretariat's user accounts: a login for a secretary or a committee member, made
with a one-time link shown on the page (nobody types another's password), deactivated
when someone leaves, which ends their open sessions at once."""

from __future__ import annotations

import uuid

from flask import Blueprint, flash, redirect, render_template, request, url_for

from services.agenda.api.context import principal, public_base_url, uow
from services.agenda.models import Member
from services.agenda.operations import accounts as account_ops
from services.agenda.operations.access import managed_user
from services.agenda.schemas import UserCreateSchema, UserUpdateSchema
from services.agenda.web.forms import NewUserForm, UserRoleForm
from services.agenda.web.setup import municipality_secretaries_only, own_municipality
from shared.errors import Conflict, Forbidden, Invalid, NotFound
from shared.web.forms import ConfirmForm, field_errors, options, schema_load

bp = Blueprint("users", __name__, template_folder="templates", url_prefix="/sekretariat/brugere")
bp.before_request(municipality_secretaries_only)

ROLES = {"secretary": "Sekretær", "member": "Udvalgsmedlem", "admin": "Administrator"}


def _member_choices(session, municipality_id, keep=None) -> list:
    members = account_ops.members_without_account(session, municipality_id)
    if keep is not None and keep not in members:
        members.insert(0, keep)
    return options([("", "Ingen (sekretær)")] + [(m.id, m.name) for m in members])


def _users_page(unit, form=None, issued=None, status: int = 200):
    municipality = own_municipality(unit.session)
    if form is None:
        form = NewUserForm(formdata=None)
    form.member_id.choices = _member_choices(unit.session, municipality.id)
    users = account_ops.list_users(unit.session, principal(), municipality.slug)
    return render_template("agenda/users/users.html", municipality=municipality, users=users, form=form,
                           roles=ROLES, issued=issued), status


@bp.get("/")
def users_page():
    with uow() as unit:
        return _users_page(unit)


def _member_id(form) -> str | None:
    return form.member_id.data or None if form.role.data == "member" else None


@bp.post("/")
def create_user():
    with uow() as unit:
        municipality = own_municipality(unit.session)
        form = NewUserForm()
        data = schema_load(form, UserCreateSchema(), {
            "name": form.name.data, "email": form.email.data, "role": form.role.data,
            "member_id": _member_id(form)}) if form.validate_on_submit() else None
        if data is None:
            return _users_page(unit, form, status=422)
        try:
            user, link = account_ops.create_user(unit, principal(), municipality.slug, data, public_base_url())
        except (Conflict, Invalid, NotFound) as exc:
            field_errors(form, exc)
            return _users_page(unit, form, status=exc.status)
        return _users_page(unit, issued=(user, link), status=201)


def _user_page(unit, user, *, form=None, issued=None, status: int = 200):
    if form is None:
        form = UserRoleForm(formdata=None, role=user.role, member_id=str(user.member_id or ""), name=user.name)
    linked = unit.session.get(Member, user.member_id) if user.member_id else None
    form.member_id.choices = _member_choices(unit.session, user.municipality_id, linked)
    return render_template("agenda/users/user.html", user=user, form=form, roles=ROLES, issued=issued,
                           confirm=ConfirmForm(), own=user.id == principal().user_id), status


@bp.route("/<uuid:user_id>", methods=["GET", "POST"])
def user_page(user_id: uuid.UUID):
    with uow() as unit:
        user = managed_user(unit.session, principal(), user_id)
        if request.method == "GET":
            return _user_page(unit, user)
        form = UserRoleForm()
        data = schema_load(form, UserUpdateSchema(), {
            "name": form.name.data, "role": form.role.data,
            "member_id": _member_id(form)}) if form.validate_on_submit() else None
        if data is None:
            return _user_page(unit, user, form=form, status=422)
        try:
            account_ops.update_user(unit, principal(), user_id, data)
        except (Conflict, Invalid, NotFound, Forbidden) as exc:
            rest = field_errors(form, exc)
            if rest or not exc.errors:
                flash(exc.detail, "error")
            return _user_page(unit, user, form=form, status=exc.status)
        flash("Brugeren er gemt. En ændret rolle gælder fra næste login; brugeren er logget ud.", "success")
    return redirect(url_for("users.user_page", user_id=user_id))


@bp.post("/<uuid:user_id>/aktiv")
def set_active(user_id: uuid.UUID):
    if request.form.get("aktiv") not in ("ja", "nej"):
        raise Invalid("Vælg om brugeren skal være aktiv.")
    active = request.form["aktiv"] == "ja"
    with uow() as unit:
        if ConfirmForm().validate_on_submit():
            try:
                account_ops.update_user(unit, principal(), user_id, {"active": active})
            except Forbidden as exc:
                flash(exc.detail, "error")
            else:
                flash("Brugeren er aktiv igen og kan logge ind." if active else
                      "Brugeren er deaktiveret og logget ud overalt.", "success")
    return redirect(url_for("users.user_page", user_id=user_id))


@bp.post("/<uuid:user_id>/link")
def new_link(user_id: uuid.UUID):
    with uow() as unit:
        user = managed_user(unit.session, principal(), user_id)
        if not ConfirmForm().validate_on_submit():
            return _user_page(unit, user, status=400)
        try:
            user, link = account_ops.issue_password_link(unit, principal(), user_id, public_base_url())
        except Conflict as exc:
            flash(exc.detail, "error")
            return redirect(url_for("users.user_page", user_id=user_id))
        return _user_page(unit, user, issued=(user, link))
