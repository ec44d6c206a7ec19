"""The public pages: a municipality's award, a round (the winner once the ceremony is
over), the nomination form and its receipt. No login."""

from __future__ import annotations

import uuid

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from sqlalchemy import select

from services.awards.config import MAX_ATTACHMENT_BYTES
from services.awards.domain.consent import consent_statement
from services.awards.domain.window import WindowState, window_state
from services.awards.models import AwardRound
from services.awards.operations.access import municipality_by_slug, public_round, sits_on
from services.awards.operations.nominations import (
    NominationInput,
    WindowClosed,
    nomination_by_submission,
    submit_nomination,
)
from services.awards.operations.receipts import receipt_status
from services.awards.operations.rounds import open_round, public_winner, public_winners
from services.awards.web.context import options, principal, receipts
from services.awards.web.forms import nomination_form, reasons_of
from shared.api.app import request_uow as uow
from shared.db.types import utcnow
from shared.errors import Invalid, NotFound
from shared.log import get_logger
from shared.uploads import JPEG, PDF, PNG, checked_upload
from shared.web.forms import field_errors

log = get_logger(__name__)

bp = Blueprint("public", __name__, template_folder="templates", url_prefix="/virksomhedspris")
# The form has its own blueprint: the app puts the per-client rate limit on it.
form_bp = Blueprint("nomination", __name__, template_folder="templates", url_prefix="/virksomhedspris")

ATTACHMENT_TYPES = (PDF, PNG, JPEG)


@bp.get("/<slug>/")
def municipality_page(slug: str):
    with uow() as unit:
        municipality = municipality_by_slug(unit.session, slug)
        current = open_round(unit.session, municipality.id)
        earlier = list(unit.session.scalars(select(AwardRound).where(
            AwardRound.municipality_id == municipality.id, AwardRound.state != "open").order_by(AwardRound.year.desc())))
        winners = public_winners(unit.session, earlier)
        return render_template("awards/public/municipality.html", municipality=municipality, current=current,
                               earlier=[(r, winners[r.id]) for r in earlier], now=utcnow())


@bp.get("/<slug>/<year:year>/")
def round_page(slug: str, year: int):
    with uow() as unit:
        round_ = public_round(unit.session, slug, year)
        state = window_state(round_.opens_at, round_.closes_at, utcnow(), round_open=round_.state == "open")
        return render_template("awards/public/round.html", round_=round_, state=state,
                               winner=public_winner(unit.session, round_), scorer=sits_on(round_.committee, principal()))


def _closed_page(round_: AwardRound, state: WindowState, status: int):
    return render_template("awards/public/window.html", round_=round_, state=state), status


@form_bp.route("/<slug>/<year:year>/indstil", methods=["GET", "POST"])
def nominate(slug: str, year: int):
    submitted = request.method == "POST"
    with uow() as unit:
        round_ = public_round(unit.session, slug, year)
        now = utcnow()
        state = window_state(round_.opens_at, round_.closes_at, now, round_open=round_.state == "open")
        if state is not WindowState.OPEN:
            return _closed_page(round_, state, 409 if submitted else 200)
        if submitted:
            # The form is public: no login session makes the app check the token, so check it here.
            current_app.extensions["csrf"].protect()
        form = nomination_form(round_, submitted)
        consent = consent_statement(round_.municipality.name, options().personal_data_months)
        if not submitted:
            form.submission_id.data = str(uuid.uuid4())
            return _form_page(round_, form, consent, 200)
        if form.website.data:
            log.warning("awards.honeypot_filled", round_id=str(round_.id))
            return render_template("awards/public/thanks.html", round_=round_)
        try:
            submission_id = uuid.UUID(form.submission_id.data or "")
        except ValueError:
            form.submission_id.data = str(uuid.uuid4())
            return _form_page(round_, form, consent, 400,
                              "Formularen var ufuldstændig. Tjek felterne, og send den igen.")
        if not form.validate():
            return _form_page(round_, form, consent, 422)
        try:
            nomination = submit_nomination(unit, round_.id, NominationInput(
                submission_id=submission_id,
                company_name=form.company_name.data.strip(),
                cvr=form.cvr.data,
                company_address=form.company_address.data.strip(),
                reasons=reasons_of(form, len(round_.criteria)),
                nominator_name=form.nominator_name.data.strip(),
                nominator_email=form.nominator_email.data.strip(),
                nominator_phone=(form.nominator_phone.data or "").strip() or None,
                consent_text=consent,
                attachment=_attachment(form),
            ), now, receipts())
        except WindowClosed:
            return _closed_page(round_, WindowState.CLOSED, 409)
        except Invalid as exc:
            field_errors(form, exc)
            form.reason_errors = list(exc.errors.get("reasons", []))
            return _form_page(round_, form, consent, 422)
        return redirect(url_for("public.receipt", submission_id=nomination.submission_id), 303)


def _attachment(form):
    upload = form.attachment.data
    if upload is None or not upload.filename:
        return None
    return checked_upload("attachment", upload.filename, upload.read(), allowed=ATTACHMENT_TYPES,
                          max_bytes=MAX_ATTACHMENT_BYTES)


def _form_page(round_: AwardRound, form, consent: str, status: int, problem: str | None = None):
    return render_template("awards/public/nominate.html", round_=round_, form=form, consent=consent,
                           problem=problem), status


@bp.get("/kvittering/<uuid:submission_id>")
def receipt(submission_id: uuid.UUID):
    with uow() as unit:
        nomination = nomination_by_submission(unit.session, submission_id)
        if nomination is None:
            raise NotFound("Kvitteringen findes ikke.")
        response = current_app.make_response(render_template(
            "awards/public/receipt.html", nomination=nomination, round_=nomination.round,
            mail=receipt_status(unit.session, nomination)))
        # The address is the receipt's key: keep it out of shared caches.
        response.headers["Cache-Control"] = "private, no-store"
        return response
