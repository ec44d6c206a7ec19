"""The Word documents (services.decisions.documents.render), read back as Word reads them:
the demo referat of 8 January 2020 against the real Lejre minutes, the public variant
against leaks of closed items, a municipality's template, and LibreOffice opening it."""

from __future__ import annotations

import dataclasses
import io
import json
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from services.decisions.documents.render import render_document
from services.decisions.tests.documents_factory import (
    TEMPLATE_BODY_TEXT,
    TEMPLATE_HEADER,
    TEMPLATE_HEADING_FONT,
    TEMPLATE_OWN_STYLE,
    demo_dagsorden,
    demo_referat,
    municipal_template,
    with_approval,
    with_closed_item,
    with_substitute,
)
from services.decisions.tests.docx_reading import items, lines, part_text, parts, texts

ROOT = Path(__file__).resolve().parents[4]
EXPECTED = json.loads((ROOT / "tests" / "fixtures" / "lejre_2020_01_08_expected.json").read_text(encoding="utf-8"))
SECRET = "QX7HEMMELIGZ9"


@pytest.fixture(scope="module")
def referat() -> bytes:
    return render_document(demo_referat("internal"))


# --- the demo referat against the real minutes -----------------------------------------


def test_demo_referat_contains_every_reference_heading_section_and_decision_in_order(referat):
    found = items(referat)
    assert [item[0][1] for item in found] == [expected["heading"] for expected in EXPECTED["items"]]
    for item, expected in zip(found, EXPECTED["items"]):
        where = expected["heading"]
        # the case number stands right under the heading
        if expected["case_number"]:
            assert item[1][1] == f"Sagsnummer {expected['case_number']}", where
        else:
            assert "Sagsnummer" not in " ".join(texts(item)), where
        sections = [text for style, text in item if style == "Heading 2"]
        assert [("Beslutning" if s.startswith("Beslutning ") else s) for s in sections] == \
            expected["section_headings"], where
        decisions = [(index, text) for index, (style, text) in enumerate(item)
                     if style == "Heading 2" and text.startswith("Beslutning ")]
        assert [text for _, text in decisions] == [
            f"Beslutning {d['committee']} den {d['date']}" for d in expected["decisions"]], where
        for (index, _), decision in zip(decisions, expected["decisions"]):
            assert item[index + 1][1].startswith(decision["text_starts_with"]), where


def test_shared_item_shows_the_other_committees_earlier_decision_first(referat):
    item_10 = texts(items(referat)[9])
    bu = item_10.index("Beslutning Udvalget for Børn & Ungdom den 07-01-2020")
    ja = item_10.index("Beslutning Udvalget for Job & Arbejdsmarked den 08-01-2020")
    assert bu < ja
    assert item_10[bu:ja] == ["Beslutning Udvalget for Børn & Ungdom den 07-01-2020", "Taget til efterretning.",
                              "Afbud:", "Lotte Greve (V)"]


def test_title_names_the_document_committee_and_date(referat):
    assert ("Title", "REFERAT Udvalget for Job & Arbejdsmarked d. 08-01-2020") in lines(referat)


def test_meeting_block_has_danish_date_place_and_participants_with_absence(referat):
    block = [text for style, text in lines(referat) if style == "table"][:6]
    assert block == [
        "Mødedato", "Onsdag d. 8. januar 2020 kl. 16:30",
        "Mødested", "Mødelokale 1, Lejrevej 15, 4320, Allerslev",
        "Mødedeltagere",
        "Christian Plank, Martin Stokholm, Bjørn Lykke Sørensen, Ole Blickfeldt, Steen Hansen (Afbud), Henrik Nielsen",
    ]


def test_meeting_block_table_has_no_borders(referat):
    word = Document(io.BytesIO(referat))
    borders = word.tables[0]._tbl.tblPr.find(qn("w:tblBorders"))
    assert {side.get(qn("w:val")) for side in borders} == {"nil"}


def test_substitute_is_named_after_the_absent_member():
    data = render_document(with_substitute(demo_referat(), "Steen Hansen", "Anna Jensen"))
    participants = [text for style, text in lines(data) if style == "table"][5]
    assert "Steen Hansen (Afbud), Anna Jensen (stedfortræder for Steen Hansen), Henrik Nielsen" in participants


def test_member_not_taking_part_and_the_absent_are_written_under_the_decision(referat):
    item_1 = texts(items(referat)[0])
    assert item_1 == ["Punkt 1: JA - Godkendelse af dagsorden",
                      "Beslutning Udvalget for Job & Arbejdsmarked den 08-01-2020",
                      "Godkendt",
                      "Ole Blickfeldt (O) deltog ikke i behandlingen af punktet.",
                      "Afbud:",
                      "Steen Hansen (O)"]
    for item in items(referat):
        item_texts = texts(item)
        afbud = [i for i, text in enumerate(item_texts) if text == "Afbud:"]
        assert afbud, item_texts[0]
        assert item_texts[afbud[-1] + 1] == "Steen Hansen (O)"


def test_point_answers_are_written_as_ad(referat):
    item_6 = texts(items(referat)[5])
    assert "Ad 1: Indstillingen tiltrådt." in item_6 and "Ad 2: Forslaget i sagsfremstillingen tiltrådt." in item_6


def test_recommendation_has_intro_and_numbered_points(referat):
    word = Document(io.BytesIO(referat))
    paragraphs = word.paragraphs
    at = next(i for i, p in enumerate(paragraphs) if p.text == "Direktionen indstiller:"
              and "at form og indhold af dialogmøder i 2019 drøftes" in paragraphs[i + 1].text)
    points = paragraphs[at + 1:at + 3]
    assert [p.text for p in points] == ["at form og indhold af dialogmøder i 2019 drøftes",
                                        "at form og indhold af de kommende møder i 2020 fastsættes"]
    assert all(p.style.name == "List Number" for p in points)
    assert all(p._p.pPr.numPr is not None for p in points)


def test_each_numbered_list_starts_again_at_one(referat):
    word = Document(io.BytesIO(referat))
    numbering = word.part.numbering_part.element
    numbered = [p for p in word.paragraphs if p.style.name == "List Number"]
    num_ids = {p._p.pPr.numPr.numId.val for p in numbered}
    assert len(num_ids) > 5  # one list per recommendation
    for num_id in num_ids:
        num = numbering.xpath(f'./w:num[@w:numId="{num_id}"]')[0]
        assert num.xpath("./w:lvlOverride/w:startOverride/@w:val") == ["1"]


def test_markdown_bold_bullets_and_table_reach_the_document(referat):
    word = Document(io.BytesIO(referat))
    bold = [run.text for p in word.paragraphs for run in p.runs if run.bold]
    assert "B. Jobforum Sjællands jobcenterhistorier december 2019" in bold
    bullets = [p.text for p in word.paragraphs if p.style.name == "List Bullet"]
    assert "Beskæftigelsesplan 2020" in bullets
    budget = next(t for t in word.tables if t.cell(0, 0).text == "Post")
    assert budget.style.name == "Table Grid"
    assert [c.text for c in budget.rows[-1].cells] == ["I alt", "20.000 kr."]
    assert all(run.bold for cell in budget.rows[0].cells for run in cell.paragraphs[0].runs)
    assert budget._tbl.tblPr.find(qn("w:tblBorders")).find(qn("w:insideH")).get(qn("w:val")) == "single"


def test_attachments_are_listed_under_bilag(referat):
    item_8 = items(referat)[7]
    at = texts(item_8).index("Bilag")
    assert item_8[at + 1:at + 3] == [("List Bullet", "Lov Sociale investeringsfond."),
                                     ("List Bullet", "Faktaark_Den Sociale Kapitalfond")]


def test_every_item_starts_on_a_new_page(referat):
    word = Document(io.BytesIO(referat))
    headings = [p for p in word.paragraphs if p.style.name == "Heading 1"]
    assert len(headings) == 11 and all(p.paragraph_format.page_break_before for p in headings)


def test_approved_minutes_say_when_they_were_approved():
    data = render_document(with_approval(demo_referat("public"), date(2020, 2, 5)))
    assert "Offentlig udgave · Godkendt 5. februar 2020" in texts(lines(data))


# --- fields: table of contents and page numbers -----------------------------------------


def test_contents_list_every_item_with_a_page_field_word_updates_on_opening(referat):
    toc = [text for style, text in lines(referat) if style.lower() == "toc 1"]
    assert toc == [f"{expected['heading']}\t?" for expected in EXPECTED["items"]]
    assert "Indholdsfortegnelse" in texts(lines(referat))
    document_xml = part_text(referat, "word/document.xml")
    page_fields = re.findall(r'<w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r><w:r><w:instrText '
                             r'xml:space="preserve"> PAGEREF (\S+) \\h </w:instrText>', document_xml)
    bookmarks = re.findall(r'<w:bookmarkStart w:id="\d+" w:name="([^"]+)"/>', document_xml)
    assert len(page_fields) == 11 and page_fields == bookmarks
    settings = part_text(referat, "word/settings.xml")
    assert '<w:updateFields w:val="true"/>' in settings
    assert settings.index("<w:updateFields") < settings.index("<w:compat")  # schema order


def test_toc_entries_link_to_bookmarks_on_the_item_headings(referat):
    document_xml = part_text(referat, "word/document.xml")
    anchors = re.findall(r'<w:hyperlink w:anchor="([^"]+)"', document_xml)
    bookmarks = re.findall(r'<w:bookmarkStart w:id="\d+" w:name="([^"]+)"/>', document_xml)
    assert len(anchors) == 11 and anchors == bookmarks


def test_footer_has_page_x_of_y_fields_and_header_names_committee_and_date(referat):
    word = Document(io.BytesIO(referat))
    footer = word.sections[0].footer._element.xml
    assert "Side " in footer and " af " in footer
    assert re.search(r"<w:instrText[^>]*> PAGE </w:instrText>", footer)
    assert re.search(r"<w:instrText[^>]*> NUMPAGES </w:instrText>", footer)
    header = "\n".join(p.text for p in word.sections[0].header.paragraphs)
    assert "Udvalget for Job & Arbejdsmarked d. 08-01-2020" in header


def test_core_properties_have_a_title_and_no_personal_author(referat):
    props = Document(io.BytesIO(referat)).core_properties
    assert props.title == "Referat Udvalget for Job & Arbejdsmarked 08-01-2020"
    assert props.author == "Lejre Kommune" and props.last_modified_by == "Lejre Kommune"
    assert "python-docx" not in part_text(referat, "docProps/core.xml")


def test_document_is_danish_a4(referat):
    word = Document(io.BytesIO(referat))
    assert 'w:val="da-DK"' in part_text(referat, "word/styles.xml")
    assert round(word.sections[0].page_width.cm, 1) == 21.0 and round(word.sections[0].page_height.cm, 1) == 29.7


# --- public variant: closed items ---------------------------------------------------------


def test_public_variant_shows_a_closed_item_only_as_lukket_punkt_in_every_part():
    document = with_closed_item(demo_referat(), 3, SECRET)
    public = render_document(dataclasses.replace(document, variant="public"))
    for name, content in parts(public).items():
        assert SECRET.encode() not in content, f"{SECRET} in {name}"
    assert "Personalesag" not in " ".join(
        content.decode("utf-8", "replace") for content in parts(public).values())
    item_3 = items(public)[2]
    assert item_3 == [("Heading 1", "Punkt 3: Lukket punkt")]
    toc = [text for style, text in lines(public) if style.lower() == "toc 1"]
    assert toc[2] == "Punkt 3: Lukket punkt\t?"
    assert "Offentlig udgave" in texts(lines(public))
    # the neighbours are whole
    assert items(public)[3][0][1] == "Punkt 4: JA - Forslag til program for dialogmøde med beskæftigelsesforum"


def test_internal_variant_shows_a_closed_item_whole_and_marked():
    internal = render_document(with_closed_item(demo_referat(), 3, SECRET))
    item_3 = texts(items(internal)[2])
    assert item_3[0] == f"Punkt 3: JA - Personalesag {SECRET} (Lukket punkt)"
    joined = "\n".join(item_3)
    for expected in (f"Sagsnummer 20/{SECRET}", f"Afsnit resume {SECRET}", f"at {SECRET} godkendes",
                     f"Bilag {SECRET}.pdf", f"Godkendt {SECRET}.", f"Ad 1: Svar {SECRET}",
                     f"Mindretalsudtalelse: Mindretal {SECRET}",
                     f"Inhabil {SECRET} (O) deltog ikke i behandlingen af punktet.", f"Fraværende {SECRET}"):
        assert expected in joined
    assert "Intern udgave – indeholder lukkede punkter" in texts(lines(internal))


# --- the municipality's template ----------------------------------------------------------


def test_template_keeps_its_header_logo_and_styles_and_loses_its_body_text():
    data = render_document(demo_referat(), municipal_template())
    word = Document(io.BytesIO(data))
    header = word.sections[0].header
    assert TEMPLATE_HEADER in "\n".join(p.text for p in header.paragraphs)
    assert header._element.xpath(".//pic:pic")  # the logo
    assert any(name.startswith("word/media/") for name in parts(data))
    assert "Udvalget for Job & Arbejdsmarked d. 08-01-2020" in "\n".join(p.text for p in header.paragraphs)
    heading = word.styles["Heading 1"]
    assert heading.font.name == TEMPLATE_HEADING_FONT
    headings = [p for p in word.paragraphs if p.text.startswith("Punkt 1:") and p.style.name.lower() != "toc 1"]
    assert [p.style.name for p in headings] == ["Heading 1"]
    assert TEMPLATE_OWN_STYLE in [s.name for s in word.styles]
    assert TEMPLATE_BODY_TEXT not in part_text(data, "word/document.xml")
    assert "Endnu en eksempelparagraf" not in part_text(data, "word/document.xml")


def test_template_without_list_and_heading_styles_gets_them_created():
    data = render_document(demo_referat(), municipal_template(drop_styles=("List Number", "List Bullet", "Heading 2")))
    word = Document(io.BytesIO(data))
    names = {s.name for s in word.styles}
    assert {"List Number", "List Bullet", "Heading 2"} <= names
    assert "Indstilling" in [p.text for p in word.paragraphs if p.style.name == "Heading 2"]


# --- the agenda -----------------------------------------------------------------------------


def test_agenda_has_no_decision_blocks():
    data = render_document(demo_dagsorden("public"))
    all_texts = texts(lines(data))
    assert "DAGSORDEN Udvalget for Job & Arbejdsmarked d. 08-01-2020" in all_texts
    assert not [text for text in all_texts if text.startswith("Beslutning ")]
    assert "Afbud:" not in all_texts
    assert not any("deltog ikke i behandlingen" in text for text in all_texts)
    item_3 = [text for style, text in items(data)[2] if style == "Heading 2"]
    assert item_3 == ["Resumé", "Indstilling", "Beslutningskompetence", "Sagsfremstilling", "Udtalelser",
                      "Administrationens vurdering", "Handicappolitik", "Økonomi og finansiering"]


# --- LibreOffice ----------------------------------------------------------------------------


def _office() -> str | None:
    return shutil.which("libreoffice") or shutil.which("soffice")


def test_libreoffice_converts_the_demo_referat_to_pdf(tmp_path, referat):
    office = _office()
    if office is None or not shutil.which("pdftotext"):
        # make test installs both (tests/support/ensure-system-packages.sh).
        pytest.fail("LibreOffice or pdftotext is missing: apt-get install libreoffice-writer-nogui poppler-utils")
    docx = tmp_path / "referat.docx"
    docx.write_bytes(referat)
    profile = tmp_path / "lo-profile"
    converted = subprocess.run(
        [office, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(docx)],
        check=False, capture_output=True, text=True, timeout=300,
    )
    assert converted.returncode == 0, converted.stderr
    pdf = tmp_path / "referat.pdf"
    assert pdf.exists() and pdf.stat().st_size > 10_000, converted.stdout + converted.stderr
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Punkt 11: JA - Eventuelt" in text
    assert "Side 1 af " in text
    pages = text.split("\f")
    assert "Indholdsfortegnelse" in pages[0] and "Punkt 1: JA - Godkendelse af dagsorden" in pages[1]
    assert not [number for number, page in enumerate(pages[:-1], start=1) if not page.strip()], "empty pages"
    # The contents give each item's real page, as laid out.
    for expected in EXPECTED["items"]:
        listed = re.search(re.escape(expected["heading"]) + r"\.+\s*(\d+)", pages[0])
        assert listed, f"{expected['heading']} has no page number in the contents"
        # A long heading wraps in the page text: its start is enough to find it.
        starts_on = next(number for number, page in enumerate(pages, start=1)
                         if number > 1 and expected["heading"][:40] in page)
        assert int(listed.group(1)) == starts_on, expected["heading"]


# --- Word's strictness ----------------------------------------------------------------------

_ORDER = {
    "pPr": ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
            "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
            "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
            "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
            "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
            "sectPr", "pPrChange"),
    "rPr": ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
            "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing",
            "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText",
            "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath"),
    "tblPr": ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
              "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar",
              "tblLook", "tblCaption", "tblDescription"),
    "tcPr": ("cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
             "textDirection", "tcFitText", "vAlign", "hideMark"),
}


@pytest.mark.parametrize("template", [False, True], ids=["own-look", "municipal-template"])
def test_property_elements_stand_in_schema_order(template):
    """Word calls a file with properties out of their schema order damaged."""
    from lxml import etree

    data = render_document(with_closed_item(demo_referat(), 3, SECRET), municipal_template() if template else None)
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    problems = []
    for name, content in parts(data).items():
        if not (name.startswith("word/") and name.endswith(".xml")):
            continue
        root = etree.fromstring(content)
        for kind, order in _ORDER.items():
            for element in root.iter(f"{w}{kind}"):
                tags = [child.tag.replace(w, "") for child in element if isinstance(child.tag, str)]
                known = [tag for tag in tags if tag in order]
                if known != sorted(known, key=order.index) or len(set(known)) != len(known):
                    problems.append(f"{name}: {kind} {tags}")
    assert problems == []
