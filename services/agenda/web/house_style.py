"""The secretariat's house-style page: the municipality's item sections, the wording its
documents print and its agenda rules, with a preview of the document heading and one
item as the agenda and the minutes will print them.

Without JavaScript, "Vis eksempel" posts the form and the page comes back with the
preview of what was typed (nothing stored); the list buttons (flyt op/ned, fjern,
tilføj) work the same way. static/housestyle.js refreshes the preview while typing by
posting the same form for the preview part only (?del=eksempel).
"""

from __future__ import annotations

from datetime import date

from flask import Blueprint, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from services.agenda.api.context import principal, uow
from services.agenda.domain.house_style import house_style_problems, section_key
from services.agenda.domain.preview import SampleMeeting, build_preview
from services.agenda.models import Committee, Meeting, Municipality
from services.agenda.operations.access import municipality_by_slug
from services.agenda.operations.municipalities import set_house_style
from services.agenda.presenters import house_style_of
from services.agenda.web.house_style_forms import HouseStyleForm, form_data, house_from, submitted
from services.agenda.web.secretariat import secretaries_only
from shared.errors import Invalid, NotFound

bp = Blueprint("house_style", __name__, template_folder="templates", static_folder="static",
               static_url_path="/static/husstil", url_prefix="/sekretariat/husstil")
bp.before_request(secretaries_only)

LIST_ACTIONS = ("op", "ned", "fjern")
SAMPLE_MEMBERS = (("Anna Andersen", None), ("Bo Bertelsen", None), ("Cecilie Christensen", None))


def _municipality(session) -> Municipality:
    """The secretary's own municipality; an administrator picks one (?kommune=<slug>)."""
    caller = principal()
    if caller.is_admin:
        slug = request.args.get("kommune")
        if slug:
            return municipality_by_slug(session, slug)
        first = session.scalar(select(Municipality).order_by(Municipality.name).limit(1))
        if first is None:
            raise NotFound("Der er ingen kommuner endnu.")
        return first
    found = session.get(Municipality, caller.municipality_id)
    if found is None:
        raise NotFound("Kommunen findes ikke.")
    return found


def _sample(session, municipality: Municipality) -> SampleMeeting:
    """The municipality's first committee, its members and next meeting, where it has them."""
    committee = session.scalar(select(Committee).where(Committee.municipality_id == municipality.id)
                               .order_by(Committee.name).limit(1))
    if committee is None:
        return SampleMeeting("Udvalget", None, date.today(), "16:30", "Mødelokalet", SAMPLE_MEMBERS)
    meeting = session.scalar(select(Meeting).where(Meeting.committee_id == committee.id, Meeting.date >= date.today())
                             .order_by(Meeting.date).limit(1))
    members = tuple((m.member.name, m.member.party) for m in committee.memberships
                    if m.role != "substitute")[:5] or SAMPLE_MEMBERS
    return SampleMeeting(
        committee.name, committee.code or None, meeting.date if meeting else date.today(),
        f"{meeting.start_time:%H:%M}" if meeting else "16:30", meeting.place if meeting else "Mødelokalet", members)


def _changed_list(data: dict, action: str) -> dict:
    """The sections after a list button: 'op-2', 'ned-0', 'fjern-1' or 'tilfoej'."""
    sections = list(data["sections"])
    if action == "tilfoej":
        title = (request.form.get("new_title") or "").strip()
        if title:
            taken = {entry["key"] for entry in sections if entry["key"]}
            sections.append({"key": section_key(title, taken), "title": title,
                             "kind": request.form.get("new_kind") or "text", "required": False, "public": True,
                             "default_text": ""})
        return {**data, "sections": sections, "new_title": ""}
    verb, _, index_text = action.partition("-")
    index = int(index_text) if index_text.isdigit() else -1
    if not 0 <= index < len(sections):
        return data
    if verb == "fjern":
        sections.pop(index)
    else:
        target = index - 1 if verb == "op" else index + 1
        if 0 <= target < len(sections):
            sections[index], sections[target] = sections[target], sections[index]
    return {**data, "sections": sections}


def _show_problems(form: HouseStyleForm, problems: dict[str, list[str]]) -> list[str]:
    """Each message beside its field; returns those about the section list as a whole."""
    general = []
    for path, messages in problems.items():
        parts = path.split(".")
        if parts[0] == "section_template" and len(parts) == 3 and parts[1].isdigit():
            index = int(parts[1])
            if index < len(form.sections.entries) and parts[2] in form.sections.entries[index].form:
                form.sections.entries[index].form[parts[2]].errors = list(messages)
                continue
        elif len(parts) == 2 and parts[1] in form:
            form[parts[1]].errors = list(messages)
            continue
        general.extend(messages)
    return general


def _render(session, form: HouseStyleForm, municipality: Municipality, *, status: int = 200,
            general: list[str] | None = None, unsaved: bool = False, refused: bool = False):
    preview = build_preview(house_from(submitted(form)), _sample(session, municipality))
    if request.args.get("del") == "eksempel":
        return render_template("agenda/house_style/_preview.html", preview=preview), status
    municipalities = (list(session.scalars(select(Municipality).order_by(Municipality.name)))
                      if principal().is_admin else [])
    return render_template("agenda/house_style/page.html", form=form, municipality=municipality, preview=preview,
                           general=general or [], unsaved=unsaved, refused=refused,
                           municipalities=municipalities), status


@bp.route("/", methods=["GET", "POST"])
def page():
    with uow() as unit:
        session = unit.session
        municipality = _municipality(session)
        if request.method == "GET":
            form = HouseStyleForm(formdata=None, data=form_data(house_style_of(municipality)))
            return _render(session, form, municipality)
        form = HouseStyleForm()
        valid = form.validate_on_submit()
        if form.csrf_token.errors:
            return _render(session, HouseStyleForm(formdata=None, data=form_data(house_style_of(municipality))),
                           municipality, status=400, general=list(form.csrf_token.errors))
        action = request.form.get("handling", "vis")
        if action == "tilfoej" or action.partition("-")[0] in LIST_ACTIONS:
            form = HouseStyleForm(formdata=None, data=_changed_list(submitted(form), action))
            return _render(session, form, municipality, unsaved=True)
        house = house_from(submitted(form))
        if action == "gem" and valid:
            try:
                set_house_style(unit, principal(), municipality.slug, house)
            except Invalid as exc:
                general = _show_problems(form, exc.errors)
                return _render(session, form, municipality, status=422, general=general, refused=True)
            flash("Husstilen er gemt. Nye dokumenter og sider bruger den; en dagsorden, der allerede er "
                  "offentliggjort, ændres først, når den offentliggøres igen.", "success")
            return redirect(url_for("house_style.page", kommune=request.args.get("kommune")))
        general = _show_problems(form, house_style_problems(house))
        if action == "gem":
            return _render(session, form, municipality, status=422, general=general, refused=True)
        return _render(session, form, municipality, general=general, unsaved=True)
