"""The committee members' pages: each candidate's nominations (without who sent them)
and the member's points per criterion."""

from __future__ import annotations

import uuid

from flask import Blueprint, flash, redirect, render_template, request, url_for

from services.awards.domain.scoring import SCALE_HINT
from services.awards.operations import review
from services.awards.operations.access import scoring_round
from services.awards.web.context import login_redirect, principal
from services.awards.web.forms import score_form, score_values
from shared.api.app import request_uow as uow
from shared.errors import Conflict, Invalid
from shared.web.forms import field_errors

bp = Blueprint("scoring", __name__, template_folder="templates", url_prefix="/bedoemmelse")


@bp.before_request
def _login_required():
    if not principal().is_authenticated:
        return login_redirect()
    return None


@bp.get("/runder/<uuid:round_id>")
def round_page(round_id: uuid.UUID):
    with uow() as unit:
        round_ = scoring_round(unit.session, principal(), round_id)
        groups = review.candidate_groups(unit.session, round_)
        mine = review.member_scores(unit.session, principal().member_id, list(groups))
        return render_template("awards/scoring/round.html", round_=round_, groups=groups, mine=mine)


@bp.route("/kandidater/<uuid:candidate_id>", methods=["GET", "POST"])
def candidate_page(candidate_id: uuid.UUID):
    submitted = request.method == "POST"
    with uow() as unit:
        round_, nominations = review.candidate_of(unit.session, principal(), candidate_id)
        current = review.member_scores(unit.session, principal().member_id, [candidate_id]).get(candidate_id, {})
        form = score_form(round_.criteria, current, submitted)
        status = 200
        if submitted:
            status = 422
            if form.validate():
                try:
                    review.record_scores(unit, principal(), candidate_id, score_values(form, len(round_.criteria)))
                except Invalid as exc:
                    field_errors(form, exc)
                except Conflict as exc:
                    flash(exc.detail, "error")
                    return redirect(url_for("scoring.round_page", round_id=round_.id))
                else:
                    flash(f"Dine point til {nominations[0].company_name} er gemt.", "success")
                    return redirect(url_for("scoring.round_page", round_id=round_.id))
        return render_template("awards/scoring/candidate.html", round_=round_, nominations=nominations, form=form,
                               scale=SCALE_HINT), status
