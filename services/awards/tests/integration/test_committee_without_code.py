"""A committee without a code (the title prefix is optional) is offered by its name on
the round's form and its meetings by the committee's name; older events that do not carry
the code field at all are taken as no code."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest

from services.awards.models import CommitteeCopy
from services.awards.tests.conftest import log_in

pytestmark = pytest.mark.integration


def test_the_round_form_names_a_committee_without_a_code_by_its_name(app, client, runtime, lejre):
    agenda = lejre.agenda
    committee = {"id": uuid.uuid4(), "municipality_id": lejre.municipality_id, "municipality_slug": "lejre",
                 "name": "Erhvervsudvalget", "members": []}
    agenda.send("agenda.committee.created.v1", {"committee": committee})
    meeting = agenda.meeting({**committee, "code": None}, day=date.today() + timedelta(days=40), status="planned",
                             agenda_version=0)
    agenda.send("agenda.meeting.scheduled.v1", {"meeting": meeting})
    log_in(app, client, lejre.secretary())

    page = client.get("/sekretariat/runder/ny").get_data(as_text=True)

    with runtime.uow() as uow:
        assert uow.session.get(CommitteeCopy, committee["id"]).code is None
    assert f'<option value="{committee["id"]}">Erhvervsudvalget</option>' in page
    assert "Erhvervsudvalget: " in page and "None" not in page
