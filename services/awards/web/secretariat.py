"""The secretariat's pages: rounds, the nominations (search, reject, merge), the ranked
shortlist and its annex, closing the round, and the personal-data export."""

from __future__ import annotations

import json
import uuid
from datetime import date

from flask import Blueprint, flash, redirect, render_template, request, url_for
from wtforms.fields.choices import SelectChoice

from services.awards.documents.annex import annex_filename, build_annex
from services.awards.domain.budget import budget_text
from services.awards.history import ROUND_HISTORY
from services.awards.models import AwardRound, Nomination
from services.awards.operations import review
from services.awards.operations import rounds as round_ops
from services.awards.operations.access import (
    managed_municipality,
    managed_nomination,
    managed_round,
)
from services.awards.operations.personal_data import export_for_email
from services.awards.web.context import login_redirect, principal
from services.awards.web.forms import (
    CeremonyForm,
    ExportForm,
    InvalidForm,
    MergeForm,
    RoundForm,
    ceremony_data,
)
from shared.api.app import request_uow as uow
from shared.danish import short_date
from shared.db.types import utcnow
from shared.errors import Conflict, Forbidden, Invalid, NotFound
from shared.uploads import DOCX
from shared.web import file_download
from shared.web.forms import ConfirmForm, field_errors

bp = Blueprint("secretariat", __name__, template_folder="templates", url_prefix="/sekretariat")


@bp.before_request
def _secretaries_only():
    caller = principal()
    if not caller.is_authenticated:
        return login_redirect()
    if caller.role != "secretary":
        raise Forbidden("Siderne er for kommunens udvalgssekretærer.")
    return None


@bp.get("/")
def rounds_page():
    with uow() as unit:
        municipality = managed_municipality(unit.session, principal())
        return render_template("awards/secretariat/rounds.html", municipality=municipality,
                               rounds=round_ops.rounds_of(unit.session, municipality.id))


def _choices(session, form: RoundForm, municipality_id) -> None:
    form.committee_id.choices = [SelectChoice(str(c.id), f"{c.name} ({c.code})" if c.code else c.name)
                                 for c in round_ops.committees_of(session, municipality_id)]
    form.meeting_id.choices = [SelectChoice("", "Vælg senere")] + [
        SelectChoice(str(m.id), f"{m.committee.code or m.committee.name}: {short_date(m.date)}, {m.place}")
        for m in round_ops.meetings_of(session, municipality_id)]


def _defaults(form: RoundForm, previous: AwardRound | None) -> None:
    """A new round starts from last year's criteria, prize, budget and committee."""
    year = date.today().year
    form.year.data, form.title.data = year, f"Virksomhedspris {year}"
    if previous is not None:
        form.criteria.data = "\n".join(previous.criteria)
        form.prize_amount.data = previous.prize_amount
        form.description.data = previous.description
        form.committee_id.data = str(previous.committee_id)
        form.shortlist_size.data = previous.shortlist_size
        form.budget.data = budget_text(previous.budget_lines)


@bp.route("/runder/ny", methods=["GET", "POST"])
def new_round():
    with uow() as unit:
        municipality = managed_municipality(unit.session, principal())
        form = RoundForm()
        form.zone = municipality.timezone
        _choices(unit.session, form, municipality.id)
        if request.method == "GET":
            rounds = round_ops.rounds_of(unit.session, municipality.id)
            _defaults(form, rounds[0] if rounds else None)
        status, problem = 200, None
        if form.validate_on_submit():
            try:
                created = round_ops.create_round(unit, principal(), municipality.id, form.data_for(municipality.timezone))
            except (Invalid, Conflict) as exc:
                problem = " ".join(field_errors(form, exc)) or exc.detail
                status = exc.status
            else:
                flash(f"{created.title} er oprettet.", "success")
                return redirect(url_for("secretariat.round_page", round_id=created.id))
        elif form.errors:
            status = 422
        return render_template("awards/secretariat/new_round.html", form=form, problem=problem,
                               municipality=municipality), status


def _round_page(unit, round_: AwardRound, *, form=None, ceremony=None, close_errors=None, problem=None,
                status: int = 200):
    session = unit.session
    if form is None:
        form = RoundForm(formdata=None)
        form.fill(round_, round_.municipality.timezone)
    _choices(session, form, round_.municipality_id)
    if ceremony is None:
        ceremony = CeremonyForm(formdata=None, obj=round_)
    return render_template(
        "awards/secretariat/round.html", round_=round_, form=form, ceremony=ceremony, confirm=ConfirmForm(),
        close_errors=close_errors or {}, problem=problem,
        winner=session.get(Nomination, round_.winner_id) if round_.winner_id else None,
        received=review.valid_nomination_count(session, round_),
        candidates=len(review.candidate_groups(session, round_))), status


@bp.get("/runder/<uuid:round_id>")
def round_page(round_id: uuid.UUID):
    with uow() as unit:
        return _round_page(unit, managed_round(unit.session, principal(), round_id))


@bp.post("/runder/<uuid:round_id>")
def save_round(round_id: uuid.UUID):
    with uow() as unit:
        round_ = managed_round(unit.session, principal(), round_id)
        form = RoundForm()
        form.zone = round_.municipality.timezone
        _choices(unit.session, form, round_.municipality_id)
        if not form.validate_on_submit():
            return _round_page(unit, round_, form=form, status=422)
        try:
            round_ops.update_round(unit, principal(), round_id, form.data_for(round_.municipality.timezone))
        except (Invalid, Conflict) as exc:
            unit.rollback()
            problem = " ".join(field_errors(form, exc)) or exc.detail
            return _round_page(unit, round_, form=form, problem=problem, status=exc.status)
        flash("Runden er gemt.", "success")
    return redirect(url_for("secretariat.round_page", round_id=round_id))


@bp.post("/runder/<uuid:round_id>/overraekkelse")
def save_ceremony(round_id: uuid.UUID):
    with uow() as unit:
        round_ = managed_round(unit.session, principal(), round_id)
        form = CeremonyForm()
        form.zone = round_.municipality.timezone
        if not form.validate_on_submit():
            return _round_page(unit, round_, ceremony=form, status=422)
        try:
            round_ops.update_ceremony(unit, principal(), round_id, ceremony_data(form))
        except Invalid as exc:
            unit.rollback()
            field_errors(form, exc)
            return _round_page(unit, round_, ceremony=form, status=422)
        flash("Prisoverrækkelsen er gemt.", "success")
    return redirect(url_for("secretariat.round_page", round_id=round_id))


@bp.post("/runder/<uuid:round_id>/luk")
def close(round_id: uuid.UUID):
    with uow() as unit:
        round_ = managed_round(unit.session, principal(), round_id)
        if not ConfirmForm().validate_on_submit():
            return _round_page(unit, round_, problem="Formularen er udløbet. Prøv igen.", status=400)
        try:
            round_ops.close_round(unit, principal(), round_id, utcnow())
        except Invalid as exc:
            unit.rollback()
            return _round_page(unit, round_, close_errors=exc.errors, status=422)
        except Conflict as exc:
            flash(exc.detail, "error")
        else:
            flash("Runden er lukket. Punktet med kandidaterne sættes på mødets dagsorden som lukket punkt.", "success")
    return redirect(url_for("secretariat.round_page", round_id=round_id))


@bp.get("/runder/<uuid:round_id>/indstillinger")
def nominations_page(round_id: uuid.UUID):
    query = request.args.get("q", "")[:200]
    with uow() as unit:
        round_ = managed_round(unit.session, principal(), round_id)
        found = review.nominations_of(unit.session, round_, query)
        by_cvr: dict[str, list] = {}
        for nomination in found:
            by_cvr.setdefault(nomination.cvr, []).append(nomination)
        return render_template("awards/secretariat/nominations.html", round_=round_, query=query,
                               groups=sorted(by_cvr.values(), key=lambda g: g[0].company_name.casefold()),
                               total=len(found), leads=set(review.candidate_groups(unit.session, round_)))


def _nomination_page(unit, nomination, *, invalid_form=None, merge_problem=None, status=200):
    return render_template(
        "awards/secretariat/nomination.html", nomination=nomination, round_=nomination.round,
        same_company=review.same_company(unit.session, nomination), invalid_form=invalid_form or InvalidForm(formdata=None),
        merge_form=MergeForm(formdata=None), confirm=ConfirmForm(), merge_problem=merge_problem), status


@bp.get("/indstillinger/<uuid:nomination_id>")
def nomination_page(nomination_id: uuid.UUID):
    with uow() as unit:
        return _nomination_page(unit, managed_nomination(unit.session, principal(), nomination_id))


@bp.post("/indstillinger/<uuid:nomination_id>/afvis")
def reject(nomination_id: uuid.UUID):
    with uow() as unit:
        nomination = managed_nomination(unit.session, principal(), nomination_id)
        form = InvalidForm()
        if not form.validate_on_submit():
            return _nomination_page(unit, nomination, invalid_form=form, status=422)
        try:
            review.mark_invalid(unit, principal(), nomination_id, form.reason.data)
        except Conflict as exc:
            flash(exc.detail, "error")
        else:
            flash(f"Indstilling {nomination.reference} er afvist.", "success")
    return redirect(url_for("secretariat.nomination_page", nomination_id=nomination_id))


@bp.post("/indstillinger/<uuid:nomination_id>/genopret")
def restore(nomination_id: uuid.UUID):
    with uow() as unit:
        nomination = managed_nomination(unit.session, principal(), nomination_id)
        if ConfirmForm().validate_on_submit():
            try:
                review.restore(unit, principal(), nomination_id)
            except Conflict as exc:
                flash(exc.detail, "error")
            else:
                flash(f"Indstilling {nomination.reference} er gyldig igen.", "success")
    return redirect(url_for("secretariat.nomination_page", nomination_id=nomination_id))


@bp.post("/indstillinger/<uuid:nomination_id>/saml")
def merge(nomination_id: uuid.UUID):
    with uow() as unit:
        nomination = managed_nomination(unit.session, principal(), nomination_id)
        form = MergeForm()
        try:
            other_id = uuid.UUID(form.other_id.data or "")
        except ValueError:
            other_id = None
        if not form.validate_on_submit() or other_id is None:
            return _nomination_page(unit, nomination, merge_problem="Vælg en indstilling at lægge sammen med.",
                                    status=422)
        try:
            review.merge(unit, principal(), nomination_id, other_id)
        except Invalid as exc:
            unit.rollback()
            return _nomination_page(unit, nomination, merge_problem=" ".join(exc.errors.get("other_id", [exc.detail])),
                                    status=422)
        except Conflict as exc:
            flash(exc.detail, "error")
        else:
            flash("Indstillingerne er lagt sammen til én kandidat.", "success")
    return redirect(url_for("secretariat.nomination_page", nomination_id=nomination_id))


@bp.get("/indstillinger/<uuid:nomination_id>/bilag")
def attachment(nomination_id: uuid.UUID):
    with uow() as unit:
        nomination = managed_nomination(unit.session, principal(), nomination_id)
        if nomination.attachment is None:
            raise NotFound("Indstillingen har intet bilag (eller det er slettet).")
        return file_download(nomination.attachment, nomination.attachment_type or "application/octet-stream",
                             nomination.attachment_name or "bilag")


@bp.get("/runder/<uuid:round_id>/kandidater")
def shortlist_page(round_id: uuid.UUID):
    with uow() as unit:
        round_ = managed_round(unit.session, principal(), round_id)
        groups = review.candidate_groups(unit.session, round_)
        ranked = review.ranking(unit.session, round_, groups)
        return render_template("awards/secretariat/shortlist.html", round_=round_, ranked=ranked,
                               shortlisted=len(review.ranked_shortlist(unit.session, round_, groups)))


@bp.get("/runder/<uuid:round_id>/kandidater.docx")
def annex(round_id: uuid.UUID):
    with uow() as unit:
        round_ = managed_round(unit.session, principal(), round_id)
        groups = review.candidate_groups(unit.session, round_)
        body = build_annex(round_, review.ranked_shortlist(unit.session, round_, groups), groups)
        return file_download(body, DOCX, annex_filename(round_))


@bp.route("/persondata", methods=["GET", "POST"])
def personal_data():
    with uow() as unit:
        municipality = managed_municipality(unit.session, principal())
        form = ExportForm()
        if form.validate_on_submit():
            export = export_for_email(unit.session, principal(), municipality.id, form.email.data)
            return file_download(json.dumps(export, ensure_ascii=False, indent=2).encode(), "application/json",
                                 f"persondata-{date.today():%Y-%m-%d}.json")
        return render_template("awards/secretariat/personal_data.html", form=form,
                               municipality=municipality), 422 if form.errors else 200


@bp.get("/runder/<uuid:round_id>/historik")
def history_page(round_id: uuid.UUID):
    """Who created, changed, reviewed and closed the round, and the winner chosen, and when."""
    with uow() as unit:
        round_ = managed_round(unit.session, principal(), round_id)
        return render_template("udvalg/history.html", entries=ROUND_HISTORY.of(unit.session, round_.id),
                               title=round_.title,
                               back=(url_for("secretariat.round_page", round_id=round_.id), round_.title))
