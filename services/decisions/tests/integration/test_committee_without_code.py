"""A committee without a code (the title prefix is optional): its events carry none, and
the decisions service prints its items' titles without a prefix, even where the house
style puts codes before titles."""

from __future__ import annotations

import io
import uuid

import pytest
from docx import Document

from services.decisions.operations import minutes as ops
from shared.auth import Principal
from shared.tests.sessions import log_in

pytestmark = pytest.mark.integration


def test_the_minutes_of_a_committee_without_a_code_print_titles_without_a_prefix(runtime, agenda, client):
    agenda.municipality(document_style={"title_with_code": True})
    committee = agenda.committee(code=None, name="Teknik- og Miljøudvalget")
    meeting = agenda.meeting(committee)
    item = agenda.item(1, "Budgetopfølgning", owner=None)
    agenda.publish(meeting, [item], document_style={"title_with_code": True})
    secretary = Principal(role="secretary", user_id=uuid.uuid4(), municipality_id=agenda.municipality_id)
    with runtime.uow() as uow:
        ops.record_decision(uow, secretary, meeting["id"], item["id"], {"text": "Godkendt."})
    with runtime.uow() as uow:
        ops.approve_minutes(uow, secretary, meeting["id"])
    log_in(runtime, client, secretary)

    page = client.get(f"/sekretariat/moeder/{meeting['id']}").get_data(as_text=True)
    docx = client.get(f"/moeder/{meeting['id']}/referat.docx?udgave=offentlig")
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.data)).paragraphs)

    assert "Punkt 1: Budgetopfølgning" in page and "None" not in page
    assert "Punkt 1: Budgetopfølgning" in text and " - Budgetopfølgning" not in text


def test_an_older_committee_event_without_the_code_field_is_taken_as_no_code(runtime, agenda):
    from services.decisions.models import CommitteeCopy

    agenda.municipality()
    committee = {"id": uuid.uuid4(), "municipality_id": agenda.municipality_id, "municipality_slug": "lejre",
                 "name": "Teknik- og Miljøudvalget", "members": []}
    agenda.send("agenda.committee.created.v1", {"committee": committee})

    with runtime.uow() as uow:
        assert uow.session.get(CommitteeCopy, committee["id"]).code is None
