"""Control characters and the nomination form: any text in any field is either stored
clean or refused beside the field in Danish (never a 500, never a broken insert on
PostgreSQL), and the Word annex never fails on what was stored before the rule."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, update

from services.awards.models import Nomination
from services.awards.tests.conftest import log_in, nominate
from services.awards.tests.integration.test_nomination_form import filled, form_path
from shared.control_characters import MESSAGE, has_forbidden_characters

pytestmark = pytest.mark.integration

TEXT_FIELDS = ("company_name", "company_address", "reason_0", "reason_2", "nominator_name", "nominator_phone")
CONTROL_HEAVY = st.text(alphabet=st.sampled_from("aæ7 \t\n\r\x00\x01\x08\x0b\x0c\x1b\x1f\x7f\u2028\ufffe"),
                        min_size=1, max_size=12)
TEXTS = st.one_of(st.text(max_size=80), CONTROL_HEAVY)


def _count(runtime) -> int:
    with runtime.uow() as uow:
        return uow.session.scalar(select(func.count()).select_from(Nomination))


def _texts_stored(runtime) -> list[str]:
    with runtime.uow() as uow:
        texts = []
        for row in uow.session.scalars(select(Nomination)):
            texts += [row.company_name, row.company_address, row.nominator_name, row.nominator_phone or "", *row.reasons]
        return texts


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(TEXT_FIELDS), text=TEXTS)
def test_any_text_in_any_field_is_stored_clean_or_refused_in_danish(client, runtime, award_round, field, text):
    before = _count(runtime)
    html = client.get(form_path()).get_data(as_text=True)

    response = client.post(form_path(), data=filled(html, **{field: text}))

    assert response.status_code in (303, 422), response.status_code
    if has_forbidden_characters(text):
        assert response.status_code == 422
        assert MESSAGE in response.get_data(as_text=True)
        assert _count(runtime) == before
    assert not any(has_forbidden_characters(stored) for stored in _texts_stored(runtime))


def test_the_annex_leaves_out_what_xml_cannot_hold_in_text_stored_earlier(app, client, runtime, lejre, award_round):
    nomination_id = nominate(runtime, award_round)
    # Text stored before the rule existed (PostgreSQL takes every C0 character but NUL).
    odd = "Tømrer\x01 & \x0bSnedker\x1f\ufffe ApS"
    with runtime.uow() as uow:
        uow.session.execute(update(Nomination).where(Nomination.id == nomination_id).values(
            company_name=odd, company_address="Vej\x0c 12", reasons=["Har\x02 ansat\x1b tre.", "", ""]))
        uow.commit()
    log_in(app, client, lejre.secretary())

    annex = client.get(f"/sekretariat/runder/{award_round}/kandidater.docx")

    assert annex.status_code == 200
    document = zipfile.ZipFile(io.BytesIO(annex.data)).read("word/document.xml").decode()
    assert "Tømrer &amp; Snedker ApS" in document and "Har ansat tre." in document and "Vej 12" in document
