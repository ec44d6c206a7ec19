"""The secretariat's pages for a held meeting: attendance, decisions, approval."""

from __future__ import annotations

import uuid

from flask import Blueprint, flash, redirect, render_template, request, url_for

from services.decisions.domain.decision_text import decision_text
from services.decisions.operations import minutes as ops
from services.decisions.operations import signoff
from services.decisions.operations.access import managed_meeting
from services.decisions.operations.roster import attendance, roster, substitutes
from services.decisions.web.forms import CorrectionForm, attendance_form, decision_form
from shared import housestyle
from shared.api.app import request_uow as uow
from shared.auth.session import principal_from_session
from shared.errors import Conflict, Forbidden, Invalid, NotFound
from shared.housestyle import DocumentStyle
from shared.web.forms import ConfirmForm

MEETING_STATUS_NAMES = {"planned": "Dagsorden ikke offentliggjort", "published": "Dagsorden offentliggjort",
                        "held": "Mødet er afholdt", "cancelled": "Mødet er aflyst"}

bp = Blueprint("minutes", __name__, template_folder="templates", url_prefix="/sekretariat/moeder")


def _login_required():
    if not principal_from_session().is_authenticated:
        raise Forbidden("Log ind som sekretær for kommunen.")


def _meeting(unit, meeting_id):
    _login_required()
    return managed_meeting(unit.session, principal_from_session(), meeting_id)


def _page(unit, meeting, *, attendance_f=None, approve_errors=None, correction_f=None, status=200):
    session = unit.session
    people = attendance(session, meeting)
    decisions = ops.decisions_by_item(session, meeting.id)
    return render_template(
        "decisions/meeting.html",
        meeting=meeting,
        meeting_status_names=MEETING_STATUS_NAMES,
        not_yet_held=not ops.may_be_held(meeting),
        decided=sum(1 for item in meeting.items if item.item_id in decisions),
        minutes=ops.minutes_of(session, meeting),
        versions=ops.versions(session, meeting.id),
        people=people,
        substitutes=substitutes(meeting),
        attendance_form=attendance_f or attendance_form(people),
        decisions=decisions,
        approve_form=ConfirmForm(),
        approve_errors=approve_errors or {},
        correction_form=correction_f or CorrectionForm(),
        signatures=signoff.overview(session, meeting),
        remind_form=ConfirmForm(),
        reservation_line=signoff.reservation_line,
        **_wording(meeting),
    ), status


def _wording(meeting) -> dict:
    """The items' titles as the agenda was published: with or without the committee code,
    with the municipality's closed-item marker."""
    return {"style": DocumentStyle.from_dict(meeting.document_style), "hs": housestyle}


@bp.get("/<uuid:meeting_id>")
def meeting_page(meeting_id: uuid.UUID):
    with uow() as unit:
        return _page(unit, _meeting(unit, meeting_id))


@bp.post("/<uuid:meeting_id>/fremmoede")
def save_attendance(meeting_id: uuid.UUID):
    with uow() as unit:
        meeting = _meeting(unit, meeting_id)
        people = attendance(unit.session, meeting)
        form = attendance_form(people, formdata=request.form)
        if not form.validate():
            return _page(unit, meeting, attendance_f=form, status=422)
        entries = [{
            "member_id": person.member_id,
            "absent": form[f"absent_{person.member_id.hex}"].data,
            "substitute": form[f"substitute_{person.member_id.hex}"].data.strip(),
        } for person in people]
        try:
            ops.record_attendance(unit, principal_from_session(), meeting_id, entries)
        except Conflict as exc:
            flash(exc.detail, "error")
        else:
            flash("Fremmødet er gemt.", "success")
    return redirect(url_for("minutes.meeting_page", meeting_id=meeting_id))


@bp.route("/<uuid:meeting_id>/punkter/<uuid:item_id>", methods=["GET", "POST"])
def decision_page(meeting_id: uuid.UUID, item_id: uuid.UUID):
    with uow() as unit:
        meeting = _meeting(unit, meeting_id)
        item = next((i for i in meeting.items if i.item_id == item_id), None)
        if item is None:
            raise NotFound("Punktet står ikke på mødets dagsorden.")
        points = len((item.recommendation or {}).get("points", []))
        existing = ops.decisions_by_item(unit.session, meeting.id).get(item_id)
        members = roster(meeting)
        shortlist = ops.award_shortlist(unit.session, item_id)
        form = decision_form(points, members, existing, meeting.date,
                             formdata=request.form if request.method == "POST" else None,
                             candidates=shortlist.candidates if shortlist else None)
        errors = {}
        if request.method == "POST" and form.validate():
            try:
                text = decision_text(form.quick.data, form.text.data, existing.text if existing else "")
                ops.record_decision(unit, principal_from_session(), meeting_id, item_id, {
                    "text": text,
                    "point_answers": [{"point": n, "text": form[f"point_{n}"].data or ""} for n in range(1, points + 1)],
                    "not_taking_part": [uuid.UUID(m) for m in form.not_taking_part.data],
                    "minority": form.minority.data,
                    "decided_on": form.decided_on.data,
                    "award_winner": {"candidate_id": form.award_winner.data, "reason": form.award_reason.data}
                    if shortlist else None,
                })
            except Invalid as exc:
                errors = exc.errors
            except Conflict as exc:
                flash(exc.detail, "error")
                return redirect(url_for("minutes.meeting_page", meeting_id=meeting_id))
            else:
                flash(f"Beslutningen på punkt {item.number} er gemt.", "success")
                return redirect(url_for("minutes.meeting_page", meeting_id=meeting_id) + f"#punkt-{item.number}")
        status = 422 if request.method == "POST" else 200
        return render_template("decisions/decision.html", meeting=meeting, item=item, form=form,
                               points=points, errors=errors, **_wording(meeting)), status


@bp.post("/<uuid:meeting_id>/godkend")
def approve(meeting_id: uuid.UUID):
    with uow() as unit:
        meeting = _meeting(unit, meeting_id)
        if not ConfirmForm().validate_on_submit():
            return _page(unit, meeting, status=400)
        try:
            version = ops.approve_minutes(unit, principal_from_session(), meeting_id)
        except Invalid as exc:
            return _page(unit, meeting, approve_errors=exc.errors, status=422)
        except Conflict as exc:
            flash(exc.detail, "error")
        else:
            flash(f"Referatet er godkendt som version {version.version} og låst.", "success")
    return redirect(url_for("minutes.meeting_page", meeting_id=meeting_id))


@bp.post("/<uuid:meeting_id>/ret")
def correct(meeting_id: uuid.UUID):
    with uow() as unit:
        meeting = _meeting(unit, meeting_id)
        form = CorrectionForm()
        if not form.validate_on_submit():
            return _page(unit, meeting, correction_f=form, status=422)
        try:
            ops.start_correction(unit, principal_from_session(), meeting_id, form.reason.data or "")
        except Invalid as exc:
            form.reason.errors = exc.errors.get("reason", [exc.detail])
            return _page(unit, meeting, correction_f=form, status=422)
        except Conflict as exc:
            flash(exc.detail, "error")
        else:
            flash("Referatet er åbnet for rettelser. Godkend det igen, når du er færdig.", "success")
    return redirect(url_for("minutes.meeting_page", meeting_id=meeting_id))
