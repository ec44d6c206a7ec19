"""The Word documents: dagsorden and referat, internal and public."""

from __future__ import annotations

import uuid

from flask import Blueprint, Response, request

from services.decisions.documents.assemble import agenda_document, minutes_document
from services.decisions.documents.model import Variant
from services.decisions.documents.render import Appendix, render_document
from services.decisions.documents.signature_page import page_writer
from services.decisions.documents.snapshot import document_from_dict
from services.decisions.operations.access import may_read_internal, meeting
from services.decisions.operations.minutes import latest_approved, minutes_of
from services.decisions.operations.signoff import signature_page
from services.decisions.operations.templates import template_for
from shared.api.app import request_uow as uow
from shared.auth.session import principal_from_session
from shared.errors import Forbidden, NotFound
from shared.uploads import DOCX
from shared.web import file_download

bp = Blueprint("documents", __name__, url_prefix="/moeder")

VARIANTS: dict[str, Variant] = {"offentlig": "public", "intern": "internal"}


def _variant() -> Variant:
    variant = VARIANTS.get(request.args.get("udgave", "offentlig"))
    if variant is None:
        raise NotFound("Udgaven findes ikke: vælg »offentlig« eller »intern«.")
    return variant


def _require_internal(found) -> None:
    if not may_read_internal(principal_from_session(), found):
        raise Forbidden("Den interne udgave er for udvalgets medlemmer og sekretariatet. Log ind.")


def _send(unit, found, document, name: str, variant: str, appendix: Appendix | None = None) -> Response:
    filename = f"{name}-{document.committee_name.split()[-1].lower()}-{document.starts_at:%Y-%m-%d}"
    filename += "-intern.docx" if variant == "internal" else ".docx"
    body = render_document(document, template_for(unit.session, found.municipality_slug), appendix)
    return file_download(body, DOCX, filename, public=variant == "public")


@bp.get("/<uuid:meeting_id>/dagsorden.docx")
def agenda_docx(meeting_id: uuid.UUID):
    variant = _variant()
    with uow() as unit:
        found = meeting(unit.session, meeting_id)
        if variant == "internal":
            _require_internal(found)
        return _send(unit, found, agenda_document(unit.session, found, variant=variant), "dagsorden", variant)


@bp.get("/<uuid:meeting_id>/referat.docx")
def minutes_docx(meeting_id: uuid.UUID):
    """Public: the last approved version. Internal: the approved version with its signature
    page (who has signed, when, and their reservations), or the draft."""
    variant = _variant()
    with uow() as unit:
        found = meeting(unit.session, meeting_id)
        approved = latest_approved(unit.session, meeting_id)
        if variant == "public":
            if approved is None:
                raise NotFound("Referatet er ikke godkendt endnu.")
            return _send(unit, found, document_from_dict(approved.document, variant="public", approved_at=approved.approved_at),
                         "referat", variant)
        _require_internal(found)
        minutes = minutes_of(unit.session, found)
        page = signature_page(unit.session, found)
        if approved is not None and page is not None:
            document = document_from_dict(approved.document, approved_at=approved.approved_at)
            return _send(unit, found, document, "referat", variant, page_writer(page))
        document = minutes_document(unit.session, found, variant="internal", version=minutes.version + 1)
        return _send(unit, found, document, "referat", variant)
