"""The internal referat's last page, "Underskrifter" (the underskriftsblad): every member
present, with the time they signed and any reservation (forbehold), or blank lines for
a hand-written signature where they have not signed.

Only the internal referat carries it: a reservation may concern a closed item, and the
public referat stays the approved version as published, whoever signs later.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from docx.document import Document
from docx.shared import Pt

from shared.control_characters import xml_text
from shared.danish import long_date

HEADING = "Underskrifter"
BLANK = "_" * 30
COLUMNS = ("Medlem", "Underskrevet", "Forbehold")


@dataclass(frozen=True)
class SignatureLine:
    member: str  # 'Ole Blickfeldt (O)', a substitute with whom they stood in for
    signed_at: datetime | None  # aware; None: not signed
    reservation: str | None = None  # 'Punkt 3 (Titel): what is wrong'


@dataclass(frozen=True)
class SignaturePage:
    version: int
    timezone: str
    lines: tuple[SignatureLine, ...]

    def signed_text(self, line: SignatureLine) -> str:
        """'8. januar 2020 kl. 17:42', in the meeting's time zone."""
        if line.signed_at is None:
            return ""
        local = line.signed_at.astimezone(ZoneInfo(self.timezone))
        return f"{long_date(local)} kl. {local:%H:%M}"


def page_writer(page: SignaturePage):
    """The appendix render_document writes last (see render.py's `appendix`)."""

    def write(word: Document, styles: Mapping[str, Any]) -> None:
        heading = word.add_paragraph(HEADING, style=styles["h1"])
        heading.paragraph_format.page_break_before = True
        word.add_paragraph(
            f"Referatet, version {page.version}. Med sin underskrift bekræfter medlemmet at have deltaget i mødet, "
            "og at referatet gengiver det, der skete. Et medlem, der mener, at noget er gengivet forkert, "
            "underskriver med forbehold.")
        if not page.lines:
            word.add_paragraph("Ingen medlemmer deltog i mødet.")
            return
        table = word.add_table(rows=1 + len(page.lines), cols=len(COLUMNS))
        table.style = styles["grid"]
        for cell, title in zip(table.rows[0].cells, COLUMNS, strict=True):
            cell.paragraphs[0].add_run(title).bold = True
        for row, line in zip(table.rows[1:], page.lines, strict=True):
            texts: Sequence[str] = (line.member, page.signed_text(line) or BLANK, line.reservation or "")
            for cell, text in zip(row.cells, texts, strict=True):
                paragraph = cell.paragraphs[0]
                paragraph.paragraph_format.space_after = Pt(0)
                paragraph.add_run(xml_text(text))
            if line.signed_at is None:
                # Room to sign by hand on the printed page.
                row.cells[1].add_paragraph("Dato og underskrift")
    return write
