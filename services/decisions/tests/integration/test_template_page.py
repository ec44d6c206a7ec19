"""The Word-template page: what a template changes, the upload, and a sample referat in
the municipality's house style built on it, as a .docx and as page images."""

from __future__ import annotations

import io
import uuid

import pytest
from docx import Document

from services.decisions.documents import page_images
from services.decisions.tests.documents_factory import TEMPLATE_HEADER, municipal_template
from shared.auth import Principal
from shared.tests.sessions import log_in
from tests.support.pages import post_form

pytestmark = pytest.mark.integration

PAGE = "/sekretariat/skabelon/"
STYLE = {"decision_heading": "Beslutninger", "absence_label": "Fraværende", "closed_marker": "Fortroligt",
         "case_number_label": "Sags-ID"}


@pytest.fixture
def secretary(runtime, agenda):
    from services.decisions.app import create_app

    agenda.municipality(document_style=STYLE)
    agenda.committee(code="KF", name="Kultur- og Fritidsudvalget", members=(("Anna Berg", "A"), ("Ib Holm", "V")))
    client = create_app(runtime).test_client()
    log_in(runtime, client, Principal(role="secretary", user_id=uuid.uuid4(),
                                      municipality_id=agenda.municipality_id, name="Sekretær"))
    return client


def _paragraphs(data: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(data)).paragraphs]


def test_the_page_says_what_a_template_changes_and_links_the_sample(secretary):
    html = secretary.get(PAGE).get_data(as_text=True)
    for words in ("sideopsætningen", "brevhoved, sidehoved og sidefod", "skrifttyper og typografier"):
        assert words in html
    assert "/sekretariat/skabelon/eksempel.docx" in html


def test_the_sample_is_a_referat_in_the_municipalitys_house_style(secretary):
    response = secretary.get(PAGE + "eksempel.docx")
    assert response.status_code == 200
    text = _paragraphs(response.data)
    assert text[0].startswith("REFERAT Kultur- og Fritidsudvalget d. ")
    assert "Punkt 1: KF - Eksempel på en sag" in text and "Beslutninger" in text and "Fraværende:" in text
    assert "Punkt 2: KF - Eksempel på et lukket punkt (Fortroligt)" in text


def test_an_uploaded_template_is_used_for_the_sample(secretary):
    response = post_form(secretary, PAGE, data={"template": (io.BytesIO(municipal_template()), "skabelon.docx")},
                         content_type="multipart/form-data")
    assert response.status_code == 302
    assert "skabelon.docx" in secretary.get(PAGE).get_data(as_text=True)
    sample = Document(io.BytesIO(secretary.get(PAGE + "eksempel.docx").data))
    assert TEMPLATE_HEADER in "\n".join(p.text for p in sample.sections[0].header.paragraphs)


@pytest.mark.skipif(not page_images.available(), reason="LibreOffice and pdftoppm are not installed")
def test_the_sample_is_shown_as_page_images_when_libreoffice_is_installed(secretary):
    html = secretary.get(PAGE).get_data(as_text=True)
    assert 'alt="Side 1 af eksempel-referatet' in html
    response = secretary.get(PAGE + "eksempel-1.png")
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert response.data.startswith(b"\x89PNG")
    assert secretary.get(PAGE + "eksempel-9.png").status_code == 404


def test_the_page_is_for_the_municipalitys_secretaries(runtime, agenda):
    from services.decisions.app import create_app

    agenda.municipality()
    assert create_app(runtime).test_client().get(PAGE).status_code == 403
