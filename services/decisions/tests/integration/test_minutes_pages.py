"""The secretariat's minutes pages: wrong input gets a Danish message beside its field and
keeps what was typed; right input is recorded."""

from __future__ import annotations

import re
import uuid
from datetime import date

import pytest

from services.decisions.app import create_app
from services.decisions.models import Attendance, Decision
from shared.auth import Principal
from shared.auth.session import SESSION_KEY
from tests.support.pages import post_form

pytestmark = pytest.mark.integration


@pytest.fixture
def meeting(agenda):
    agenda.municipality()
    committee = agenda.committee(members=(("Steen Hansen", "O"), ("Ole Blickfeldt", "O")))
    meeting = agenda.meeting(committee, day=date(2020, 1, 8))
    items = [agenda.item(1, "Godkendelse af dagsorden"), agenda.item(2, "Årsplan", points=("at a", "at b"))]
    agenda.publish(meeting, items)
    return {"meeting": meeting, "committee": committee, "items": items, "municipality_id": agenda.municipality_id}


@pytest.fixture
def pages(runtime):
    """A browser's view: forms carry and need their CSRF tokens."""
    return create_app(runtime).test_client()


@pytest.fixture
def secretary(pages, meeting):
    client = pages
    principal = Principal(role="secretary", user_id=uuid.uuid4(), municipality_id=meeting["municipality_id"])
    with client.session_transaction() as session:
        session[SESSION_KEY] = {"role": principal.role, "user_id": str(principal.user_id),
                                "municipality_id": str(principal.municipality_id), "member_id": None,
                                "name": "Sekretær"}
    return client


def _member_key(meeting, name: str) -> str:
    return uuid.UUID(str(next(m["member_id"] for m in meeting["committee"]["members"] if m["name"] == name))).hex


def test_a_too_long_substitute_is_refused_beside_the_field_and_the_ticks_are_kept(secretary, runtime, meeting):
    steen, ole = _member_key(meeting, "Steen Hansen"), _member_key(meeting, "Ole Blickfeldt")
    page = f"/sekretariat/moeder/{meeting['meeting']['id']}"
    response = post_form(secretary, page, f"{page}/fremmoede", data={
        f"absent_{steen}": "y", f"substitute_{steen}": "x" * 201, f"substitute_{ole}": "Lotte Greve"})

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Højst 200 tegn." in html
    ticked = re.search(rf'<input[^>]*name="absent_{steen}"[^>]*>', html).group(0)
    assert "checked" in ticked
    assert 'value="Lotte Greve"' in html
    with runtime.uow() as uow:
        assert uow.session.query(Attendance).count() == 0, "nothing half-saved"


def test_attendance_with_an_absence_is_recorded(secretary, runtime, meeting):
    steen = _member_key(meeting, "Steen Hansen")
    page = f"/sekretariat/moeder/{meeting['meeting']['id']}"
    response = post_form(secretary, page, f"{page}/fremmoede", data={f"absent_{steen}": "y"})

    assert response.status_code == 302
    with runtime.uow() as uow:
        absent = [a.name for a in uow.session.query(Attendance).filter_by(absent=True)]
    assert absent == ["Steen Hansen"]


def test_a_decision_with_a_bad_date_keeps_the_text_and_says_so_beside_the_date(secretary, runtime, meeting):
    item = meeting["items"][1]
    response = post_form(secretary, f"/sekretariat/moeder/{meeting['meeting']['id']}/punkter/{item['id']}", data={
        "quick": "", "text": "Udvalget drøftede årsplanen.", "point_1": "Godkendt.", "point_2": "Drøftet.",
        "minority": "", "decided_on": "31-02-2020"})

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Udvalget drøftede årsplanen." in html and "Drøftet." in html
    assert 'id="decided_on-error"' in html
    with runtime.uow() as uow:
        assert uow.session.query(Decision).count() == 0


def test_a_decision_without_text_or_answers_is_refused_with_a_danish_message(secretary, meeting):
    item = meeting["items"][0]
    response = post_form(secretary, f"/sekretariat/moeder/{meeting['meeting']['id']}/punkter/{item['id']}",
                         data={"quick": "", "text": "", "minority": "Mindretallet er imod."})

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Mindretallet er imod." in html
    assert 'class="error-text"' in html


def test_a_quick_choice_becomes_the_decision_text(secretary, runtime, meeting):
    item = meeting["items"][0]
    response = post_form(secretary, f"/sekretariat/moeder/{meeting['meeting']['id']}/punkter/{item['id']}",
                         data={"quick": "Godkendt", "text": "", "decided_on": "2020-01-08"})

    assert response.status_code == 302
    with runtime.uow() as uow:
        assert [d.text for d in uow.session.query(Decision)] == ["Godkendt"]


def test_the_pages_need_a_login(pages, meeting):
    response = pages.get(f"/sekretariat/moeder/{meeting['meeting']['id']}")

    assert response.status_code == 403
    assert "Log ind" in response.get_data(as_text=True)
