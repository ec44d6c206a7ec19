"""The Word documents in another municipality's house style: every fixed wording from
the document's style, closed items shown to the public as far as the style says, the
sections the municipality keeps internal left out of the public variant; and approved
minutes stored before there were styles read back as they printed."""

from __future__ import annotations

import dataclasses

from services.decisions.documents.model import SectionSpec
from services.decisions.documents.render import render_document
from services.decisions.documents.snapshot import document_from_dict, document_to_dict
from services.decisions.tests.documents_factory import demo_referat, with_closed_item
from services.decisions.tests.docx_reading import items, lines, parts, texts
from shared.housestyle import DocumentStyle

SECRET = "QX7HEMMELIGZ9"
STYLE = DocumentStyle(
    case_number_label="Sags-ID",
    decision_heading="Beslutninger",
    absence_label="Fraværende",
    closed_marker="Fortroligt",
    closed_marker_position="before",
    title_with_code=False,
    date_label="Dato",
    place_label="Sted",
    participants_label="Til stede",
    closed_in_public="title",
)


def styled(style: DocumentStyle = STYLE, **changes):
    return dataclasses.replace(with_closed_item(demo_referat(), 3, SECRET), style=style, **changes)


def test_every_fixed_wording_comes_from_the_style():
    internal = render_document(styled())
    item_2 = texts(items(internal)[1])
    assert item_2[:2] == ["Punkt 2: Orientering - januar", "Sags-ID 19/11679"]
    assert "Beslutninger" in item_2 and "Fraværende:" in item_2
    assert not any(text.startswith(("Beslutning Udvalget", "Afbud")) for text in item_2)
    block = [text for style, text in lines(internal) if style == "table"][:6]
    assert block[0::2] == ["Dato", "Sted", "Til stede"]
    assert "Steen Hansen (Fraværende)" in block[5]
    assert texts(items(internal)[2])[0] == f"Punkt 3: (Fortroligt) Personalesag {SECRET}"


def test_a_decision_heading_fills_in_committee_and_date_where_the_municipality_puts_them():
    style = dataclasses.replace(STYLE, decision_heading="{dato}: {udvalg} besluttede")
    item_1 = texts(items(render_document(styled(style)))[0])
    assert item_1[1] == "08-01-2020: Udvalget for Job & Arbejdsmarked besluttede"


def test_the_public_sees_a_closed_items_title_and_nothing_else_when_titles_are_shown():
    public = render_document(styled(variant="public"))
    assert items(public)[2] == [("Heading 1", f"Punkt 3: (Fortroligt) Personalesag {SECRET}")]
    everything = b"".join(parts(public).values()).decode("utf-8", "replace")
    assert f"Godkendt {SECRET}" not in everything and f"20/{SECRET}" not in everything
    assert f"Afsnit resume {SECRET}" not in everything


def test_the_public_sees_a_closed_items_decision_when_the_municipality_publishes_it():
    style = dataclasses.replace(STYLE, closed_in_public="title_and_decision")
    item_3 = texts(items(render_document(styled(style, variant="public")))[2])
    assert item_3[:3] == [f"Punkt 3: (Fortroligt) Personalesag {SECRET}", "Beslutninger", f"Godkendt {SECRET}."]
    assert f"Fraværende {SECRET}" in item_3
    joined = "\n".join(item_3)
    assert f"20/{SECRET}" not in joined and f"Afsnit resume {SECRET}" not in joined
    assert f"at {SECRET} godkendes" not in joined and f"Bilag {SECRET}.pdf" not in joined


def test_hidden_closed_items_stay_hidden_whatever_else_the_style_says():
    style = dataclasses.replace(STYLE, closed_in_public="hidden")
    public = render_document(styled(style, variant="public"))
    assert items(public)[2] == [("Heading 1", "Punkt 3: Fortroligt")]
    for name, content in parts(public).items():
        assert SECRET.encode() not in content, name


def test_sections_the_municipality_keeps_internal_are_left_out_of_the_public_variant_only():
    document = demo_referat()
    template = tuple(SectionSpec(s.key, s.title, s.kind, public=s.key != "sagsfremstilling")
                     for s in document.template)
    internal = render_document(dataclasses.replace(document, template=template))
    public = render_document(dataclasses.replace(document, template=template, variant="public"))
    assert "Sagsfremstilling" in texts(items(internal)[2])
    assert "Sagsfremstilling" not in texts(items(public)[2])
    assert "Resumé" in texts(items(public)[2])


def test_minutes_approved_before_house_styles_read_back_with_the_wording_they_printed():
    stored = document_to_dict(demo_referat())
    del stored["style"]
    for spec in stored["template"]:
        del spec["public"]
    document = document_from_dict(stored)
    assert document.style == DocumentStyle() and all(spec.public for spec in document.template)
    assert render_document(document) and texts(items(render_document(document))[0])[1] == \
        "Beslutning Udvalget for Job & Arbejdsmarked den 08-01-2020"


def test_an_approved_document_keeps_its_style_through_storage():
    document = styled()
    assert document_from_dict(document_to_dict(document)).style == STYLE
