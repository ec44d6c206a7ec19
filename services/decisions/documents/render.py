"""The Word document (.docx) of a dagsorden or referat, laid out as the municipalities'
own minutes are (as the reference minutes the demo reproduces): title, meeting block,
table of contents, then one item per page with its sections in the municipality's
order and the committees' decisions where the template puts them.

Every fixed wording (case-number label, decision heading, absence heading, closed-item
marker, meeting block labels) comes from the document's style, the municipality's house
style, through shared.housestyle's text functions.

The public variant shows of a closed item what the municipality's style allows: by
default "Punkt N: Lukket punkt" and nothing else (no title, case number, section,
attachment or decision of it is written to any part of the file); the title, or the
title and the decisions, if the municipality publishes them. Sections the municipality
keeps internal are left out of it. A municipality's own .docx template supplies styles,
letterhead and logo.
"""

from __future__ import annotations

import dataclasses
import io
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from functools import cache
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml.ns import nsmap, qn
from docx.oxml.parser import oxml_parser
from docx.oxml.table import CT_Tbl
from docx.shared import Cm, Emu, Pt, RGBColor
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph
from docx.text.run import Run as DocxRun

from services.decisions.documents.model import (
    DecisionBlock,
    DocumentItem,
    MeetingDocument,
    SectionSpec,
)
from shared.control_characters import xml_text
from shared.danish import long_date, long_meeting_datetime, short_date
from shared.housestyle import (
    absence_heading,
    case_number_line,
    decision_heading,
    document_title,
    item_heading,
    meeting_block,
    participants_line,
    public_shows,
)
from shared.richtext import ListBlock, Run, Table, to_blocks
from shared.richtext import Paragraph as TextParagraph

FONT = "Calibri"
TEXT_COLOR = RGBColor(0x1A, 0x1A, 0x1A)
HEADING_COLOR = RGBColor(0x1F, 0x38, 0x64)
MUTED_COLOR = RGBColor(0x59, 0x59, 0x59)
TABLE_HEADER_FILL = "E8ECF2"
DECISION_BAR = "8EA9C8"

KIND_NAME = {"minutes": "Referat", "agenda": "Dagsorden"}
BOOKMARK_PREFIX = "_Toc"

# Where each settings.xml child may stand (CT_Settings is a sequence): updateFields
# must come before these, or Word calls the file damaged.
_SETTINGS_AFTER_UPDATE_FIELDS = (
    "hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr",
    "attachedSchema", "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures", "forceUpgrade", "captions", "readModeInkLockDown",
    "smartTagType", "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol",
    "listSeparator",
)
_FALLBACK_SECTIONS = (
    SectionSpec("indstilling", "Indstilling", "recommendation"),
    SectionSpec("beslutning", "Beslutning", "decision"),
    SectionSpec("bilag", "Bilag", "attachments"),
)


# Writes pages after the items (e.g. the referat's signature page) with the document's
# styles ("h1", "h2", "normal", "grid", ...).
Appendix = Callable[[Any, Mapping[str, Any]], None]


def render_document(doc: MeetingDocument, template_docx: bytes | None = None, appendix: Appendix | None = None,
                    ) -> bytes:
    """The document as .docx bytes; built on `template_docx` (a municipality's own Word
    file: its styles, headers, footers and logo) when given."""
    return _Renderer(_xml_safe(doc), template_docx, appendix).render()


def _xml_safe(value):
    """The document's texts without the characters XML cannot hold: text stored before
    such characters were refused (or arriving in another service's event) must never
    make the document fail."""
    if isinstance(value, str):
        return xml_text(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value, **{f.name: _xml_safe(getattr(value, f.name))
                                             for f in dataclasses.fields(value) if f.init})
    if isinstance(value, tuple | list):
        return type(value)(_xml_safe(inner) for inner in value)
    if isinstance(value, dict):
        return {key: _xml_safe(inner) for key, inner in value.items()}
    return value


# --- Low-level OOXML helpers ------------------------------------------------------------


_XML_SPACE = qn("xml:space")


@cache
def _clark(tag: str) -> tuple[str, dict[str, str]]:
    prefix = tag.split(":", 1)[0]
    return qn(tag), {prefix: nsmap[prefix]}


def _el(tag: str, **attrs: str):
    """A new element of `tag` (the custom element class python-docx has for it, as
    OxmlElement makes) with w: attributes; names resolved once, not per element."""
    clark, namespaces = _clark(tag)
    element = oxml_parser.makeelement(clark, nsmap=namespaces)
    for name, value in attrs.items():
        element.set(_attribute(name), value)
    return element


@cache
def _attribute(name: str) -> str:
    return qn(f"w:{name}")


# Child order of the property elements (the schema's sequences): Word refuses a file
# whose children stand out of order, so every element we add goes to its place.
_PPR_ORDER = (
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
    "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
    "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
    "sectPr", "pPrChange",
)
_TBLPR_ORDER = (
    "tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
    "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook",
    "tblCaption", "tblDescription", "tblPrChange",
)
_TCPR_ORDER = (
    "cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
    "textDirection", "tcFitText", "vAlign", "hideMark", "headers", "cellIns", "cellDel", "cellMerge",
    "tcPrChange",
)


def _put(parent, element, order: tuple[str, ...]) -> None:
    """`element` into `parent` at its place in `order`, replacing one of the same kind."""
    existing = parent.find(element.tag)
    if existing is not None:
        parent.remove(existing)
    later = set(order[order.index(element.tag.split("}")[-1]) + 1:])
    for child in parent:
        if isinstance(child.tag, str) and child.tag.split("}")[-1] in later:
            child.addprevious(element)
            return
    parent.append(element)


def _field_runs(paragraph: Paragraph, instruction: str, shown: str = "", *, container=None, dirty: bool = False,
                ) -> None:
    """A complex field (PAGE, NUMPAGES, PAGEREF ...) with `shown` as its current result;
    a dirty one is recomputed by Word when the document opens."""
    target = container if container is not None else paragraph._p
    for part in ("begin", "instr", "separate", "result", "end"):
        run = _el("w:r")
        if part == "instr":
            text = _el("w:instrText")
            text.set(qn("xml:space"), "preserve")
            text.text = instruction
            run.append(text)
        elif part == "result":
            if not shown:
                continue
            text = _el("w:t")
            text.set(qn("xml:space"), "preserve")
            text.text = shown
            run.append(text)
        else:
            char = _el("w:fldChar", fldCharType=part)
            if dirty and part == "begin":
                char.set(qn("w:dirty"), "true")
            run.append(char)
        target.append(run)


def _set_fonts(rpr, name: str) -> None:
    """Explicit fonts on an rPr (theme fonts removed: they would win over the name)."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = _el("w:rFonts")
        style = rpr.find(qn("w:rStyle"))
        if style is not None:
            style.addnext(fonts)
        else:
            rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attr}"), name)


def _no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = _el("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(_el(f"w:{side}", val="nil"))
    _put(tbl_pr, borders, _TBLPR_ORDER)


def _grid_borders(table) -> None:
    """Single thin borders on every cell edge, whatever the table style says."""
    tbl_pr = table._tbl.tblPr
    borders = _el("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(_el(f"w:{side}", val="single", sz="4", space="0", color="808080"))
    _put(tbl_pr, borders, _TBLPR_ORDER)


def _cell_margins(table, *, top: int = 40, bottom: int = 40, left: int = 85, right: int = 85) -> None:
    tbl_pr = table._tbl.tblPr
    margins = _el("w:tblCellMar")
    for side, value in (("top", top), ("left", left), ("bottom", bottom), ("right", right)):
        margins.append(_el(f"w:{side}", w=str(value), type="dxa"))
    _put(tbl_pr, margins, _TBLPR_ORDER)


def _margin_bar(paragraph: Paragraph) -> None:
    """A bar in the left margin; consecutive paragraphs with it show one bar."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = _el("w:pBdr")
    borders.append(_el("w:left", val="single", sz="18", space="8", color=DECISION_BAR))
    _put(ppr, borders, _PPR_ORDER)
    paragraph.paragraph_format.left_indent = Pt(11)


def _shade(cell, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    _put(tc_pr, _el("w:shd", val="clear", color="auto", fill=fill), _TCPR_ORDER)


def _repeat_as_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(_el("w:tblHeader"))
    tr_pr.append(_el("w:cantSplit"))


def _column_widths(rows: list[list[list[Run]]], columns: int, total: int) -> list[Emu]:
    """Widths that fit each column's longest word (no "Måne-d" breaks) and share the
    rest of the text width by how much each column holds."""
    char, padding = Pt(11 * 0.55), Cm(0.35)

    def texts(column: int) -> list[str]:
        return ["".join(run.text for run in row[column]) for row in rows if column < len(row)]

    minimum = [max([len(word) for text in texts(c) for word in text.split()] + [2]) * char + padding
               for c in range(columns)]
    wanted = [min(max([len(text) for text in texts(c)] + [2]), 60) * char + padding for c in range(columns)]
    if sum(minimum) >= total:  # too many columns to fit every word: share by need
        return [Emu(int(total * low / sum(minimum))) for low in minimum]
    widths = [max(low, total * want / sum(wanted)) for low, want in zip(minimum, wanted)]
    excess = sum(widths) - total
    if excess > 0:  # give it back from the columns above their minimum
        room = [width - low for width, low in zip(widths, minimum)]
        widths = [width - excess * spare / sum(room) for width, spare in zip(widths, room)]
    return [Emu(int(width)) for width in widths]


def _add_run(paragraph: Paragraph, text: str) -> DocxRun:
    """paragraph.add_run(text), without python-docx's character-by-character reading of
    text that has no tab or line break to convert."""
    if "\t" in text or "\n" in text or "\r" in text:
        return paragraph.add_run(text)
    r = _el("w:r")
    if text:
        t = _el("w:t")
        t.text = text
        if len(text.strip()) < len(text):
            t.set(_XML_SPACE, "preserve")
        r.append(t)
    paragraph._p.append(r)
    return DocxRun(r, paragraph)


# --- Numbering (bullets and numbered lists that restart per list) -------------------------


class _Numbering:
    """Our own list definitions in numbering.xml: each list gets its own w:num, so a
    numbered list always starts at its own first number (List Number would continue
    counting through the whole document)."""

    BULLETS = ("•", "–", "▪")
    ORDERED = (("decimal", "%1."), ("lowerLetter", "%2)"), ("lowerRoman", "%3."))

    def __init__(self, document) -> None:
        self.root = document.part.numbering_part.element
        self.abstract: dict[bool, str] = {}
        # The template's highest ids and its closing element are looked up once: a
        # search per list made a long referat's numbering quadratic.
        self.next_abstract_id = self._first_free_id("w:abstractNum", "w:abstractNumId")
        self.next_num_id = self._first_free_id("w:num", "w:numId")
        self.cleanup = self.root.find(qn("w:numIdMacAtCleanup"))

    def _first_free_id(self, tag: str, attr: str) -> int:
        ids = [int(el.get(qn(attr))) for el in self.root.findall(qn(tag)) if el.get(qn(attr), "").isdigit()]
        return max(ids, default=0) + 1

    def _abstract_id(self, ordered: bool) -> str:
        if ordered in self.abstract:
            return self.abstract[ordered]
        abstract_id = str(self.next_abstract_id)
        self.next_abstract_id += 1
        abstract = _el("w:abstractNum", abstractNumId=abstract_id)
        abstract.append(_el("w:multiLevelType", val="multilevel"))
        for level in range(3):
            lvl = _el("w:lvl", ilvl=str(level))
            lvl.append(_el("w:start", val="1"))
            if ordered:
                fmt, text = self.ORDERED[level]
                lvl.append(_el("w:numFmt", val=fmt))
                lvl.append(_el("w:lvlText", val=text))
            else:
                lvl.append(_el("w:numFmt", val="bullet"))
                lvl.append(_el("w:lvlText", val=self.BULLETS[level]))
            lvl.append(_el("w:lvlJc", val="left"))
            ppr = _el("w:pPr")
            left = 397 + level * 397
            ppr.append(_el("w:ind", left=str(left), hanging="397" if ordered else "284"))
            lvl.append(ppr)
            if not ordered:
                rpr = _el("w:rPr")
                _set_fonts(rpr, FONT)
                lvl.append(rpr)
            abstract.append(lvl)
        first_num = self.root.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            self._append(abstract)
        self.abstract[ordered] = abstract_id
        return abstract_id

    def _append(self, element) -> None:
        if self.cleanup is not None:
            self.cleanup.addprevious(element)
        else:
            self.root.append(element)

    def new_list(self, ordered: bool, start: int = 1, level: int = 0) -> int:
        abstract_id = self._abstract_id(ordered)
        num_id = self.next_num_id
        self.next_num_id += 1
        num = _el("w:num", numId=str(num_id))
        num.append(_el("w:abstractNumId", val=abstract_id))
        override = _el("w:lvlOverride", ilvl=str(min(level, 2)))
        override.append(_el("w:startOverride", val=str(start)))
        num.append(override)
        self._append(num)
        return num_id


def _number_paragraph(paragraph: Paragraph, num_id: int, level: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    num_pr = _el("w:numPr")
    num_pr.append(_el("w:ilvl", val=str(min(level, 2))))
    num_pr.append(_el("w:numId", val=str(num_id)))
    _put(ppr, num_pr, _PPR_ORDER)


# --- The renderer -----------------------------------------------------------------------


class _Renderer:
    def __init__(self, doc: MeetingDocument, template_docx: bytes | None, appendix: Appendix | None = None) -> None:
        self.doc = doc
        self.appendix = appendix
        self.own_look = template_docx is None
        self.word = Document(io.BytesIO(template_docx)) if template_docx else Document()
        self.minutes = doc.kind == "minutes"
        self.public = doc.variant == "public"
        self.bookmark_id = 0

    # -- whole document --

    def render(self) -> bytes:
        if not self.own_look:
            self._clear_body()
        self.section = self.word.sections[-1]
        self.body = self.word.element.body
        self.body_end = self.body.sectPr
        if self.own_look:
            self._page_setup()
        # python-docx finds the last section again (an XPath over the whole body) for
        # every table it adds; the page does not change while the body is written.
        self.block_width = self.word._block_width
        self.styles = self._prepare_styles()
        self.numbering = _Numbering(self.word)
        self._header_and_footer()
        self._front_page()
        for index, item in enumerate(self.doc.items):
            self._item(item, index)
        if self.appendix is not None:
            self.appendix(self.word, self.styles)
        self._update_fields_on_open()
        self._core_properties()
        out = io.BytesIO()
        self.word.save(out)
        return out.getvalue()

    def _clear_body(self) -> None:
        """The template's text goes; its last section (page size, margins, headers and
        footers with letterhead and logo) and its styles stay."""
        body = self.word.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)

    @property
    def text_width(self) -> Emu:
        section = self.section
        # A template may leave the page size unset: Word then uses A4 and 2.5 cm margins.
        width = section.page_width if section.page_width is not None else Cm(21)
        left = section.left_margin if section.left_margin is not None else Cm(2.5)
        right = section.right_margin if section.right_margin is not None else Cm(2.5)
        return Emu(width - left - right)

    def _page_setup(self) -> None:
        section = self.section
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.2)
        section.left_margin, section.right_margin = Cm(2.5), Cm(2.2)
        section.header_distance, section.footer_distance = Cm(1.2), Cm(1.1)

    # -- styles --

    def _find_style(self, *names: str):
        wanted = {name.lower() for name in names}
        for style in self.word.styles:
            if style.name and style.name.lower() in wanted:
                return style
        return None

    def _reset(self, style) -> None:
        for tag in ("w:pPr", "w:rPr"):
            found = style.element.find(qn(tag))
            if found is not None:
                style.element.remove(found)

    def _paragraph_style(self, name: str, *aliases: str, restyle=None, create=None):
        style = self._find_style(name, *aliases)
        if style is None:
            style = self.word.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = self._find_style("Normal")
            (create or restyle or (lambda s: None))(style)
        elif self.own_look and restyle is not None:
            self._reset(style)
            restyle(style)
        return style

    def _prepare_styles(self) -> dict:
        if self.own_look:
            self._document_defaults()

        def normal(style) -> None:
            style.font.color.rgb = TEXT_COLOR

        def title(style) -> None:
            style.font.size, style.font.bold = Pt(18), True
            style.font.color.rgb = HEADING_COLOR
            style.paragraph_format.space_after = Pt(2)
            style.paragraph_format.space_before = Pt(0)
            _set_fonts(style.element.get_or_add_rPr(), FONT)

        def heading(size: float, before: float, after: float, level: int):
            def setup(style) -> None:
                style.font.size, style.font.bold = Pt(size), True
                style.font.color.rgb = HEADING_COLOR
                _set_fonts(style.element.get_or_add_rPr(), FONT)
                fmt = style.paragraph_format
                fmt.space_before, fmt.space_after = Pt(before), Pt(after)
                fmt.keep_with_next = True
                fmt.keep_together = True
                ppr = style.element.get_or_add_pPr()
                _put(ppr, _el("w:outlineLvl", val=str(level)), _PPR_ORDER)
                style.next_paragraph_style = self._find_style("Normal")
            return setup

        def list_style(style) -> None:
            style.paragraph_format.space_after = Pt(3)

        def toc_heading(style) -> None:
            style.font.size, style.font.bold = Pt(13), True
            style.font.color.rgb = HEADING_COLOR
            _set_fonts(style.element.get_or_add_rPr(), FONT)
            style.paragraph_format.space_before = Pt(24)
            style.paragraph_format.space_after = Pt(8)
            _put(style.element.get_or_add_pPr(), _el("w:outlineLvl", val="9"), _PPR_ORDER)

        def toc_1(style) -> None:
            style.paragraph_format.space_after = Pt(4)
            style.paragraph_format.tab_stops.add_tab_stop(self.text_width, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)

        def small(style) -> None:
            style.font.size = Pt(9)
            style.font.color.rgb = MUTED_COLOR
            style.paragraph_format.space_after = Pt(0)

        normal_style = self._find_style("Normal")
        if self.own_look and normal_style is not None:
            normal(normal_style)
        styles = {
            "normal": normal_style,
            "title": self._paragraph_style("Title", restyle=title),
            "h1": self._paragraph_style("Heading 1", restyle=heading(15, 0, 10, 0)),
            "h2": self._paragraph_style("Heading 2", restyle=heading(11.5, 12, 3, 1)),
            "bullet": self._paragraph_style("List Bullet", restyle=list_style),
            "number": self._paragraph_style("List Number", restyle=list_style),
            "toc_heading": self._paragraph_style("TOC Heading", restyle=toc_heading),
            "toc1": self._paragraph_style("toc 1", "TOC 1", restyle=toc_1),
            "header": self._paragraph_style("Header", restyle=small),
            "footer": self._paragraph_style("Footer", restyle=small),
        }
        grid = self._find_style("Table Grid")
        if grid is None:
            grid = self.word.styles.add_style("Table Grid", WD_STYLE_TYPE.TABLE)
        styles["grid"] = grid
        return styles

    def _document_defaults(self) -> None:
        """Calibri 11 pt, Danish proofing, calm spacing: the look without a template."""
        styles = self.word.styles.element
        defaults = styles.find(qn("w:docDefaults"))
        if defaults is None:
            defaults = _el("w:docDefaults")
            styles.insert(0, defaults)
        rpr_default = defaults.find(qn("w:rPrDefault"))
        if rpr_default is None:
            rpr_default = _el("w:rPrDefault")
            defaults.insert(0, rpr_default)
        rpr = rpr_default.find(qn("w:rPr"))
        if rpr is None:
            rpr = _el("w:rPr")
            rpr_default.append(rpr)
        for child in list(rpr):
            rpr.remove(child)
        fonts = _el("w:rFonts")
        rpr.append(fonts)
        _set_fonts(rpr, FONT)
        rpr.append(_el("w:sz", val="22"))
        rpr.append(_el("w:szCs", val="22"))
        rpr.append(_el("w:lang", val="da-DK", eastAsia="en-US", bidi="ar-SA"))
        ppr_default = defaults.find(qn("w:pPrDefault"))
        if ppr_default is None:
            ppr_default = _el("w:pPrDefault")
            defaults.append(ppr_default)
        ppr = ppr_default.find(qn("w:pPr"))
        if ppr is None:
            ppr = _el("w:pPr")
            ppr_default.append(ppr)
        for child in list(ppr):
            ppr.remove(child)
        ppr.append(_el("w:spacing", after="120", line="264", lineRule="auto"))
        theme_lang = self.word.settings.element.find(qn("w:themeFontLang"))
        if theme_lang is not None:
            theme_lang.set(qn("w:val"), "da-DK")

    # -- paragraphs --

    def _para(self, text: str = "", *, style=None, bold: bool = False, muted: bool = False,
              size: float | None = None, after: float | None = None, keep_next: bool = False) -> Paragraph:
        paragraph = self._new_paragraph(style)
        if text:
            run = _add_run(paragraph, text)
            run.bold = bold or None
            if muted:
                run.font.color.rgb = MUTED_COLOR
            if size:
                run.font.size = Pt(size)
        if after is not None:
            paragraph.paragraph_format.space_after = Pt(after)
        if keep_next:
            paragraph.paragraph_format.keep_with_next = True
        return paragraph

    def _add_block(self, element) -> None:
        """`element` at the end of the body, before its closing section properties (looked
        up once: python-docx searches the body for them on every paragraph and table,
        which made a referat's time grow with the square of its items)."""
        if self.body_end is not None:
            self.body_end.addprevious(element)
        else:
            self.body.append(element)

    def _new_paragraph(self, style=None) -> Paragraph:
        """A body paragraph in `style` (Normal when None). The style id is written
        directly: python-docx looks the style up again for every paragraph."""
        p = _el("w:p")
        if style is not None and style is not self.styles["normal"]:
            ppr = _el("w:pPr")
            ppr.append(_el("w:pStyle", val=style.style_id))
            p.append(ppr)
        self._add_block(p)
        return Paragraph(p, self.word._body)

    def _new_table(self, rows: int, cols: int):
        """A table at the end of the body, as Document.add_table makes it (no style)."""
        tbl = CT_Tbl.new_tbl(rows, cols, self.block_width)
        self._add_block(tbl)
        table = DocxTable(tbl, self.word._body)
        table.style = None
        return table

    @staticmethod
    def _add_runs(paragraph: Paragraph, runs: Iterable[Run], *, bold: bool = False) -> None:
        for piece in runs:
            run = _add_run(paragraph, piece.text)
            if piece.bold or bold:
                run.bold = True
            if piece.italic:
                run.italic = True

    def _heading(self, text: str, level: int) -> Paragraph:
        return self._para(text, style=self.styles["h1" if level == 1 else "h2"])

    def _bookmark(self, paragraph: Paragraph, name: str) -> None:
        self.bookmark_id += 1
        start = _el("w:bookmarkStart", id=str(self.bookmark_id), name=name)
        end = _el("w:bookmarkEnd", id=str(self.bookmark_id))
        ppr = paragraph._p.pPr
        if ppr is not None:
            ppr.addnext(start)
        else:
            paragraph._p.insert(0, start)
        paragraph._p.append(end)

    # -- header, footer, front page --

    def _date_text(self) -> str:
        return short_date(self.doc.starts_at)

    def _header_and_footer(self) -> None:
        section = self.section
        label = f"{self.doc.committee_name} d. {self._date_text()}"
        header = section.header
        header_text = "\n".join(p.text for p in header.paragraphs)
        if label not in header_text:
            if self.own_look:
                paragraph = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
                paragraph.style = self.styles["header"]
                paragraph.paragraph_format.tab_stops.add_tab_stop(self.text_width, WD_TAB_ALIGNMENT.RIGHT)
                paragraph.add_run(self.doc.municipality_name)
                paragraph.add_run(f"\t{KIND_NAME.get(self.doc.kind, '')} · {label}")
                ppr = paragraph._p.get_or_add_pPr()
                borders = _el("w:pBdr")
                borders.append(_el("w:bottom", val="single", sz="4", space="4", color="BFBFBF"))
                _put(ppr, borders, _PPR_ORDER)
            else:
                paragraph = header.add_paragraph(style=self.styles["header"])
                paragraph.add_run(f"{KIND_NAME.get(self.doc.kind, '')} · {label}")
        footers = [section.footer]
        if section.different_first_page_header_footer:
            footers.append(section.first_page_footer)
        for footer in footers:
            if any("PAGE" in (t.text or "") for t in footer._element.iter(qn("w:instrText"))):
                continue
            if self.own_look or not any(p.text.strip() for p in footer.paragraphs):
                paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
            else:
                paragraph = footer.add_paragraph()
            paragraph.style = self.styles["footer"]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            self._page_x_of_y(paragraph)

    def _page_x_of_y(self, paragraph: Paragraph) -> None:
        paragraph.add_run("Side ")
        _field_runs(paragraph, " PAGE ", "1")
        paragraph.add_run(" af ")
        _field_runs(paragraph, " NUMPAGES ", "1")

    def _front_page(self) -> None:
        doc = self.doc
        self._para(document_title(doc.kind, doc.committee_name, doc.starts_at.date()), style=self.styles["title"])
        notes = []
        if self.public:
            notes.append("Offentlig udgave")
        else:
            closed = any(item.closed for item in doc.items)
            notes.append("Intern udgave – indeholder lukkede punkter" if closed else "Intern udgave")
        if self.minutes and doc.approved_at is not None:
            notes.append(f"Godkendt {long_date(doc.approved_at)}")
        if doc.version > 1:
            notes.append(f"Version {doc.version}")
        self._para(" · ".join(notes), muted=True, size=9.5, after=18)
        self._meeting_block()
        self._table_of_contents()

    def _participants_text(self) -> str:
        return participants_line(self.doc.style, ((p.person.name, p.absent, p.substitute) for p in self.doc.participants))

    def _meeting_block(self) -> None:
        rows = meeting_block(self.doc.style, long_meeting_datetime(self.doc.starts_at), self.doc.place,
                             self._participants_text())
        table = self._new_table(len(rows), 2)
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        table.autofit = False
        _no_borders(table)
        _cell_margins(table, top=30, bottom=30, left=0, right=115)
        widths = (Cm(3.6), Emu(self.text_width - Cm(3.6)))
        for column, width in zip(table.columns, widths):
            column.width = width
        for row, (label, value) in zip(table.rows, rows):
            for cell, width, text, bold in zip(row.cells, widths, (label, value), (True, False)):
                cell.width = width
                paragraph = cell.paragraphs[0]
                paragraph.paragraph_format.space_after = Pt(4)
                run = _add_run(paragraph, text)
                run.bold = bold or None

    # -- table of contents --

    def _heading_text(self, item: DocumentItem) -> str:
        return item_heading(self.doc.style, item.number, item.owner_code, item.title, closed=item.closed,
                            public=self.public)

    def _bookmark_name(self, item: DocumentItem, index: int) -> str:
        return f"{BOOKMARK_PREFIX}{index + 1:08d}"

    def _table_of_contents(self) -> None:
        """Each item's heading, linked to it, with a PAGEREF field for its page. LibreOffice
        lays the page numbers out when it opens the file, Word when it updates the fields
        on opening (updateFields). A Word TOC field is not used: LibreOffice shows a TOC's
        stored result as it is, and only a layout engine knows the pages to store."""
        heading = self._para("Indholdsfortegnelse", style=self.styles["toc_heading"])
        _put(heading._p.get_or_add_pPr(), _el("w:outlineLvl", val="9"), _PPR_ORDER)
        if not self.doc.items:
            self._para("Ingen punkter på dagsordenen.", style=self.styles["toc1"])
            return
        for index, item in enumerate(self.doc.items):
            bookmark = self._bookmark_name(item, index)
            paragraph = self._para(style=self.styles["toc1"])
            link = _el("w:hyperlink", anchor=bookmark, history="1")
            run = _el("w:r")
            rpr = _el("w:rPr")
            rpr.append(_el("w:noProof"))
            run.append(rpr)
            t = _el("w:t")
            t.set(qn("xml:space"), "preserve")
            t.text = self._heading_text(item)
            run.append(t)
            link.append(run)
            tab = _el("w:r")
            tab.append(_el("w:tab"))
            link.append(tab)
            _field_runs(paragraph, f" PAGEREF {bookmark} \\h ", "?", container=link, dirty=True)
            paragraph._p.append(link)

    # -- items --

    def _item(self, item: DocumentItem, index: int) -> None:
        heading = self._heading(self._heading_text(item), 1)
        heading.paragraph_format.page_break_before = True
        self._bookmark(heading, self._bookmark_name(item, index))
        if item.closed and self.public:
            # Of a closed item the public document has its heading, and its decisions only
            # when the municipality publishes them: nothing else of it is written.
            if self.minutes and public_shows(self.doc.style, True, "decision"):
                for decision in item.decisions:
                    self._decision(decision)
            return
        if item.case_number:
            self._para(case_number_line(self.doc.style, item.case_number), muted=True, size=10, after=6)
        for spec in self._sections_of(item):
            if self.public and not spec.public:
                continue
            if spec.kind == "text":
                self._text_section(spec.title, item.sections.get(spec.key) or "")
            elif spec.kind == "recommendation":
                self._recommendation(spec.title, item)
            elif spec.kind == "decision":
                if self.minutes:
                    for decision in item.decisions:
                        self._decision(decision)
            elif spec.kind == "attachments":
                self._attachments(spec.title, item.attachments)

    def _sections_of(self, item: DocumentItem) -> list[SectionSpec]:
        """The template's sections, then anything the template has no place for (a
        section the municipality has since removed must still be printed)."""
        specs = list(self.doc.template)
        kinds = {spec.kind for spec in specs}
        keys = {spec.key for spec in specs if spec.kind == "text"}
        specs += [spec for spec in _FALLBACK_SECTIONS if spec.kind not in kinds]
        for key in item.sections:
            if key not in keys:
                specs.append(SectionSpec(key, key.replace("_", " ").capitalize(), "text"))
        return specs

    def _text_section(self, title: str, markdown: str) -> None:
        blocks = to_blocks(markdown)
        if not blocks:
            return
        self._heading(title, 2)
        self._blocks(blocks)

    def _blocks(self, blocks) -> None:
        for block in blocks:
            if isinstance(block, TextParagraph):
                paragraph = self._para()
                self._add_runs(paragraph, block.runs)
            elif isinstance(block, ListBlock):
                self._list(block.items, ordered=block.ordered, start=block.start, level=block.level)
            elif isinstance(block, Table):
                self._table(block)

    def _list(self, items: list[list[Run]], *, ordered: bool, start: int = 1, level: int = 0) -> None:
        num_id = self.numbering.new_list(ordered, start, level)
        style = self.styles["number" if ordered else "bullet"]
        for position, runs in enumerate(items):
            paragraph = self._new_paragraph(style)
            _number_paragraph(paragraph, num_id, level)
            paragraph.paragraph_format.space_after = Pt(3 if position < len(items) - 1 else 8)
            self._add_runs(paragraph, runs)

    def _table(self, block: Table) -> None:
        columns = max([len(block.header)] + [len(row) for row in block.rows] + [1])
        rows = ([block.header] if block.header else []) + block.rows
        table = self._new_table(len(rows), columns)
        table.style = self.styles["grid"]
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        table.autofit = False
        _grid_borders(table)
        _cell_margins(table)
        widths = _column_widths(rows, columns, self.text_width)
        for column, width in zip(table.columns, widths):
            column.width = width
        for row_index, (row, cells) in enumerate(zip(table.rows, rows)):
            header = bool(block.header) and row_index == 0
            if header:
                _repeat_as_header(row)
            else:
                row._tr.get_or_add_trPr().append(_el("w:cantSplit"))
            for column, cell in enumerate(row.cells):
                cell.width = widths[column]
                paragraph = cell.paragraphs[0]
                paragraph.paragraph_format.space_after = Pt(0)
                paragraph.paragraph_format.space_before = Pt(0)
                if column < len(cells):
                    self._add_runs(paragraph, cells[column], bold=header)
                if header:
                    _shade(cell, TABLE_HEADER_FILL)
        spacer = self._para(after=0)
        spacer.paragraph_format.space_after = Pt(4)

    def _recommendation(self, title: str, item: DocumentItem) -> None:
        recommendation = item.recommendation
        if recommendation is None or not (recommendation.intro.strip() or recommendation.points):
            return
        self._heading(title, 2)
        if recommendation.intro.strip():
            self._para(recommendation.intro.strip(), keep_next=True)
        if recommendation.points:
            self._list([[Run(point)] for point in recommendation.points], ordered=True)

    def _decision(self, decision: DecisionBlock) -> None:
        """One committee's decision, marked by a bar in the margin so a reader finds the
        decisions when leafing through; the texts are kept whole (one run each)."""
        block = [self._heading(decision_heading(self.doc.style, decision.committee_name, decision.decided_on), 2)]
        for text in re.split(r"\n\s*\n", decision.text.strip()):
            if text.strip():
                block.append(self._para(text.strip()))
        for answer in decision.point_answers:
            block.append(self._para(f"Ad {answer.point}: {answer.text.strip()}"))
        if decision.minority and decision.minority.strip():
            block.append(self._para(f"Mindretalsudtalelse: {decision.minority.strip()}"))
        for person in decision.not_taking_part:
            block.append(self._para(f"{person.display} deltog ikke i behandlingen af punktet."))
        if decision.absent:
            block.append(self._para(absence_heading(self.doc.style), after=2, keep_next=True))
            for person in decision.absent:
                block.append(self._para(person.display, after=2))
        block[-1].paragraph_format.space_after = Pt(8)
        for paragraph in block:
            _margin_bar(paragraph)

    def _attachments(self, title: str, attachments: tuple[str, ...]) -> None:
        names = [name.strip() for name in attachments if name and name.strip()]
        if not names:
            return
        self._heading(title, 2)
        self._list([[Run(name)] for name in names], ordered=False)

    # -- settings and properties --

    def _update_fields_on_open(self) -> None:
        """<w:updateFields w:val="true"/>: Word refreshes the page numbers on opening."""
        settings = self.word.settings.element
        existing = settings.find(qn("w:updateFields"))
        if existing is not None:
            existing.set(qn("w:val"), "true")
            return
        element = _el("w:updateFields", val="true")
        for child in settings:
            if isinstance(child.tag, str) and child.tag.split("}")[-1] in _SETTINGS_AFTER_UPDATE_FIELDS:
                child.addprevious(element)
                return
        settings.append(element)

    def _core_properties(self) -> None:
        """A title, and no person's name: the template's author must not be published."""
        doc = self.doc
        props = self.word.core_properties
        props.title = f"{KIND_NAME.get(doc.kind, doc.kind)} {doc.committee_name} {self._date_text()}"
        props.subject = doc.committee_name
        props.author = doc.municipality_name
        props.last_modified_by = doc.municipality_name
        props.comments = ""
        props.keywords = ""
        props.category = KIND_NAME.get(doc.kind, "")
        props.content_status = "Offentlig udgave" if self.public else "Intern udgave"
        props.identifier = ""
        props.language = "da-DK"
        props.version = str(doc.version)
        props.revision = 1
        now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
        props.created = now
        props.modified = now
