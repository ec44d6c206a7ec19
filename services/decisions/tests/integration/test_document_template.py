"""A municipality's own Word template: checked by content when uploaded, then used."""

from __future__ import annotations

import io
import uuid

import pytest
from docx import Document

from services.decisions.models import DocumentTemplate
from services.decisions.operations.templates import template_for, upload_template
from shared.auth import Principal
from shared.errors import Forbidden, Invalid

pytestmark = pytest.mark.integration


def _docx() -> bytes:
    buffer = io.BytesIO()
    Document().save(buffer)
    return buffer.getvalue()


@pytest.fixture
def secretary():
    return Principal(role="secretary", user_id=uuid.uuid4(), municipality_id=uuid.uuid4())


def test_a_word_document_becomes_the_municipalitys_template_under_a_clean_name(runtime, secretary):
    word = _docx()
    with runtime.uow() as uow:
        upload_template(uow, secretary, secretary.municipality_id, "lejre", "C:\\Skabeloner\\Lejre brev.docx", word)
    with runtime.uow() as uow:
        assert template_for(uow.session, "lejre") == word
        assert uow.session.get(DocumentTemplate, "lejre").filename == "Lejre brev.docx"


def test_a_file_that_is_not_word_is_refused_in_danish(runtime, secretary):
    with runtime.uow() as uow, pytest.raises(Invalid) as refused:
        upload_template(uow, secretary, secretary.municipality_id, "lejre", "skabelon.docx", b"%PDF-1.4 not word")
    assert refused.value.errors == {"template": ["Filen skal være en af disse typer: Word-dokument."]}


def test_another_municipalitys_secretary_cannot_change_the_template(runtime, secretary):
    with runtime.uow() as uow, pytest.raises(Forbidden):
        upload_template(uow, secretary, uuid.uuid4(), "roskilde", "skabelon.docx", _docx())
