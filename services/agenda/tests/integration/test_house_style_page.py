"""The secretariat's house-style page: the example shows what the documents will print,
the section list changes without JavaScript, and a style that would make an agenda
impossible to publish is refused beside its field with everything typed kept."""

from __future__ import annotations

import re

import pytest

from services.agenda.models import Municipality
from services.agenda.tests.conftest import PASSWORD
from services.agenda.tests.integration.helpers import (
    create_committee,
    outbox_events,
    register_municipality,
)
from tests.support.pages import form_fields, log_in

pytestmark = pytest.mark.integration

PAGE = "/sekretariat/husstil/"


@pytest.fixture
def page(client, accounts):
    register_municipality(client, accounts.admin(), "roskilde")
    headers = accounts.secretary("roskilde")
    create_committee(client, headers, "roskilde", code="KF", name="Kultur- og Fritidsudvalget")
    log_in(client, "sekretaer@roskilde.dk", PASSWORD)
    return client


def _send(client, action: str, **changes) -> tuple[int, str]:
    fields = form_fields(client.get(PAGE).get_data(as_text=True), "husstil")
    for name, value in changes.items():
        if value is None:
            fields.pop(name, None)
        else:
            fields[name] = value
    response = client.post(PAGE, data={**fields, "handling": action})
    return response.status_code, response.get_data(as_text=True)


def _stored(runtime) -> Municipality:
    with runtime.uow() as uow:
        found = uow.session.query(Municipality).filter_by(slug="roskilde").one()
        uow.session.expunge(found)
        return found


def _section_titles(html: str) -> list[str]:
    return re.findall(r'name="sections-\d+-title" type="text" value="([^"]*)"', html)


def test_the_page_shows_the_sections_and_an_example_in_the_municipalitys_wording(page):
    html = page.get(PAGE).get_data(as_text=True)
    assert _section_titles(html)[:3] == ["Resumé", "Indstilling", "Beslutningskompetence"]
    assert "Punkt 2: KF - Eksempel på en sag" in html
    assert "Beslutning Kultur- og Fritidsudvalget den " in html
    assert "REFERAT Kultur- og Fritidsudvalget d. " in html
    assert "Punkt 3: Lukket punkt" in html
    assert "<script>" not in html and "housestyle.js" in html and "onclick" not in html


def test_vis_eksempel_shows_what_was_typed_and_stores_nothing(page, runtime):
    status, html = _send(page, "vis", decision_heading="Beslutninger", absence_label="Fraværende",
                         closed_marker_position="before", closed_in_public="title", title_with_code=None)
    assert status == 200
    assert "Ændringerne er ikke gemt endnu." in html
    assert '<p class="paper-h2">Beslutninger</p>' in html and "Fraværende:" in html
    assert "Punkt 2: Eksempel på en sag" in html
    assert "Punkt 3: (Lukket punkt) Eksempel på et lukket punkt" in html
    assert _stored(runtime).document_style["decision_heading"] == "Beslutning {udvalg} den {dato}"


def test_the_preview_part_alone_answers_the_pages_script(page):
    fields = form_fields(page.get(PAGE).get_data(as_text=True), "husstil")
    response = page.post(PAGE + "?del=eksempel", data={**fields, "decision_heading": "Vedtaget den {dato}"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in html and "Vedtaget den " in html


def test_sections_move_get_added_and_removed_before_anything_is_stored(page, runtime):
    _, html = _send(page, "ned-0")
    assert _section_titles(html)[:2] == ["Indstilling", "Resumé"]
    fields = form_fields(html, "husstil")
    html = page.post(PAGE, data={**fields, "handling": "tilfoej", "new_title": "Sags-ID", "new_kind": "text"}) \
        .get_data(as_text=True)
    assert _section_titles(html)[-1] == "Sags-ID"
    assert 'value="sags_id"' in html
    fields = form_fields(html, "husstil")
    html = page.post(PAGE, data={**fields, "handling": "fjern-0"}).get_data(as_text=True)
    assert _section_titles(html)[0] == "Resumé"
    assert next(s["title"] for s in _stored(runtime).section_template) == "Resumé"
    response = page.post(PAGE, data={**form_fields(html, "husstil"), "handling": "gem"})
    assert response.status_code == 302
    stored = [s["title"] for s in _stored(runtime).section_template]
    assert stored[0] == "Resumé" and stored[-1] == "Sags-ID" and "Indstilling" not in stored


def test_a_style_without_sections_is_refused_with_a_clear_message_and_nothing_changes(page, runtime):
    fields = form_fields(page.get(PAGE).get_data(as_text=True), "husstil")
    kept = {name: value for name, value in fields.items() if not name.startswith("sections-")}
    response = page.post(PAGE, data={**kept, "handling": "gem", "absence_label": "Fraværende"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Skabelonen skal have mindst ét afsnit; uden afsnit kan ingen dagsorden skrives." in html
    assert 'value="Fraværende"' in html
    assert len(_stored(runtime).section_template) == 10


def test_a_case_number_format_that_does_not_compile_is_refused_beside_the_field(page, runtime):
    status, html = _send(page, "gem", case_number_pattern=r"^\d{2}/(\d+$", decision_heading="Beslutning {komite}")
    assert status == 422
    assert re.search(r'id="case_number_pattern-error">Formatet kan ikke bruges', html)
    assert "{komite} kendes ikke. Brug {udvalg} for udvalgets navn og {dato} for datoen." in html
    assert r'value="^\d{2}/(\d+$"' in html
    assert _stored(runtime).agenda_rules["case_number_pattern"] == r"^\d{2}/\d{1,6}$"


def test_a_case_number_example_that_fails_its_own_format_is_refused(page):
    status, html = _send(page, "gem", case_number_pattern=r"^\d{4}-\d{3}$", case_number_example="19/11559")
    assert status == 422
    assert "Eksemplet »19/11559« passer ikke til formatet; ret det ene eller det andet." in html


def test_saving_stores_the_style_and_announces_it(page, runtime):
    status, _ = _send(page, "gem", decision_heading="Beslutninger", absence_label="Fraværende",
                      closed_items="first", closed_in_public="title_and_decision",
                      case_number_pattern=r"^\d{4}-\d{3}$", case_number_example="2024-017")
    assert status == 302
    stored = _stored(runtime)
    assert stored.document_style["decision_heading"] == "Beslutninger"
    assert stored.agenda_rules["closed_items"] == "first"
    [event] = outbox_events(runtime, "agenda.municipality.updated.v1")
    assert event["data"]["municipality"]["document_style"]["closed_in_public"] == "title_and_decision"
    assert event["data"]["municipality"]["case_number_example"] == "2024-017"
    assert "Husstilen er gemt." in page.get(PAGE).get_data(as_text=True)


def test_the_navigation_links_to_the_house_style_and_the_word_template(page):
    html = page.get("/sekretariat/").get_data(as_text=True)
    assert 'href="/agenda/sekretariat/husstil/">Husstil</a>' in html
    assert 'href="/decisions/sekretariat/skabelon/">Word-skabelon</a>' in html


def test_the_page_is_for_the_secretariat(client, accounts):
    register_municipality(client, accounts.admin(), "roskilde")
    assert client.get(PAGE).status_code == 302  # to the login page


def test_a_control_character_or_an_overlong_section_title_is_refused_in_danish(page, runtime):
    status, html = _send(page, "gem", **{"sections-0-title": "Resumé\x00", "sections-1-title": "x" * 101})
    assert status == 422
    assert re.search(r'id="sections-0-title-error">[^<]*tegn', html)
    assert re.search(r'id="sections-1-title-error">Højst 100 tegn', html)
    assert _stored(runtime).section_template[0]["title"] == "Resumé"
