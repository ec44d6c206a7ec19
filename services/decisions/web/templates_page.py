"""The secretariat uploads the municipality's own Word template for its documents."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_wtf.file import FileField, FileRequired

from services.decisions.models import DocumentTemplate, MunicipalityCopy
from services.decisions.operations.templates import upload_template
from shared.api.app import request_uow as uow
from shared.auth.session import principal_from_session
from shared.errors import Forbidden, Invalid
from shared.web.forms import DanishForm

bp = Blueprint("templates", __name__, template_folder="templates", url_prefix="/sekretariat/skabelon")


class TemplateForm(DanishForm):
    template = FileField("Word-skabelon (.docx)", validators=[FileRequired("Vælg en fil.")])


@bp.route("/", methods=["GET", "POST"])
def template_page():
    caller = principal_from_session()
    if caller.role != "secretary":
        raise Forbidden("Siden er for kommunens udvalgssekretærer.")
    form = TemplateForm()
    with uow() as unit:
        municipality = unit.session.get(MunicipalityCopy, caller.municipality_id)
        if municipality is None:
            raise Forbidden("Din kommune er ikke kendt af denne tjeneste endnu.")
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
                flash("Skabelonen er gemt. Nye dokumenter bygges på den.", "success")
                return redirect(url_for("templates.template_page"))
        elif form.errors:
            status = 422
        current = unit.session.get(DocumentTemplate, municipality.slug)
        return render_template("decisions/template.html", form=form, current=current,
                               municipality=municipality), status
