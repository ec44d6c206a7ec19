"""Signing the approved minutes: the member's page (the whole referat, then the signature,
plain or with a reservation), and the secretariat's reminder."""

from __future__ import annotations

import uuid
from urllib.parse import quote

from flask import Blueprint, flash, redirect, render_template, request, url_for

from services.decisions.documents.snapshot import document_from_dict
from services.decisions.operations import signoff as ops
from services.decisions.operations.access import managed_meeting, meeting
from services.decisions.operations.minutes import latest_approved
from services.decisions.web.forms import reservation_form
from shared import housestyle
from shared.api.app import request_uow as uow
from shared.auth.session import principal_from_session
from shared.errors import Conflict, Forbidden, Invalid
from shared.web import service_url
from shared.web.forms import ConfirmForm, field_errors

bp = Blueprint("signoff", __name__, template_folder="templates")


def _login_redirect():
    """To the shared login page (the agenda service's), and back here afterwards."""
    here = request.script_root + request.path
    return redirect(service_url("agenda", "/login") + "?next=" + quote(here, safe="/"))


def _signing(unit, meeting_id: uuid.UUID):
    """The meeting and the caller's part in signing it; Forbidden unless they were present."""
    caller = principal_from_session()
    found = meeting(unit.session, meeting_id)
    signing = ops.signing_for(unit.session, caller, found)
    if caller.member_id is None:
        raise Forbidden("Kun udvalgets medlemmer underskriver referatet. Log ind med din medlemskonto.")
    if signing.line is None:
        raise Forbidden("Du deltog ikke i mødet, så du skal ikke underskrive referatet.")
    return found, signing


def _page(unit, found, signing, *, form=None, status=200):
    approved = latest_approved(unit.session, found.id)
    document = None
    if approved is not None and signing.state == "approved":
        document = document_from_dict(approved.document, approved_at=approved.approved_at)
    return render_template(
        "decisions/signoff.html", meeting=found, signing=signing, document=document, version=approved,
        sign_form=ConfirmForm(), reservation_form=form or reservation_form(found.items),
        reservation_line=ops.reservation_line, hs=housestyle,
    ), status


@bp.get("/referat/<uuid:meeting_id>/underskrift")
def signing_page(meeting_id: uuid.UUID):
    if not principal_from_session().is_authenticated:
        return _login_redirect()
    with uow() as unit:
        found, signing = _signing(unit, meeting_id)
        return _page(unit, found, signing)


def _signed(meeting_id: uuid.UUID, message: str):
    flash(message, "success")
    return redirect(url_for("signoff.signing_page", meeting_id=meeting_id) + "#underskrift", 303)


@bp.post("/referat/<uuid:meeting_id>/underskrift")
def sign(meeting_id: uuid.UUID):
    if not principal_from_session().is_authenticated:
        return _login_redirect()
    with uow() as unit:
        found, signing = _signing(unit, meeting_id)
        if not ConfirmForm().validate_on_submit():
            return _page(unit, found, signing, status=400)
        try:
            ops.sign(unit, principal_from_session(), meeting_id)
        except Conflict as exc:
            flash(exc.detail, "error")
            return redirect(url_for("signoff.signing_page", meeting_id=meeting_id), 303)
    return _signed(meeting_id, "Du har underskrevet referatet. Tak.")


@bp.post("/referat/<uuid:meeting_id>/underskrift/forbehold")
def sign_with_reservation(meeting_id: uuid.UUID):
    if not principal_from_session().is_authenticated:
        return _login_redirect()
    with uow() as unit:
        found, signing = _signing(unit, meeting_id)
        form = reservation_form(found.items, formdata=request.form)
        if not form.validate():
            return _page(unit, found, signing, form=form, status=422)
        try:
            ops.sign(unit, principal_from_session(), meeting_id,
                     {"item_id": form.item_id.data, "text": form.text.data})
        except Invalid as exc:
            field_errors(form, exc)
            return _page(unit, found, signing, form=form, status=422)
        except Conflict as exc:
            flash(exc.detail, "error")
            return redirect(url_for("signoff.signing_page", meeting_id=meeting_id), 303)
    return _signed(meeting_id, "Du har underskrevet referatet med forbehold. Sekretariatet kan se dit forbehold.")


@bp.post("/sekretariat/moeder/<uuid:meeting_id>/underskrifter/paamind")
def remind(meeting_id: uuid.UUID):
    caller = principal_from_session()
    if not caller.is_authenticated:
        raise Forbidden("Log ind som sekretær for kommunen.")
    back = url_for("minutes.meeting_page", meeting_id=meeting_id) + "#underskrifter"
    with uow() as unit:
        managed_meeting(unit.session, caller, meeting_id)
        if not ConfirmForm().validate_on_submit():
            flash("Siden var forældet. Prøv igen.", "error")
            return redirect(back, 303)
        try:
            reminded = ops.remind(unit, caller, meeting_id)
        except Conflict as exc:
            flash(exc.detail, "error")
        else:
            names = ", ".join(signer.name for signer in reminded)
            flash(f"Påmindelsen er sendt til {len(reminded)} {'medlem' if len(reminded) == 1 else 'medlemmer'}: "
                  f"{names}.", "success")
    return redirect(back, 303)
