"""The public portal: municipalities, their committees and meetings, published agendas
with open items only, and the approved minutes. No login; nothing closed ever shows."""

from __future__ import annotations

import uuid
from datetime import date

from flask import Blueprint, current_app, render_template, request
from sqlalchemy import select

from services.agenda.api.context import principal, uow
from services.agenda.minutes.models import ApprovedMinutes
from services.agenda.minutes.presenters import participants_text, with_decisions
from services.agenda.models import Committee, Meeting
from services.agenda.operations.access import committee_by_key, municipality_by_slug
from services.agenda.operations.agendas import latest_version, published_for, sits_on_committee
from services.agenda.operations.attachments import downloadable_attachment, files_by_item
from services.agenda.operations.member_start import note_minutes_read
from services.agenda.operations.queries import list_municipalities
from services.agenda.presenters import local_datetime, municipality_style, published_style
from shared import housestyle
from shared.api.app import runtime_of
from shared.errors import NotFound
from shared.web import file_download

bp = Blueprint("portal", __name__, template_folder="templates")


@bp.get("/")
def home():
    with uow() as unit:
        return render_template("agenda/portal/home.html", municipalities=list_municipalities(unit.session))


@bp.get("/<slug>/")
def municipality_page(slug: str):
    with uow() as unit:
        municipality = municipality_by_slug(unit.session, slug)
        committees = list(unit.session.scalars(
            select(Committee).where(Committee.municipality_id == municipality.id).order_by(Committee.name)))
        upcoming = list(unit.session.scalars(
            select(Meeting).join(Committee)
            .where(Committee.municipality_id == municipality.id, Meeting.date >= date.today())
            .order_by(Meeting.date, Meeting.start_time).limit(10)))
        return render_template("agenda/portal/municipality.html", municipality=municipality,
                               committees=committees, upcoming=upcoming)


@bp.get("/<slug>/udvalg/<code>/")
def committee_page(slug: str, code: str):
    """The committee by its code (or its slug when it has none, see Committee.url_key)."""
    with uow() as unit:
        committee = committee_by_key(unit.session, slug, code)
        municipality = committee.municipality
        meetings = list(unit.session.scalars(
            select(Meeting).where(Meeting.committee_id == committee.id).order_by(Meeting.date.desc())))
        years = sorted({m.date.year for m in meetings}, reverse=True)
        year = request.args.get("aar", type=int) or (years[0] if years else date.today().year)
        return render_template("agenda/portal/committee.html", municipality=municipality, committee=committee,
                               meetings=[m for m in meetings if m.date.year == year], years=years, year=year)


@bp.get("/<slug>/moeder/<uuid:meeting_id>")
def meeting_page(slug: str, meeting_id: uuid.UUID):
    """The published agenda, with the approved minutes' decisions and attendance. The
    committee's members and the secretariat read closed items whole and reach the
    internal Word files; everybody else sees what the municipality shows the public."""
    caller = principal()
    with uow() as unit:
        municipality = municipality_by_slug(unit.session, slug)
        meeting = unit.session.get(Meeting, meeting_id)
        if meeting is None or meeting.committee.municipality_id != municipality.id:
            raise NotFound("Mødet findes ikke.")
        published = latest_version(unit.session, meeting)
        style = published_style(published) if published else municipality_style(municipality)
        items, whole = published_for(caller, meeting, published)
        minutes = unit.session.get(ApprovedMinutes, meeting.id) if meeting.minutes_version else None
        items = with_decisions(items, minutes, style, whole)
        files = files_by_item(unit.session, [item["id"] for item in items if whole or not item["closed"]])
        page = render_template("agenda/portal/meeting.html", municipality=municipality, meeting=meeting,
                               items=items, published=published, files=files, style=style, hs=housestyle,
                               whole=whole, starts_at=local_datetime(meeting, "start"),
                               participants=participants_text(minutes, style) if minutes else None)
    if minutes is not None and caller.member_id and sits_on_committee(caller, meeting):
        # The page's unit of work only reads; the reading is noted in a short one of its own.
        with runtime_of(current_app).uow() as unit:
            note_minutes_read(unit, caller.member_id, meeting.id, minutes.version)
    return page


@bp.get("/bilag/<uuid:file_id>")
def attachment(file_id: uuid.UUID):
    with uow() as unit:
        found = downloadable_attachment(unit.session, principal(), file_id)
        return file_download(found.content, found.content_type, found.filename)
