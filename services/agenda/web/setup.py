"""The secretariat sets its municipality up: committees (name, code, fixed meeting place and
time, closing one), the politicians, and who sits where when (role, period, substitutes per
party). Pages validate with the API's schemas, so both judge input alike."""

from __future__ import annotations

import uuid
from datetime import date

from flask import Blueprint, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from services.agenda.api.context import principal, uow
from services.agenda.models import Committee, Member, Municipality
from services.agenda.operations import committees as committee_ops
from services.agenda.operations.access import managed_committee, managed_member
from services.agenda.schemas import (
    CommitteeInputSchema,
    MemberInputSchema,
    MembershipInputSchema,
    MembershipUpdateSchema,
)
from services.agenda.web.forms import (
    ROLE_LABELS,
    CloseCommitteeForm,
    CommitteeForm,
    MemberForm,
    MembershipForm,
    NewMembershipForm,
)
from shared.errors import Conflict, Forbidden, Invalid, NotFound
from shared.periods import in_period
from shared.web.forms import ConfirmForm, field_errors, options, schema_load

bp = Blueprint("setup", __name__, template_folder="templates", url_prefix="/sekretariat")


@bp.before_request
def municipality_secretaries_only():
    caller = principal()
    if not caller.is_authenticated:
        return redirect(url_for("account.login", next=request.full_path.rstrip("?")))
    if caller.role != "secretary":
        raise Forbidden("Siderne er for kommunens sekretariat.")
    return None


def own_municipality(session) -> Municipality:
    municipality = session.get(Municipality, principal().municipality_id)
    if municipality is None:
        raise NotFound("Kommunen findes ikke.")
    return municipality


def _show_errors(form, exc) -> None:
    rest = field_errors(form, exc)
    flash(" ".join(rest) if rest else exc.detail, "error")


# --- committees ----------------------------------------------------------------------------

def _committee_data(form) -> dict:
    return {"name": form.name.data, "code": (form.code.data or "").strip().upper() or None,
            "default_place": form.default_place.data,
            "default_start_time": form.default_start_time.raw_data[0] if form.default_start_time.raw_data else ""}


def _committees_page(unit, form=None, status: int = 200):
    municipality = own_municipality(unit.session)
    committees = list(unit.session.scalars(select(Committee).where(
        Committee.municipality_id == municipality.id).order_by(Committee.name)))
    today = date.today()
    seated = {c.id: sum(1 for m in c.memberships if m.role != "substitute" and in_period(today, m.starts_on, m.ends_on))
              for c in committees}
    return render_template("agenda/setup/committees.html", municipality=municipality,
                           committees=[c for c in committees if c.closed_on is None],
                           closed=[c for c in committees if c.closed_on is not None], seated=seated,
                           form=form or CommitteeForm(formdata=None)), status


@bp.get("/udvalg/")
def committees_page():
    with uow() as unit:
        return _committees_page(unit)


@bp.post("/udvalg/")
def create_committee():
    with uow() as unit:
        municipality = own_municipality(unit.session)
        form = CommitteeForm()
        data = schema_load(form, CommitteeInputSchema(), _committee_data(form)) if form.validate_on_submit() else None
        if data is None:
            return _committees_page(unit, form, 422)
        try:
            committee = committee_ops.create_committee(unit, principal(), municipality.slug, data)
        except (Conflict, Invalid) as exc:
            _show_errors(form, exc)
            return _committees_page(unit, form, exc.status)
        flash(f"{committee.name} er oprettet. Tilføj udvalgets medlemmer.", "success")
        return redirect(url_for("setup.committee_page", committee_id=committee.id))


def _committee_page(unit, committee: Committee, *, details=None, seat=None, closing=None, status: int = 200):
    today = date.today()
    memberships = sorted(committee.memberships, key=lambda m: (m.starts_on or date.min, m.position))
    current = [m for m in memberships if m.role != "substitute" and in_period(today, m.starts_on, m.ends_on)]
    coming = [m for m in memberships if m.starts_on and m.starts_on > today]
    former = [m for m in memberships if m.ends_on and m.ends_on < today]
    substitutes: dict[str, list] = {}
    for m in memberships:
        if m.role == "substitute" and in_period(today, m.starts_on, m.ends_on):
            substitutes.setdefault(m.member.party or "Uden parti", []).append(m)
    if seat is None:
        seat = NewMembershipForm(formdata=None)
    members = unit.session.scalars(select(Member).where(
        Member.municipality_id == committee.municipality_id).order_by(Member.name))
    seat.member_id.choices = options([("", "Vælg medlem")] + [
        (m.id, f"{m.name} ({m.party})" if m.party else m.name) for m in members])
    return render_template(
        "agenda/setup/committee.html", committee=committee, current=current, coming=coming, former=former,
        substitutes=sorted(substitutes.items()), roles=ROLE_LABELS,
        details=details or CommitteeForm(formdata=None, obj=committee), seat=seat,
        closing=closing or CloseCommitteeForm(formdata=None), confirm=ConfirmForm()), status


@bp.route("/udvalg/<uuid:committee_id>/", methods=["GET", "POST"])
def committee_page(committee_id: uuid.UUID):
    with uow() as unit:
        committee = managed_committee(unit.session, principal(), committee_id)
        if request.method == "GET":
            return _committee_page(unit, committee)
        form = CommitteeForm()
        data = schema_load(form, CommitteeInputSchema(), _committee_data(form)) if form.validate_on_submit() else None
        if data is None:
            return _committee_page(unit, committee, details=form, status=422)
        try:
            committee_ops.update_committee(unit, principal(), committee_id, data)
        except (Conflict, Invalid) as exc:
            _show_errors(form, exc)
            return _committee_page(unit, committee, details=form, status=exc.status)
        flash("Udvalget er gemt.", "success")
    return redirect(url_for("setup.committee_page", committee_id=committee_id))


@bp.post("/udvalg/<uuid:committee_id>/medlemskaber")
def add_membership(committee_id: uuid.UUID):
    with uow() as unit:
        committee = managed_committee(unit.session, principal(), committee_id)
        form = NewMembershipForm()
        data = schema_load(form, MembershipInputSchema(), {
            "member_id": form.member_id.data, "role": form.role.data,
            "starts_on": _raw(form.starts_on), "ends_on": _raw(form.ends_on)}) if form.validate_on_submit() else None
        if data is None:
            return _committee_page(unit, committee, seat=form, status=422)
        try:
            committee_ops.add_membership(unit, principal(), committee_id, data)
        except (Conflict, Invalid, NotFound) as exc:
            _show_errors(form, exc)
            return _committee_page(unit, committee, seat=form, status=exc.status)
        flash("Medlemskabet er tilføjet.", "success")
    return redirect(url_for("setup.committee_page", committee_id=committee_id) + "#medlemmer")


def _raw(field) -> str | None:
    """A date field's text as typed, for the schema to judge (None when left empty)."""
    return (field.raw_data[0] or None) if field.raw_data else None


@bp.post("/udvalg/<uuid:committee_id>/nedlaeg")
def close_committee(committee_id: uuid.UUID):
    with uow() as unit:
        committee = managed_committee(unit.session, principal(), committee_id)
        form = CloseCommitteeForm()
        if not form.validate_on_submit():
            return _committee_page(unit, committee, closing=form, status=422)
        try:
            committee_ops.close_committee(unit, principal(), committee_id, form.closed_on.data)
        except Conflict as exc:
            _show_errors(form, exc)
            return _committee_page(unit, committee, closing=form, status=exc.status)
        flash("Udvalget er nedlagt. Dets møder og referater er bevaret.", "success")
    return redirect(url_for("setup.committee_page", committee_id=committee_id))


@bp.post("/udvalg/<uuid:committee_id>/genopret")
def reopen_committee(committee_id: uuid.UUID):
    with uow() as unit:
        if ConfirmForm().validate_on_submit():
            committee_ops.reopen_committee(unit, principal(), committee_id)
            flash("Udvalget er genoprettet og kan holde møder igen.", "success")
    return redirect(url_for("setup.committee_page", committee_id=committee_id))


# --- memberships ---------------------------------------------------------------------------

def _membership(unit, committee_id: uuid.UUID, membership_id: uuid.UUID):
    committee = managed_committee(unit.session, principal(), committee_id)
    membership = next((m for m in committee.memberships if m.id == membership_id), None)
    if membership is None:
        raise NotFound("Medlemskabet findes ikke.")
    return committee, membership


@bp.route("/udvalg/<uuid:committee_id>/medlemskaber/<uuid:membership_id>", methods=["GET", "POST"])
def membership_page(committee_id: uuid.UUID, membership_id: uuid.UUID):
    with uow() as unit:
        committee, membership = _membership(unit, committee_id, membership_id)
        form = MembershipForm(obj=membership) if request.method == "GET" else MembershipForm()
        if request.method == "POST":
            data = schema_load(form, MembershipUpdateSchema(), {
                "role": form.role.data, "starts_on": _raw(form.starts_on),
                "ends_on": _raw(form.ends_on)}) if form.validate_on_submit() else None
            if data is not None:
                try:
                    committee_ops.update_membership(unit, principal(), committee_id, membership_id, data)
                except (Conflict, Invalid) as exc:
                    _show_errors(form, exc)
                else:
                    flash(f"{membership.member.name}s medlemskab er gemt.", "success")
                    return redirect(url_for("setup.committee_page", committee_id=committee_id) + "#medlemmer")
        status = 422 if form.errors else 200
        return render_template("agenda/setup/membership.html", committee=committee, membership=membership,
                               form=form, confirm=ConfirmForm()), status


@bp.post("/udvalg/<uuid:committee_id>/medlemskaber/<uuid:membership_id>/slet")
def remove_membership(committee_id: uuid.UUID, membership_id: uuid.UUID):
    with uow() as unit:
        if ConfirmForm().validate_on_submit():
            committee_ops.remove_membership(unit, principal(), committee_id, membership_id)
            flash("Medlemskabet er slettet. Et medlem, der forlader udvalget, får i stedet en slutdato.", "success")
    return redirect(url_for("setup.committee_page", committee_id=committee_id) + "#medlemmer")


# --- members -------------------------------------------------------------------------------

def _member_data(form) -> dict:
    return {"name": form.name.data, "party": (form.party.data or "").upper(), "email": form.email.data}


def _members_page(unit, form=None, status: int = 200):
    municipality = own_municipality(unit.session)
    members = list(unit.session.scalars(select(Member).where(
        Member.municipality_id == municipality.id).order_by(Member.name)))
    today = date.today()
    seats = {m.id: [s for s in m.memberships if in_period(today, s.starts_on, s.ends_on)] for m in members}
    return render_template("agenda/setup/members.html", municipality=municipality, members=members, seats=seats,
                           roles=ROLE_LABELS, form=form or MemberForm(formdata=None)), status


@bp.get("/medlemmer/")
def members_page():
    with uow() as unit:
        return _members_page(unit)


@bp.post("/medlemmer/")
def register_member():
    with uow() as unit:
        municipality = own_municipality(unit.session)
        form = MemberForm()
        data = schema_load(form, MemberInputSchema(), _member_data(form)) if form.validate_on_submit() else None
        if data is None:
            return _members_page(unit, form, 422)
        member = committee_ops.register_member(unit, principal(), municipality.slug, data)
        flash(f"{member.name} er oprettet. Giv medlemmet en plads i et udvalg på udvalgets side.", "success")
    return redirect(url_for("setup.members_page"))


@bp.route("/medlemmer/<uuid:member_id>", methods=["GET", "POST"])
def member_page(member_id: uuid.UUID):
    with uow() as unit:
        member = managed_member(unit.session, principal(), member_id)
        form = MemberForm(obj=member) if request.method == "GET" else MemberForm()
        if request.method == "POST":
            data = schema_load(form, MemberInputSchema(), _member_data(form)) if form.validate_on_submit() else None
            if data is not None:
                committee_ops.update_member(unit, principal(), member_id, data)
                flash(f"{member.name} er gemt.", "success")
                return redirect(url_for("setup.members_page"))
        status = 422 if form.errors else 200
        return render_template("agenda/setup/member.html", member=member, form=form, roles=ROLE_LABELS), status
