"""The secretariat uploads the municipality's own Word template for its documents, and
sees a sample referat built on it (as a .docx, and as page images where LibreOffice is
installed)."""

from __future__ import annotations

import hashlib
import json

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_wtf.file import FileField, FileRequired
from sqlalchemy import select

from services.decisions.documents import page_images
from services.decisions.documents.model import SectionSpec
from services.decisions.documents.render import render_document
from services.decisions.documents.sample import sample_document
from services.decisions.documents.snapshot import document_to_dict
from services.decisions.models import CommitteeCopy, DocumentTemplate, MeetingCopy, MunicipalityCopy
from services.decisions.operations.templates import upload_template
from shared.api.app import request_uow as uow
from shared.auth.session import principal_from_session
from shared.errors import Forbidden, Invalid
from shared.housestyle import DocumentStyle
from shared.uploads import DOCX
from shared.web import file_download
from shared.web.forms import DanishForm

bp = Blueprint("templates", __name__, template_folder="templates", url_prefix="/sekretariat/skabelon")

PAGES_SHOWN = 2


class TemplateForm(DanishForm):
    template = FileField("Word-skabelon (.docx)", validators=[FileRequired("Vælg en fil.")])


def _municipality(session) -> MunicipalityCopy:
    caller = principal_from_session()
    if caller.role != "secretary":
        raise Forbidden("Siden er for kommunens udvalgssekretærer.")
    municipality = session.get(MunicipalityCopy, caller.municipality_id)
    if municipality is None:
        raise Forbidden("Din kommune er ikke kendt af denne tjeneste endnu.")
    return municipality


def _sample(session, municipality: MunicipalityCopy) -> tuple[bytes, str]:
    """The sample referat's .docx on the municipality's current template, and a key that
    changes when the template or the house style does."""
    committee = session.scalar(select(CommitteeCopy).where(CommitteeCopy.municipality_id == municipality.id)
                               .order_by(CommitteeCopy.name).limit(1))
    place = committee and session.scalar(select(MeetingCopy.place).where(MeetingCopy.committee_id == committee.id)
                                         .order_by(MeetingCopy.date.desc()).limit(1))
    people = tuple((m["name"], m.get("party")) for m in (committee.members if committee else [])
                   if m.get("role") != "substitute")[:5]
    document = sample_document(
        municipality_name=municipality.name, committee_name=committee.name if committee else "Udvalget",
        committee_code=committee.code if committee else None, timezone=municipality.timezone,
        style=DocumentStyle.from_dict(municipality.document_style),
        template=tuple(SectionSpec(s["key"], s["title"], s["kind"], s.get("public", True))
                       for s in municipality.section_template),
        case_number_example=municipality.case_number_example, people=people, place=place or "Mødelokalet")
    template = session.get(DocumentTemplate, municipality.slug)
    content = template.content if template else None
    key = hashlib.sha256(json.dumps(document_to_dict(document), sort_keys=True).encode()
                         + (content or b"")).hexdigest()
    return render_document(document, content), key


@bp.route("/", methods=["GET", "POST"])
def template_page():
    form = TemplateForm()
    with uow() as unit:
        municipality = _municipality(unit.session)
        caller = principal_from_session()
        status = 200
        if form.validate_on_submit():
            upload = form.template.data
            try:
                upload_template(unit, caller, municipality.id, municipality.slug, upload.filename or "skabelon.docx",
                                upload.read())
            except Invalid as exc:
                form.template.errors = list(exc.errors.get("template", [exc.detail]))
                status = 422
            else:
                flash("Skabelonen er gemt. Nye dokumenter bygges på den; se eksemplet nedenfor.", "success")
                return redirect(url_for("templates.template_page"))
        elif form.errors:
            status = 422
        current = unit.session.get(DocumentTemplate, municipality.slug)
        _, key = _sample(unit.session, municipality)
        return render_template("decisions/template.html", form=form, current=current, municipality=municipality,
                               key=key[:16], pages=range(1, PAGES_SHOWN + 1),
                               images=page_images.available()), status


@bp.get("/eksempel.docx")
def sample_docx():
    with uow() as unit:
        municipality = _municipality(unit.session)
        body, _ = _sample(unit.session, municipality)
        return file_download(body, DOCX, f"eksempel-referat-{municipality.slug}.docx")


@bp.get("/eksempel-<int:page>.png")
def sample_page(page: int):
    with uow() as unit:
        municipality = _municipality(unit.session)
        body, key = _sample(unit.session, municipality)
    drawn = page_images.page_images(key, body, pages=PAGES_SHOWN)
    if not 1 <= page <= len(drawn):
        abort(404)
    response = Response(drawn[page - 1], mimetype="image/png")
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response
