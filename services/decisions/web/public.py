"""Approved minutes for everyone: open items only, closed ones reduced to their number."""

from __future__ import annotations

import uuid

from flask import Blueprint, render_template

from services.decisions.documents.snapshot import document_from_dict
from services.decisions.operations.access import meeting
from services.decisions.operations.minutes import latest_approved
from shared import housestyle
from shared.api.app import request_uow as uow
from shared.errors import NotFound

bp = Blueprint("public", __name__, template_folder="templates", url_prefix="/referat")


@bp.get("/<uuid:meeting_id>")
def minutes_page(meeting_id: uuid.UUID):
    with uow() as unit:
        found = meeting(unit.session, meeting_id)
        approved = latest_approved(unit.session, meeting_id)
        if approved is None:
            raise NotFound("Referatet er ikke godkendt endnu.")
        document = document_from_dict(approved.document, variant="public", approved_at=approved.approved_at)
        return render_template("decisions/public_minutes.html", meeting=found, document=document,
                               version=approved, hs=housestyle)
