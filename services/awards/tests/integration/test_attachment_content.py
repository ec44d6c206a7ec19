"""The public form refuses an attachment that would act when opened, beside the field in
Danish, and stores nothing: a PDF that runs JavaScript on opening, a PNG followed by an
SVG with a script."""

from __future__ import annotations

from io import BytesIO

import pytest

from services.awards.tests.integration.test_nomination_form import filled, form_path, stored
from shared.tests.unit.test_active_content import BAD_PDFS, PIXEL, SVG_SCRIPT

pytestmark = pytest.mark.integration


@pytest.mark.parametrize(("content", "filename", "message"), [
    (BAD_PDFS["JavaScript on opening"], "indstilling.pdf", "PDF-filen indeholder JavaScript"),
    (PIXEL + SVG_SCRIPT, "logo.png", "Billedet indeholder andet end et billede"),
])
def test_an_attachment_that_would_act_is_refused_beside_the_field(client, runtime, award_round, content, filename,
                                                                  message):
    html = client.get(form_path()).get_data(as_text=True)
    response = client.post(form_path(), data={**filled(html), "attachment": (BytesIO(content), filename)},
                           content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="attachment-error"' in page and message in page
    assert stored(runtime) == []
