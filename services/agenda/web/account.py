"""Logging in and out. The session is shared by all services' pages."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for

from services.agenda.api.context import principal, uow
from services.agenda.operations.accounts import BadCredentials, authenticate, principal_of
from services.agenda.web.forms import LoginForm
from shared.auth.session import forget, remember
from shared.web.forms import ConfirmForm

bp = Blueprint("account", __name__, template_folder="templates")


def _safe_next(target: str | None) -> str:
    # Only same-site paths: an open redirect would let a phishing link borrow our login page.
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("account.start")


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
                remember(principal_of(user))
                return redirect(_safe_next(request.args.get("next")))
    return render_template("agenda/login.html", form=form, error=error), (401 if error else 200)


@bp.post("/logout")
def logout():
    if ConfirmForm().validate_on_submit():
        forget()
    return redirect(url_for("account.login"))


@bp.get("/start")
def start():
    """Where a login lands: the secretariat's meetings, a member's own page."""
    caller = principal()
    if not caller.is_authenticated:
        return redirect(url_for("account.login"))
    if caller.role in ("secretary", "admin"):
        return redirect(url_for("secretariat.meetings_page"))
    return render_template("agenda/start.html", caller=caller, logout_form=ConfirmForm())
