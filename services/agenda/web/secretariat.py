"""The secretariat's pages: meetings by committee and year, a meeting and its agenda,
an item with its sections. Views are thin: forms in, service layer calls, pages out."""

from __future__ import annotations

import uuid
from datetime import date

from flask import Blueprint, flash, redirect, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from services.agenda.api.context import principal, uow
from services.agenda.calendar.operations import wheel as wheel_ops
from services.agenda.calendar.presenters import entry_when
from services.agenda.domain.agenda import case_number_hint
from services.agenda.domain.lifecycle import STATE_NAMES, agenda_change_refusal, meeting_state
from services.agenda.history import MEETING_HISTORY
from services.agenda.models import Committee, Meeting, Municipality
from services.agenda.operations import attachments as attachment_ops
from services.agenda.operations import items as item_ops
from services.agenda.operations import meetings as meeting_ops
from services.agenda.operations.access import managed_committee, managed_item, managed_meeting
from services.agenda.operations.agendas import live_items, numbers_for, publication_problems
from services.agenda.operations.loading import with_agenda
from services.agenda.presenters import (
    municipality_rules,
    municipality_style,
    municipality_template,
    public_item,
    with_display_title,
)
from services.agenda.web.forms import (
    AttachmentForm,
    CancelForm,
    MeetingForm,
    NewItemForm,
    NewMeetingForm,
    PlaceForm,
    item_data,
    item_form,
)
from shared import housestyle
from shared.errors import Conflict, Forbidden, Invalid, NotFound
from shared.web.forms import ConfirmForm, field_errors, options

bp = Blueprint("secretariat", __name__, template_folder="templates", url_prefix="/sekretariat")


@bp.app_template_global("meeting_state")
def _meeting_state(meeting: Meeting) -> str:
    return meeting_state(meeting.status, meeting.minutes_state)


@bp.app_context_processor
def _state_names() -> dict:
    return {"state_names": STATE_NAMES}


@bp.before_request
def secretaries_only():
    """Every secretariat page: log in first, and only as secretary or admin."""
    caller = principal()
    if not caller.is_authenticated:
        return redirect(url_for("account.login", next=request.full_path.rstrip("?")))
    if caller.role not in ("secretary", "admin"):
        raise Forbidden("Siderne er for udvalgssekretærer.")
    return None


def committees_in_reach(session) -> list[Committee]:
    """The committees the caller works for: all for an admin, else their municipality's."""
    caller = principal()
    query = select(Committee).join(Municipality).order_by(Municipality.name, Committee.name)
    if not caller.is_admin:
        query = query.where(Committee.municipality_id == caller.municipality_id)
    return list(session.scalars(query))


@bp.get("/")
def meetings_page():
    with uow() as unit:
        committees = committees_in_reach(unit.session)
        chosen = next((c for c in committees if str(c.id) == request.args.get("udvalg")), committees[0] if committees else None)
        meetings, years = [], []
        year = request.args.get("aar", type=int)
        if chosen:
            all_meetings = list(unit.session.scalars(
                select(Meeting).where(Meeting.committee_id == chosen.id).order_by(Meeting.date, Meeting.start_time)
                .options(selectinload(Meeting.entries))))
            years = sorted({m.date.year for m in all_meetings} | {date.today().year})
            if year is None:
                year = max((m.date.year for m in all_meetings), default=date.today().year)
            meetings = [m for m in all_meetings if m.date.year == year]
        return render_template("agenda/secretariat/meetings.html", committees=committees, chosen=chosen,
                               meetings=meetings, years=years, year=year)


def _earlier_meetings(session, committee_id: uuid.UUID) -> list[Meeting]:
    return list(session.scalars(select(Meeting).where(Meeting.committee_id == committee_id)
                                .order_by(Meeting.date.desc(), Meeting.start_time.desc()).limit(24)))


@bp.route("/udvalg/<uuid:committee_id>/nyt-moede", methods=["GET", "POST"])
def new_meeting(committee_id: uuid.UUID):
    """A new meeting starts as a copy of an earlier one: its place, times and fixed items
    (the latest by default, or the one chosen with ?kopi=)."""
    with uow() as unit:
        committee = managed_committee(unit.session, principal(), committee_id)
        earlier = _earlier_meetings(unit.session, committee.id)
        standard = municipality_rules(committee.municipality).standard_titles
        form = NewMeetingForm()
        form.zone = committee.municipality.timezone
        form.standard_items.label.text = "Sæt standardpunkterne på dagsordenen: »" + "« og »".join(standard) + "«"
        wanted = form.copy_from.data if request.method == "POST" else request.args.get("kopi")
        source = next((m for m in earlier if str(m.id) == wanted), None)
        if request.method == "GET":
            source = source or next((m for m in earlier if m.status != "cancelled"), None)
            if source is not None:
                form.start_time.data, form.end_time.data, form.place.data = (
                    source.start_time, source.end_time, source.place)
                form.copy_from.data = str(source.id)
            # The committee's fixed place and time win; without any, the municipality's address.
            form.place.data = committee.default_place or form.place.data or committee.municipality.address
            form.start_time.data = committee.default_start_time or form.start_time.data
        standing = item_ops.standing_items(source) if source else []
        if form.validate_on_submit():
            meeting = item_ops.schedule_with_standing_items(unit, principal(), committee_id, {
                **form.times(), "place": form.place.data.strip(),
                # The municipality's standard items, unless the fixed items of an earlier meeting are copied.
                "standard_items": bool(standard) and not standing and form.standard_items.data},
                source.id if source is not None and form.copy_items.data else None)
            flash("Mødet er oprettet. Tilføj dagsordenens punkter.", "success")
            return redirect(url_for("secretariat.meeting_page", meeting_id=meeting.id))
        status = 422 if form.errors else 200
        return render_template("agenda/secretariat/new_meeting.html", committee=committee, form=form, source=source,
                               earlier=earlier, standing=standing, standard=standard,
                               place_hint=_place_hint(unit.session, committee)), status


def _place_hint(session, committee: Committee) -> str | None:
    """'Fx <where the committee met last>': an example from the municipality's own meetings."""
    place = session.scalar(select(Meeting.place).where(Meeting.committee_id == committee.id)
                           .order_by(Meeting.date.desc()).limit(1))
    return f"Fx {place}" if place else None


# What the closed-item box promises, by the municipality's choice of what the public sees.
PUBLIC_SEES = {"hidden": "offentligheden ser kun punktets nummer og mærket",
               "title": "offentligheden ser kun titlen",
               "title_and_decision": "offentligheden ser kun titlen og beslutningen"}


def _wording(municipality: Municipality, form=None) -> dict:
    """What the pages print in the municipality's words: its case-number label and
    example, its closed-item marker, titles with or without the committee code."""
    style = municipality_style(municipality)
    if form is not None and "case_number" in form:
        form.case_number.label.text = style.case_number_label
    if form is not None and "closed" in form:
        form.closed.label.text = f"Lukket punkt ({PUBLIC_SEES[style.closed_in_public]})"
    return {"style": style, "hs": housestyle, "case_hint": case_number_hint(municipality_rules(municipality))}


def _section_field(name: str) -> str:
    return "section_" + name.split(".", 1)[1] if name.startswith("sections.") else name


def _show_errors(form, exc) -> None:
    """The service layer's Danish messages beside the fields they concern."""
    field_errors(form, exc, _section_field)
    flash(exc.detail, "error")


def _meeting_page(unit, meeting: Meeting, *, details=None, new_item=None, publish_errors=None, status: int = 200):
    session = unit.session
    if details is None:
        details = MeetingForm(formdata=None, obj=meeting)
    numbered = list(zip(numbers_for(session, meeting), meeting.entries))
    problems = publish_errors if publish_errors is not None else publication_problems(session, meeting)
    refusal = agenda_change_refusal(meeting.status, meeting.minutes_state)
    new_item = new_item or NewItemForm(formdata=None)
    return render_template(
        "agenda/secretariat/meeting.html", meeting=meeting, numbered=numbered, details=details,
        new_item=new_item, confirm=ConfirmForm(),
        problems=problems, tried_to_publish=publish_errors is not None, editable=refusal is None, refusal=refusal,
        linked=wheel_ops.linked_entries(session, meeting.id), **_wording(meeting.committee.municipality, new_item),
    ), status


@bp.get("/moeder/<uuid:meeting_id>")
def meeting_page(meeting_id: uuid.UUID):
    with uow() as unit:
        return _meeting_page(unit, managed_meeting(unit.session, principal(), meeting_id))


@bp.post("/moeder/<uuid:meeting_id>/detaljer")
def save_details(meeting_id: uuid.UUID):
    with uow() as unit:
        meeting = managed_meeting(unit.session, principal(), meeting_id)
        form = MeetingForm()
        form.zone = meeting.committee.municipality.timezone
        if not form.validate_on_submit():
            return _meeting_page(unit, meeting, details=form, status=422)
        try:
            result = meeting_ops.reschedule_meeting(unit, principal(), meeting_id, {
                **form.times(), "place": form.place.data.strip()})
        except (Conflict, Invalid) as exc:
            _show_errors(form, exc)
            return _meeting_page(unit, meeting, details=form, status=exc.status)
        flash("Mødets tid og sted er gemt. Medlemmernes kalendere, referatets beslutninger og årshjulet følger med.",
              "success")
        for entry in result.moved_entries:
            flash(f"Årshjulet: »{entry.title}« er flyttet med til {entry_when(entry)}.", "success")
    return redirect(url_for("secretariat.meeting_page", meeting_id=meeting_id))


@bp.post("/moeder/<uuid:meeting_id>/punkter")
def add_item(meeting_id: uuid.UUID):
    with uow() as unit:
        meeting = managed_meeting(unit.session, principal(), meeting_id)
        form = NewItemForm()
        if not form.validate_on_submit():
            return _meeting_page(unit, meeting, new_item=form, status=422)
        try:
            item = item_ops.add_item(unit, principal(), meeting_id, {
                "title": form.title.data.strip(), "kind": form.kind.data,
                "case_number": (form.case_number.data or "").strip() or None, "closed": form.closed.data})
        except (Conflict, Invalid) as exc:
            _show_errors(form, exc)
            return _meeting_page(unit, meeting, new_item=form, status=exc.status)
        if request.form.get("handling") == "fortsaet":
            flash(f"»{item.title}« er tilføjet. Skriv det næste punkt.", "success")
            return redirect(url_for("secretariat.meeting_page", meeting_id=meeting_id) + "#nyt-punkt")
        return redirect(url_for("secretariat.item_page", item_id=item.id, moede=meeting_id))


@bp.post("/moeder/<uuid:meeting_id>/punkter/<uuid:item_id>/flyt")
def move_item(meeting_id: uuid.UUID, item_id: uuid.UUID):
    with uow() as unit:
        meeting = managed_meeting(unit.session, principal(), meeting_id)
        if ConfirmForm().validate_on_submit():
            order = [entry.item_id for entry in meeting.entries]
            index = order.index(item_id) if item_id in order else -1
            target = index + (-1 if request.form.get("retning") == "op" else 1)
            if index >= 0 and 0 <= target < len(order):
                order[index], order[target] = order[target], order[index]
                item_ops.reorder_items(unit, principal(), meeting_id, order)
    return redirect(url_for("secretariat.meeting_page", meeting_id=meeting_id) + "#dagsorden")


@bp.route("/moeder/<uuid:meeting_id>/punkter/<uuid:item_id>/fjern", methods=["GET", "POST"])
def remove_item(meeting_id: uuid.UUID, item_id: uuid.UUID):
    """'Fjern' asks first: the item, its sections and its bilag go (from this meeting only,
    when the item stands before other committees too)."""
    with uow() as unit:
        meeting = managed_meeting(unit.session, principal(), meeting_id)
        numbered = dict(zip((e.item_id for e in meeting.entries), numbers_for(unit.session, meeting)))
        entry = next((e for e in meeting.entries if e.item_id == item_id), None)
        if entry is None:
            raise NotFound("Punktet står ikke på mødets dagsorden.")
        form = ConfirmForm()
        if request.method == "POST" and form.validate_on_submit():
            title = entry.item.title
            try:
                item_ops.remove_item(unit, principal(), meeting_id, item_id)
            except (Conflict, Invalid) as exc:
                flash(exc.detail, "error")
            else:
                flash(f"Punktet »{title}« er fjernet fra dagsordenen.", "success")
            return redirect(url_for("secretariat.meeting_page", meeting_id=meeting_id) + "#dagsorden")
        return render_template("agenda/secretariat/remove_item.html", meeting=meeting, item=entry.item,
                               number=numbered[item_id], form=form, hs=housestyle,
                               style=municipality_style(meeting.committee.municipality)), 400 if request.method == "POST" else 200


@bp.post("/moeder/<uuid:meeting_id>/offentliggoer")
def publish(meeting_id: uuid.UUID):
    with uow() as unit:
        meeting = managed_meeting(unit.session, principal(), meeting_id)
        if not ConfirmForm().validate_on_submit():
            return _meeting_page(unit, meeting, status=400)
        try:
            version = meeting_ops.publish_agenda(unit, principal(), meeting_id)
        except Invalid as exc:
            return _meeting_page(unit, meeting, publish_errors=exc.errors, status=422)
        except Conflict as exc:
            flash(exc.detail, "error")
        else:
            flash(f"Dagsordenen er offentliggjort (version {version.version}).", "success")
    return redirect(url_for("secretariat.meeting_page", meeting_id=meeting_id))


@bp.route("/moeder/<uuid:meeting_id>/aflys", methods=["GET", "POST"])
def cancel(meeting_id: uuid.UUID):
    """'Aflys mødet' asks first, with the reason members will read in their calendars."""
    with uow() as unit:
        meeting = managed_meeting(unit.session, principal(), meeting_id)
        form = CancelForm()
        status = 200
        if request.method == "POST":
            status = 422
            if form.validate_on_submit():
                try:
                    meeting_ops.cancel_meeting(unit, principal(), meeting_id, form.reason.data)
                except Invalid as exc:
                    field_errors(form, exc)
                except Conflict as exc:
                    flash(exc.detail, "error")
                    return redirect(url_for("secretariat.meeting_page", meeting_id=meeting_id))
                else:
                    flash("Mødet er aflyst. Det står som aflyst i medlemmernes kalendere.", "success")
                    return redirect(url_for("secretariat.meeting_page", meeting_id=meeting_id))
        return render_template("agenda/secretariat/cancel.html", meeting=meeting, form=form), status


@bp.post("/moeder/<uuid:meeting_id>/genoptag")
def reinstate(meeting_id: uuid.UUID):
    with uow() as unit:
        if ConfirmForm().validate_on_submit():
            try:
                meeting_ops.reinstate_meeting(unit, principal(), meeting_id)
            except Conflict as exc:
                flash(exc.detail, "error")
            else:
                flash("Mødet er genoptaget. Det står igen i medlemmernes kalendere.", "success")
    return redirect(url_for("secretariat.meeting_page", meeting_id=meeting_id))


@bp.get("/moeder/<uuid:meeting_id>/forhaandsvisning")
def preview(meeting_id: uuid.UUID):
    """The agenda as it stands now, as the public and as the committee's members will see
    it once it is published."""
    with uow() as unit:
        meeting = managed_meeting(unit.session, principal(), meeting_id)
        items = live_items(unit.session, meeting)
        style = municipality_style(meeting.committee.municipality)
        audience = "medlemmer" if request.args.get("som") == "medlemmer" else "offentligheden"
        shown = [with_display_title(item, style) if audience == "medlemmer" else public_item(item, style)
                 for item in items]
        return render_template("agenda/secretariat/preview.html", meeting=meeting, items=shown, audience=audience,
                               problems=publication_problems(unit.session, meeting), confirm=ConfirmForm(),
                               editable=agenda_change_refusal(meeting.status, meeting.minutes_state) is None,
                               **_wording(meeting.committee.municipality))


@bp.post("/moeder/<uuid:meeting_id>/afholdt")
def held(meeting_id: uuid.UUID):
    with uow() as unit:
        if ConfirmForm().validate_on_submit():
            try:
                meeting_ops.mark_held(unit, principal(), meeting_id)
            except Conflict as exc:
                flash(exc.detail, "error")
            else:
                flash("Mødet er markeret som afholdt. Nu kan referatet skrives.", "success")
    return redirect(url_for("secretariat.meeting_page", meeting_id=meeting_id))


def _item_context(unit, item, meeting_id):
    meeting = with_agenda(unit.session, next(
        (e.meeting for e in item.entries if e.meeting_id == meeting_id), item.entries[0].meeting))
    template = municipality_template(meeting.committee.municipality)
    text_sections = [spec for spec in template if spec.kind == "text"]
    others = [m for m in unit.session.scalars(
        select(Meeting).join(Committee).where(
            Committee.municipality_id == item.municipality_id,
            Meeting.status.in_(("planned", "published")),
            Meeting.committee_id.not_in([e.meeting.committee_id for e in item.entries]))
        .order_by(Meeting.date))]
    return meeting, text_sections, others


def _item_page(unit, item, meeting, text_sections, others, *, form=None, upload=None, status=200):
    form = form or item_form(text_sections, item=item, template=municipality_template(meeting.committee.municipality))
    place = PlaceForm(formdata=None)
    place.meeting_id.choices = options((m.id, f"{m.committee.label} {m.date:%d-%m-%Y}") for m in others)
    problems = {key.rsplit(".", 1)[-1] if ".sections." not in key else "section_" + key.rsplit(".", 1)[-1]: value
                for key, value in publication_problems(unit.session, meeting).items()
                if key.startswith(f"items.{item.id}.")}
    locked = next((e.meeting for e in item.entries
                   if agenda_change_refusal(e.meeting.status, e.meeting.minutes_state)), None)
    return render_template("agenda/secretariat/item.html", item=item, meeting=meeting, form=form,
                           text_sections=text_sections, place=place, problems=problems, locked=locked,
                           sections=municipality_template(meeting.committee.municipality),
                           refusal=agenda_change_refusal(locked.status, locked.minutes_state) if locked else None,
                           upload=upload or AttachmentForm(formdata=None),
                           **_wording(meeting.committee.municipality, form)), status


@bp.route("/punkter/<uuid:item_id>", methods=["GET", "POST"])
def item_page(item_id: uuid.UUID):
    meeting_id = request.args.get("moede", type=uuid.UUID)
    with uow() as unit:
        item = managed_item(unit.session, principal(), item_id)
        meeting, text_sections, others = _item_context(unit, item, meeting_id)
        if request.method == "GET":
            return _item_page(unit, item, meeting, text_sections, others)
        form = item_form(text_sections, formdata=request.form, item=item)
        if not form.validate_on_submit():
            return _item_page(unit, item, meeting, text_sections, others, form=form, status=422)
        try:
            item_ops.update_item(unit, principal(), item_id, item_data(form, text_sections))
        except (Conflict, Invalid) as exc:
            _show_errors(form, exc)
            return _item_page(unit, item, meeting, text_sections, others, form=form, status=exc.status)
        flash("Punktet er gemt.", "success")
        return redirect(url_for("secretariat.meeting_page", meeting_id=meeting.id) + "#dagsorden")


@bp.post("/punkter/<uuid:item_id>/bilag")
def upload_attachment(item_id: uuid.UUID):
    meeting_id = request.args.get("moede", type=uuid.UUID)
    with uow() as unit:
        item = managed_item(unit.session, principal(), item_id)
        meeting, text_sections, others = _item_context(unit, item, meeting_id)
        upload = AttachmentForm()
        if not upload.validate_on_submit():
            return _item_page(unit, item, meeting, text_sections, others, upload=upload, status=422)
        try:
            attachment = attachment_ops.add_attachment(unit, principal(), item_id, upload.file.data.filename,
                                                       upload.file.data.read())
        except (Conflict, Invalid) as exc:
            _show_errors(upload, exc)
            return _item_page(unit, item, meeting, text_sections, others, upload=upload, status=exc.status)
        flash(f"Bilaget {attachment.filename} er tilføjet.", "success")
    return redirect(url_for("secretariat.item_page", item_id=item_id, moede=meeting.id) + "#bilag")


@bp.post("/punkter/<uuid:item_id>/bilag/<uuid:file_id>/slet")
def remove_attachment(item_id: uuid.UUID, file_id: uuid.UUID):
    meeting_id = request.args.get("moede", type=uuid.UUID)
    with uow() as unit:
        managed_item(unit.session, principal(), item_id)  # another municipality's item: 404
        if ConfirmForm().validate_on_submit():
            try:
                attachment_ops.remove_attachment(unit, principal(), item_id, file_id)
            except (Conflict, NotFound) as exc:
                flash(exc.detail, "error")
            else:
                flash("Bilaget er slettet.", "success")
    return redirect(url_for("secretariat.item_page", item_id=item_id, moede=meeting_id) + "#bilag")


@bp.post("/punkter/<uuid:item_id>/moeder")
def place_item(item_id: uuid.UUID):
    with uow() as unit:
        form = PlaceForm()
        item = managed_item(unit.session, principal(), item_id)
        meeting, _sections, others = _item_context(unit, item, None)
        form.meeting_id.choices = options((m.id, str(m.id)) for m in others)
        if form.validate_on_submit():
            try:
                item_ops.place_item(unit, principal(), item_id, uuid.UUID(form.meeting_id.data))
            except (Conflict, Invalid) as exc:
                flash(exc.detail, "error")
            else:
                flash("Punktet står nu også på det andet udvalgs dagsorden; hvert udvalg træffer sin egen beslutning.",
                      "success")
        else:
            flash("Vælg et møde.", "error")
    return redirect(url_for("secretariat.item_page", item_id=item_id, moede=meeting.id))


@bp.get("/moeder/<uuid:meeting_id>/historik")
def history_page(meeting_id: uuid.UUID):
    """Who planned, moved, published, decided, approved, corrected or cancelled, and when."""
    with uow() as unit:
        meeting = managed_meeting(unit.session, principal(), meeting_id)
        title = f"{meeting.committee.name}, {meeting.date:%d-%m-%Y}"
        return render_template("udvalg/history.html", entries=MEETING_HISTORY.of(unit.session, meeting.id),
                               title=title, back=(url_for("secretariat.meeting_page", meeting_id=meeting.id), title))
