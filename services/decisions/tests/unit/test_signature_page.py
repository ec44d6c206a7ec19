"""The referat's last page, "Underskrifter", as Word reads it: every member present with
the time they signed (in the meeting's time zone) and any reservation, or blank lines for
a hand-written signature; on a municipality's own template too."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from docx import Document

from services.decisions.documents.render import render_document
from services.decisions.documents.signature_page import SignatureLine, SignaturePage, page_writer
from services.decisions.tests.documents_factory import demo_referat, municipal_template
from services.decisions.tests.docx_reading import lines

PAGE = SignaturePage(version=2, timezone="Europe/Copenhagen", lines=(
    SignatureLine("Christian Plank", datetime(2020, 1, 9, 7, 5, tzinfo=UTC)),
    SignatureLine("Ole Blickfeldt (O)", datetime(2020, 1, 10, 15, 30, tzinfo=UTC),
                  "Punkt 3 (Evaluering): Punktet blev udsat.\x0b"),
    SignatureLine("Lotte Greve (O), stedfortræder for Steen Hansen", None),
))


@pytest.mark.parametrize("template", [None, "municipal", "municipal without Table Grid"])
def test_the_signature_page_comes_last_with_each_member_present(template):
    own = {None: None, "municipal": municipal_template(),
           "municipal without Table Grid": municipal_template(drop_styles=("Table Grid",))}[template]
    word = render_document(demo_referat(), own, page_writer(PAGE))

    body = lines(word)
    start = body.index(("Heading 1", "Underskrifter"))
    assert start > max(i for i, (style, _) in enumerate(body[:start]) if style == "Heading 1")
    assert "Referatet, version 2." in body[start + 1][1]
    rows = [[cell.text for cell in row.cells] for row in Document(io.BytesIO(word)).tables[-1].rows]
    assert rows == [
        ["Medlem", "Underskrevet", "Forbehold"],
        ["Christian Plank", "9. januar 2020 kl. 08:05", ""],
        ["Ole Blickfeldt (O)", "10. januar 2020 kl. 16:30", "Punkt 3 (Evaluering): Punktet blev udsat."],
        ["Lotte Greve (O), stedfortræder for Steen Hansen", "_" * 30 + "\nDato og underskrift", ""],
    ]


def test_without_members_present_the_page_says_so():
    word = render_document(demo_referat(), None, page_writer(SignaturePage(1, "Europe/Copenhagen", ())))
    assert "Ingen medlemmer deltog i mødet." in [text for _, text in lines(word)]
