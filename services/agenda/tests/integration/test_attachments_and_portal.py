"""Bilag uploaded on the item page, downloadable where the item may be seen, and the
portal's link to the minutes once the decisions service announces their approval."""

from __future__ import annotations

import io
import uuid
from datetime import UTC, datetime

import pytest

from services.agenda.handlers import minutes_approved
from services.agenda.models import AttachmentFile, Meeting
from services.agenda.tests.conftest import PASSWORD
from services.agenda.tests.integration.helpers import (
    add_item,
    create_committee,
    register_municipality,
    schedule_meeting,
)
from shared.events import Envelope, build_envelope, parse_envelope
from tests.support.pages import log_in, post_form

pytestmark = pytest.mark.integration

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def planned(client, accounts):
    """A meeting with an open and a closed item, and a secretary logged in on the pages."""
    register_municipality(client, accounts.admin(), "roskilde")
    secretary = accounts.secretary("roskilde")
    committee = create_committee(client, secretary, "roskilde")
    meeting = schedule_meeting(client, secretary, committee["id"])
    add_item(client, secretary, meeting["id"], title="Budget")
    detail = add_item(client, secretary, meeting["id"], title="Personalesag", closed=True)
    open_item, closed_item = detail["items"]
    log_in(client, "sekretaer@roskilde.dk", PASSWORD)
    return {"headers": secretary, "meeting": meeting, "open": open_item, "closed": closed_item}


def _upload(client, item_id, meeting_id, name: str, content: bytes):
    page = f"/sekretariat/punkter/{item_id}?moede={meeting_id}"
    return post_form(client, page, f"/sekretariat/punkter/{item_id}/bilag?moede={meeting_id}",
                     data={"file": (io.BytesIO(content), name)}, content_type="multipart/form-data")


def _file_id(runtime, item_id, name) -> uuid.UUID:
    with runtime.uow() as uow:
        return uow.session.query(AttachmentFile).filter_by(item_id=uuid.UUID(item_id), filename=name).one().id


def _publish(client, headers, meeting_id) -> None:
    response = client.post(f"/api/v1/meetings/{meeting_id}/publish", headers=headers)
    assert response.status_code == 200, response.json


def test_uploaded_bilag_is_listed_on_the_agenda_and_public_once_published(client, runtime, planned):
    meeting_id, item = planned["meeting"]["id"], planned["open"]

    response = _upload(client, item["id"], meeting_id, "Budgetnotat æøå.pdf", PDF)
    assert response.status_code == 302
    agenda = client.get(f"/api/v1/meetings/{meeting_id}", headers=planned["headers"]).json
    assert agenda["items"][0]["attachments"] == ["Budgetnotat æøå.pdf"]

    file_id = _file_id(runtime, item["id"], "Budgetnotat æøå.pdf")
    client.post("/logout")
    client.delete_cookie("udvalg_session")
    assert client.get(f"/bilag/{file_id}").status_code == 404, "not public before the agenda is published"

    _publish(client, planned["headers"], meeting_id)
    download = client.get(f"/bilag/{file_id}")
    assert download.status_code == 200
    assert download.data == PDF
    assert download.mimetype == "application/pdf"
    assert "attachment" in download.headers["Content-Disposition"]
    portal = client.get(f"/roskilde/moeder/{meeting_id}").get_data(as_text=True)
    assert f'href="/bilag/{file_id}"' in portal


def test_bilag_of_a_closed_item_is_never_public(client, runtime, planned):
    meeting_id, item = planned["meeting"]["id"], planned["closed"]
    _upload(client, item["id"], meeting_id, "Fortroligt.pdf", PDF)
    _publish(client, planned["headers"], meeting_id)
    file_id = _file_id(runtime, item["id"], "Fortroligt.pdf")

    assert client.get(f"/bilag/{file_id}").status_code == 200, "the secretariat can read it"
    client.delete_cookie("udvalg_session")
    assert client.get(f"/bilag/{file_id}").status_code == 404
    assert "Fortroligt" not in client.get(f"/roskilde/moeder/{meeting_id}").get_data(as_text=True)


def test_a_file_that_is_not_a_document_gets_a_danish_message_beside_the_field(client, planned):
    response = _upload(client, planned["open"]["id"], planned["meeting"]["id"], "virus.pdf", b"MZ\x90\x00 not a pdf")

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="file-error"' in html
    assert "Filen skal være en af disse typer: PDF" in html


def test_a_second_bilag_with_the_same_name_is_refused(client, planned):
    item_id, meeting_id = planned["open"]["id"], planned["meeting"]["id"]
    _upload(client, item_id, meeting_id, "Notat.pdf", PDF)

    response = _upload(client, item_id, meeting_id, "Notat.pdf", PDF)

    assert response.status_code == 409
    assert "Der er allerede et bilag med det navn" in response.get_data(as_text=True)


def test_removing_a_bilag_takes_it_off_the_agenda(client, runtime, planned):
    item_id, meeting_id = planned["open"]["id"], planned["meeting"]["id"]
    _upload(client, item_id, meeting_id, "Notat.pdf", PDF)
    file_id = _file_id(runtime, item_id, "Notat.pdf")

    page = f"/sekretariat/punkter/{item_id}?moede={meeting_id}"
    response = post_form(client, page, f"/sekretariat/punkter/{item_id}/bilag/{file_id}/slet?moede={meeting_id}")

    assert response.status_code == 302
    agenda = client.get(f"/api/v1/meetings/{meeting_id}", headers=planned["headers"]).json
    assert agenda["items"][0]["attachments"] == []


def _approval(meeting_id: str, version: int) -> Envelope:
    """An approval as events before the decisions and attendance travelled with it: still readable."""
    return parse_envelope(build_envelope("decisions.minutes.approved.v1", {
        "meeting_id": uuid.UUID(meeting_id), "committee_id": uuid.uuid4(), "municipality_slug": "roskilde",
        "version": version, "approved_at": datetime(2030, 3, 20, 12, tzinfo=UTC), "correction_reason": None,
    }, source="/udvalg/decisions", subject=f"meetings/{meeting_id}"))


def test_portal_links_to_the_minutes_only_once_they_are_approved(client, runtime, planned):
    meeting_id = planned["meeting"]["id"]
    _publish(client, planned["headers"], meeting_id)
    client.delete_cookie("udvalg_session")
    assert "Hent referatet" not in client.get(f"/roskilde/moeder/{meeting_id}").get_data(as_text=True)
    assert "Referat godkendt" not in client.get("/roskilde/udvalg/JA/").get_data(as_text=True)

    with runtime.uow() as uow:
        minutes_approved(uow, _approval(meeting_id, 2))
        minutes_approved(uow, _approval(meeting_id, 1))
        uow.commit()

    with runtime.uow() as uow:
        assert uow.session.get(Meeting, uuid.UUID(meeting_id)).minutes_version == 2, "an older version never wins"
    assert "Hent referatet" in client.get(f"/roskilde/moeder/{meeting_id}").get_data(as_text=True)
    assert "Referat godkendt" in client.get("/roskilde/udvalg/JA/").get_data(as_text=True)
