"""The shortlist as a Word annex (bilag) for the closed agenda item: the candidates
ranked by the committee members' points, each with the nominations' reasons per
criterion. It holds no nominator's name or contact data.

The look follows the project's documents (Calibri, dark blue headings, shaded table
headers; see the decisions service's renderer)."""

from __future__ import annotations

import io
import uuid

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from services.awards.domain.scoring import MAX_SCORE, SCALE_HINT, RankedCandidate
from services.awards.models import AwardRound, Nomination
from shared.control_characters import xml_text
from shared.danish import decimal, kroner, long_date

FONT = "Calibri"
TEXT_COLOR = RGBColor(0x1A, 0x1A, 0x1A)
HEADING_COLOR = RGBColor(0x1F, 0x38, 0x64)
MUTED_COLOR = RGBColor(0x59, 0x59, 0x59)
TABLE_HEADER_FILL = "E8ECF2"


def annex_filename(round_: AwardRound) -> str:
    return f"virksomhedspris-{round_.year}-kandidater.docx"


def _font(style, size: int, color: RGBColor, bold: bool = False) -> None:
    style.font.name, style.font.size, style.font.color.rgb, style.font.bold = FONT, Pt(size), color, bold
    fonts = style.element.rPr.rFonts
    # Theme fonts would win over the name: drop them, and name the font for every script.
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attr}"), FONT)


def _style(document) -> None:
    _font(document.styles["Normal"], 11, TEXT_COLOR)
    for name, size in (("Title", 20), ("Heading 1", 14), ("Heading 2", 12)):
        _font(document.styles[name], size, HEADING_COLOR, bold=True)


def _shade(cell) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), TABLE_HEADER_FILL)
    cell._tc.get_or_add_tcPr().append(shading)


def _table(document, header: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    for cell, text in zip(table.rows[0].cells, header):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
        _shade(cell)
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row):
            cell.text = xml_text(text)


def _paragraph(document, text: str, style: str | None = None):
    """Every text of the annex goes in through here or _table: what a nominator once
    typed must never make the document fail (see shared.control_characters)."""
    return document.add_paragraph(xml_text(text), style=style)


def _muted(document, text: str) -> None:
    run = document.add_paragraph().add_run(xml_text(text))
    run.font.color.rgb = MUTED_COLOR
    run.italic = True


def build_annex(round_: AwardRound, shortlist: list[RankedCandidate],
                groups: dict[uuid.UUID, list[Nomination]]) -> bytes:
    document = Document()
    _style(document)
    _paragraph(document, f"Bilag: Kandidater til {round_.title}", "Title")
    _muted(document, f"{round_.municipality.name}, {round_.committee.name}. Lukket punkt: må ikke offentliggøres.")
    _paragraph(
        document,
        f"Der er modtaget {sum(len(rows) for rows in groups.values())} gyldige indstillinger af "
        f"{len(groups)} virksomheder. Prisen er på {kroner(round_.prize_amount)}."
        + (f" Prisen overrækkes {long_date(round_.ceremony_on)}." if round_.ceremony_on else ""))

    _paragraph(document, "Kriterier", "Heading 1")
    for number, criterion in enumerate(round_.criteria, start=1):
        _paragraph(document, f"{number}. {criterion}")

    _paragraph(document, "Kandidater rangeret efter point", "Heading 1")
    _muted(document, f"Point pr. kriterium er udvalgsmedlemmernes gennemsnit ({SCALE_HINT}); "
                     f"i alt højst {MAX_SCORE * len(round_.criteria)} point.")
    _table(document, ["Nr.", "Virksomhed", "CVR-nr.", "Indstillinger", "Point i alt"], [
        [str(row.rank), row.candidate.company_name, row.candidate.cvr, str(row.candidate.nominations),
         decimal(row.total)] for row in shortlist])

    for row in shortlist:
        nominations = groups[uuid.UUID(row.candidate.id)]
        _paragraph(document, f"{row.rank}. {row.candidate.company_name}", "Heading 1")
        _paragraph(document, f"CVR-nr. {row.candidate.cvr} · {nominations[0].company_address}")
        _table(document, ["Kriterium", "Point (gennemsnit)"], [
            [criterion, "ikke vurderet" if mean is None else decimal(mean)]
            for criterion, mean in zip(round_.criteria, row.criterion_means)])
        for index, criterion in enumerate(round_.criteria):
            reasons = [n.reasons[index] for n in nominations if index < len(n.reasons) and n.reasons[index].strip()]
            if not reasons:
                continue
            _paragraph(document, criterion, "Heading 2")
            for reason in reasons:
                _paragraph(document, reason, "List Bullet")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
