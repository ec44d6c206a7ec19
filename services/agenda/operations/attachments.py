"""Bilag: files uploaded to an agenda item, and who may download them."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.agenda.models import AttachmentFile, Item
from services.agenda.operations.access import managed_item
from services.agenda.operations.agendas import latest_version, sits_on_committee
from services.agenda.operations.meetings import require_agenda_editable
from services.agenda.presenters import public_item, published_style
from shared.auth import Principal
from shared.db.types import utcnow
from shared.db.uow import UnitOfWork
from shared.errors import Conflict, NotFound
from shared.uploads import DOCX, JPEG, PDF, PNG, PPTX, XLSX, checked_upload

ALLOWED_TYPES = (PDF, DOCX, XLSX, PPTX, PNG, JPEG)
MAX_BYTES = 15 * 1024 * 1024


def add_attachment(uow: UnitOfWork, principal: Principal, item_id: uuid.UUID, filename: str, content: bytes,
                   ) -> AttachmentFile:
    item = managed_item(uow.session, principal, item_id)
    for entry in item.entries:
        require_agenda_editable(entry.meeting)
    upload = checked_upload("file", filename, content, allowed=ALLOWED_TYPES, max_bytes=MAX_BYTES)
    if any(file.filename == upload.filename for file in item.files):
        raise Conflict(f"Punktet har allerede et bilag med navnet {upload.filename}.",
                       {"file": ["Der er allerede et bilag med det navn. Omdøb filen eller slet det gamle bilag."]})
    now = utcnow()
    attachment = AttachmentFile(filename=upload.filename, content_type=upload.content_type, size=len(content),
                                content=upload.content, uploaded_at=now, uploaded_by=principal.user_id)
    item.files.append(attachment)
    item.updated_at = now
    uow.commit()
    return attachment


def remove_attachment(uow: UnitOfWork, principal: Principal, item_id: uuid.UUID, file_id: uuid.UUID) -> None:
    item = managed_item(uow.session, principal, item_id)
    for entry in item.entries:
        require_agenda_editable(entry.meeting)
    attachment = next((file for file in item.files if file.id == file_id), None)
    if attachment is None:
        raise NotFound("Bilaget findes ikke.")
    item.files.remove(attachment)
    uow.commit()


def _published_with(session: Session, item: Item, filename: str) -> bool:
    """Whether a published agenda showed this bilag to the public (under an open item
    whose bilag section the municipality publishes)."""
    for entry in item.entries:
        version = latest_version(session, entry.meeting)
        if version is None:
            continue
        style = published_style(version)
        for shown in version.snapshot["items"]:
            if str(shown["id"]) == str(item.id) and filename in public_item(shown, style)["attachments"]:
                return True
    return False


def downloadable_attachment(session: Session, principal: Principal, file_id: uuid.UUID) -> AttachmentFile:
    """The file, if the principal may read it: the secretariat always, the committee's
    members once it is published, everybody else only under an open published item.
    Anything else is answered as if the file did not exist."""
    attachment = session.get(AttachmentFile, file_id)
    if attachment is None:
        raise NotFound("Bilaget findes ikke.")
    item = attachment.item
    if principal.manages(item.municipality_id):
        return attachment
    if any(sits_on_committee(principal, entry.meeting) and entry.meeting.agenda_version
           for entry in item.entries):
        return attachment
    if not item.closed and _published_with(session, item, attachment.filename):
        return attachment
    raise NotFound("Bilaget findes ikke.")


def files_by_item(session: Session, item_ids: list) -> dict[str, dict[str, uuid.UUID]]:
    """For links on agenda pages: item id (as text) → bilag name → file id. Ids may come
    as text from a published agenda's snapshot."""
    ids = [uuid.UUID(str(item_id)) for item_id in item_ids]
    rows = session.execute(
        select(AttachmentFile.item_id, AttachmentFile.filename, AttachmentFile.id).where(
            AttachmentFile.item_id.in_(ids)
        )
    )
    found: dict[str, dict[str, uuid.UUID]] = {}
    for item_id, filename, file_id in rows:
        found.setdefault(str(item_id), {})[filename] = file_id
    return found
