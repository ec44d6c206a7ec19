"""Logging in and out, and setting a password through a one-time link. The login session
is shared by all services' pages."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, flash, make_response, redirect, render_template, request, url_for

from services.agenda.api.context import principal, uow
from services.agenda.minutes import signatures
from services.agenda.operations.accounts import (
    MIN_PASSWORD_LENGTH,
    BadCredentials,
    authenticate,
    log_out,
    set_password,
    user_for_password_link,
)
from services.agenda.operations.member_start import member_start
from services.agenda.web.forms import ROLE_LABELS, LoginForm, SetPasswordForm
from shared.auth.session import forget, remember
from shared.errors import Invalid, NotFound
from shared.web.forms import ConfirmForm, field_errors
from shared.web.redirects import local_target

bp = Blueprint("account", __name__, template_folder="templates")


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        with uow() as unit:
            try:
                user = authenticate(unit.session, form.email.data, form.password.data)
            except BadCredentials as exc:
                error = exc.detail
            else:
                remember(user.id, user.session_generation)
                return redirect(local_target(request.args.get("next")) or url_for("account.start"))
    return render_template("agenda/login.html", form=form, error=error), (401 if error else 200)


@bp.post("/logout")
def logout():
    """Ends every login session of the account, in every service (a copied cookie too)."""
    caller = principal()
    if ConfirmForm().validate_on_submit():
        if caller.is_authenticated and caller.user_id:
            with uow() as unit:
                log_out(unit, caller.user_id)
        forget()
    return redirect(url_for("account.login"))


@bp.get("/start")
def start():
    """Where a login lands: the secretariat's meetings, the administrator's municipalities,
    a member's own page."""
    caller = principal()
    if not caller.is_authenticated:
        return redirect(url_for("account.login"))
    if caller.is_admin:
        return redirect(url_for("platform.municipalities_page"))
    if caller.role == "secretary":
        return redirect(url_for("secretariat.meetings_page"))
    if caller.member_id is None:
        return render_template("agenda/start.html", caller=caller, overview=None)
    with uow() as unit:
        return render_template("agenda/start.html", caller=caller, roles=ROLE_LABELS,
                               overview=member_start(unit.session, caller.member_id, date.today()),
                               signatures_waiting=signatures.waiting_for(unit.session, caller.member_id))


@bp.route("/adgangskode/<token>", methods=["GET", "POST"])
def set_password_page(token: str):
    """The one-time link: the user chooses a password, and is logged in with it."""
    with uow() as unit:
        try:
            user = user_for_password_link(unit.session, token)
        except NotFound as exc:
            return render_template("agenda/password_link_used.html", detail=exc.detail), 404
        form = SetPasswordForm()
        if form.validate_on_submit():
            try:
                user = set_password(unit, token, form.password.data)
            except Invalid as exc:
                field_errors(form, exc)
            else:
                remember(user.id, user.session_generation)
                flash("Din adgangskode er gemt, og du er logget ind.", "success")
                return redirect(url_for("account.start"))
        response = make_response(render_template("agenda/set_password.html", form=form, user=user,
                                                 min_length=MIN_PASSWORD_LENGTH), 422 if form.errors else 200)
        # The address is a key: no cache keeps the page.
        response.headers["Cache-Control"] = "no-store"
        return response
