"""A municipality's own Word template: checked when uploaded, used for every document."""

from __future__ import annotations

import io
import zipfile

from docx import Document
from sqlalchemy.orm import Session

from services.decisions.models import DocumentTemplate
from shared.auth import Principal
from shared.db.uow import UnitOfWork
from shared.errors import Forbidden, Invalid
from shared.uploads import DOCX, checked_upload

MAX_TEMPLATE_BYTES = 5 * 1024 * 1024


def template_for(session: Session, municipality_slug: str) -> bytes | None:
    found = session.get(DocumentTemplate, municipality_slug)
    return found.content if found else None


def upload_template(uow: UnitOfWork, principal: Principal, municipality_id, municipality_slug: str,
                    filename: str, content: bytes) -> DocumentTemplate:
    if not principal.manages(municipality_id):
        raise Forbidden("Kun kommunens sekretariat kan skifte skabelon.")
    upload = checked_upload("template", filename, content, allowed=(DOCX,), max_bytes=MAX_TEMPLATE_BYTES)
    # A Word document by its parts may still be one python-docx cannot build on.
    try:
        Document(io.BytesIO(content))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise Invalid("Filen er ikke et Word-dokument.", {"template": ["Vælg en .docx-fil fra Word."]}) from exc
    found = uow.session.get(DocumentTemplate, municipality_slug) or DocumentTemplate(municipality_slug=municipality_slug)
    found.filename, found.content, found.uploaded_by = upload.filename, upload.content, principal.user_id
    uow.session.add(found)
    uow.commit()
    return found
