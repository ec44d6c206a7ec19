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
from shared.tests.sessions import log_in
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
def secretary(pages, meeting, runtime):
    client = pages
    principal = Principal(role="secretary", user_id=uuid.uuid4(), municipality_id=meeting["municipality_id"],
                          name="Sekretær")
    log_in(runtime, client, principal)
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


def _decide(client, meeting, item, **data):
    page = f"/sekretariat/moeder/{meeting['meeting']['id']}/punkter/{item['id']}"
    return post_form(client, page, data={"decided_on": "2020-01-08", **data})


def _texts(runtime) -> list[str]:
    with runtime.uow() as uow:
        return [d.text for d in uow.session.query(Decision)]


def test_editing_a_decision_by_picking_another_quick_choice_saves_the_new_choice(secretary, runtime, meeting):
    item = meeting["items"][0]
    assert _decide(secretary, meeting, item, quick="Godkendt", text="").status_code == 302
    page = f"/sekretariat/moeder/{meeting['meeting']['id']}/punkter/{item['id']}"
    html = secretary.get(page).get_data(as_text=True)
    assert re.search(r'<input[^>]*checked[^>]*value="Godkendt"|<input[^>]*value="Godkendt"[^>]*checked', html), \
        "the page opens with the saved choice"

    # The field still holds the old text, as the browser sends it without JavaScript.
    response = _decide(secretary, meeting, item, quick="Drøftet", text="Godkendt")

    assert response.status_code == 302
    assert _texts(runtime) == ["Drøftet"]


def test_editing_a_decision_into_own_words_saves_the_words(secretary, runtime, meeting):
    item = meeting["items"][0]
    _decide(secretary, meeting, item, quick="Godkendt", text="")

    response = _decide(secretary, meeting, item, quick="", text="Udsat til næste møde.")

    assert response.status_code == 302
    assert _texts(runtime) == ["Udsat til næste møde."]


def test_a_quick_choice_over_new_own_words_is_refused_and_nothing_changes(secretary, runtime, meeting):
    item = meeting["items"][0]
    _decide(secretary, meeting, item, quick="", text="Udsat.")

    response = _decide(secretary, meeting, item, quick="Godkendt", text="Godkendt med en bemærkning.")

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Vælg »Egen tekst«" in html and "Godkendt med en bemærkning." in html
    assert _texts(runtime) == ["Udsat."]


def test_the_decision_page_has_no_inline_script(secretary, meeting):
    item = meeting["items"][0]
    html = secretary.get(f"/sekretariat/moeder/{meeting['meeting']['id']}/punkter/{item['id']}").get_data(as_text=True)
    assert "<script>" not in html and 'data-fills="text"' in html and 'data-saved=""' in html


def test_the_meeting_is_finished_from_the_minutes_page_with_times_in_local_time(secretary, runtime, meeting):
    for item in meeting["items"]:
        _decide(secretary, meeting, item, quick="Godkendt", text="")
    page = f"/sekretariat/moeder/{meeting['meeting']['id']}"
    html = secretary.get(page).get_data(as_text=True)
    assert "2 af 2 punkter har en beslutning" in html and "mødet markeres som afholdt" in html

    response = post_form(secretary, page, f"{page}/godkend")

    assert response.status_code == 302
    html = secretary.get(page).get_data(as_text=True)
    assert "Referat godkendt, version 1" in html and 'id="ret"' in html
    versions = re.search(r"Version 1, godkendt ([^<:]+kl\. \d\d:\d\d)", html).group(1)
    assert "UTC" not in html and versions.startswith(("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag",
                                                      "søndag"))


def test_a_future_meetings_minutes_page_says_when_they_can_be_approved(secretary, agenda, meeting):
    moved = agenda.reschedule(meeting["meeting"], date(2099, 1, 7))
    html = secretary.get(f"/sekretariat/moeder/{moved['id']}").get_data(as_text=True)
    assert "Mødet holdes 7. januar 2099. Referatet kan godkendes fra den dag." in html
    assert "Godkend referatet</button>" not in html
