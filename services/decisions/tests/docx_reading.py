"""Reading a .docx back as Word reads it: paragraphs with their styles, split per item."""

from __future__ import annotations

import io
import zipfile

from docx import Document
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph


def lines(data: bytes) -> list[tuple[str, str]]:
    """(style name, text) of every body paragraph in order; table cells as style "table"."""
    word = Document(io.BytesIO(data))
    result = []
    for child in word.element.body.iterchildren():
        if child.tag == qn("w:p"):
            paragraph = Paragraph(child, word._body)
            result.append((paragraph.style.name if paragraph.style is not None else "", paragraph.text))
        elif child.tag == qn("w:tbl"):
            for row in Table(child, word._body).rows:
                for cell in row.cells:
                    result.extend(("table", p.text) for p in cell.paragraphs)
    return result


def items(data: bytes) -> list[list[tuple[str, str]]]:
    """The body split at each Heading 1: one list of lines per item, heading first."""
    result: list[list[tuple[str, str]]] = []
    for style, text in lines(data):
        if style == "Heading 1":
            result.append([])
        if result:
            result[-1].append((style, text))
    return result


def texts(item_lines) -> list[str]:
    return [text for _, text in item_lines]


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def part_text(data: bytes, name: str) -> str:
    return parts(data)[name].decode("utf-8")
