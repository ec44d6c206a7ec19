"""Approved minutes for everyone: open items only, closed ones reduced to their number."""

from __future__ import annotations

import uuid

from flask import Blueprint, render_template

from services.decisions.documents.snapshot import document_from_dict
from services.decisions.operations.access import meeting
from services.decisions.operations.minutes import latest_approved
from services.decisions.operations.signoff import signing_for
from shared import housestyle
from shared.api.app import request_uow as uow
from shared.auth.session import principal_from_session
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
        caller = principal_from_session()
        # A member who was present and has not signed is asked to, here too.
        signing = signing_for(unit.session, caller, found) if caller.member_id else None
        to_sign = signing is not None and signing.state == "approved" and signing.line is not None \
            and not signing.line.signed
        return render_template("decisions/public_minutes.html", meeting=found, document=document,
                               version=approved, hs=housestyle, to_sign=to_sign)
