"""The decisions service learns the house style from the agenda service's events: the
dagsorden prints the wording it was published with, the minutes being written the
municipality's current wording, and approved minutes keep theirs for good."""

from __future__ import annotations

import io
import uuid

import pytest
from docx import Document

from services.decisions.documents.assemble import agenda_document, minutes_document
from services.decisions.models import MeetingCopy, MunicipalityCopy
from services.decisions.operations import minutes as ops
from shared.auth import Principal
from shared.housestyle import DocumentStyle

pytestmark = pytest.mark.integration

OWN = {"decision_heading": "Beslutninger", "absence_label": "Fraværende", "closed_marker": "Fortroligt",
       "closed_marker_position": "before", "title_with_code": False, "closed_in_public": "title_and_decision"}


@pytest.fixture
def held(agenda):
    agenda.municipality(document_style=OWN)
    committee = agenda.committee(members=(("Steen Hansen", "O"), ("Anna Berg", "A")))
    meeting = agenda.meeting(committee)
    items = [agenda.item(1, "Åben sag"), agenda.item(2, "Personalesag QX7", closed=True)]
    agenda.publish(meeting, items, document_style={**OWN, "absence_label": "Afbud ved udsendelse"})
    return {"meeting": meeting, "items": items, "committee": committee,
            "secretary": Principal(role="secretary", user_id=uuid.uuid4(), municipality_id=agenda.municipality_id)}


def _approve(runtime, held):
    secretary, meeting_id = held["secretary"], held["meeting"]["id"]
    with runtime.uow() as uow:
        member = uuid.UUID(str(held["committee"]["members"][0]["member_id"]))
        ops.record_attendance(uow, secretary, meeting_id, [{"member_id": member, "absent": True}])
    for item in held["items"]:
        with runtime.uow() as uow:
            ops.record_decision(uow, secretary, meeting_id, item["id"], {"text": f"Godkendt {item['title']}."})
    with runtime.uow() as uow:
        ops.approve_minutes(uow, secretary, meeting_id)


def test_events_from_before_house_styles_give_the_default_wording(runtime, agenda):
    agenda.municipality()
    committee = agenda.committee()
    meeting = agenda.meeting(committee)
    agenda.publish(meeting, [agenda.item(1, "Sag")])
    with runtime.uow() as uow:
        copy = uow.session.get(MeetingCopy, meeting["id"])
        assert DocumentStyle.from_dict(copy.document_style) == DocumentStyle()
        assert agenda_document(uow.session, copy, variant="public").style == DocumentStyle()


def test_the_agenda_prints_its_published_wording_and_the_minutes_the_current_one(runtime, held):
    with runtime.uow() as uow:
        copy = uow.session.get(MeetingCopy, held["meeting"]["id"])
        assert agenda_document(uow.session, copy, variant="internal").style.absence_label == "Afbud ved udsendelse"
        assert minutes_document(uow.session, copy, variant="internal", version=1).style.absence_label == "Fraværende"
        municipality = uow.session.get(MunicipalityCopy, copy.committee.municipality_id)
        assert next(s["key"] for s in municipality.section_template) == "resume"


def test_approved_minutes_keep_the_wording_they_were_approved_with(runtime, agenda, client, held):
    _approve(runtime, held)
    agenda.municipality(document_style={**OWN, "decision_heading": "Ny overskrift", "closed_in_public": "hidden"},
                        event_type="agenda.municipality.updated.v1")
    meeting_id = held["meeting"]["id"]
    page = client.get(f"/referat/{meeting_id}").get_data(as_text=True)
    assert "Punkt 2: (Fortroligt) Personalesag QX7" in page
    assert "Godkendt Personalesag QX7." in page and "Ny overskrift" not in page
    assert "Resumé af Personalesag QX7." not in page and "19/11559" not in page.split("Punkt 2:")[1]
    assert "Fraværende:" in page and "Steen Hansen (Fraværende)" in page
    docx = client.get(f"/moeder/{meeting_id}/referat.docx?udgave=offentlig")
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.data)).paragraphs)
    assert "Punkt 2: (Fortroligt) Personalesag QX7" in text and "Godkendt Personalesag QX7." in text
    assert "Beslutninger" in text and "Ny overskrift" not in text
