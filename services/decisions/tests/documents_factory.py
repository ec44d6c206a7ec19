"""Documents for the document tests: the demo meeting of 8 January 2020 (built from the
demo data files by services.decisions.documents.demo), a closed item full of a secret,
and a municipality's own Word template."""

from __future__ import annotations

import base64
import dataclasses
import io
from datetime import date, datetime, time

from docx import Document
from docx.shared import Pt, RGBColor

from services.decisions.demo.documents import (
    demo_agenda_document,
    demo_minutes_document,
    demo_template,
)
from services.decisions.documents.model import (
    DecisionBlock,
    DocumentItem,
    MeetingDocument,
    Participant,
    Person,
    PointAnswer,
    Recommendation,
    Variant,
)

__all__ = [
    "TEMPLATE_BODY_TEXT",
    "TEMPLATE_HEADER",
    "TEMPLATE_HEADING_FONT",
    "TEMPLATE_OWN_STYLE",
    "demo_dagsorden",
    "demo_referat",
    "municipal_template",
    "with_approval",
    "with_closed_item",
    "with_substitute",
]

TEMPLATE_HEADER = "Lejre Kommune · Rådhuset · Lejrevej 15 · 4320 Allerslev"
TEMPLATE_HEADING_FONT = "Georgia"
TEMPLATE_BODY_TEXT = "Skabelonens eksempeltekst, som ikke må komme med"
TEMPLATE_OWN_STYLE = "Lejre Brødtekst"

# A 1×1 pixel PNG: the "logo" in the template's header.
_LOGO = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")


def demo_referat(variant: Variant = "internal") -> MeetingDocument:
    """Udvalget for Job & Arbejdsmarked, 8 January 2020: eleven items, Steen Hansen absent,
    item 10 shared with Udvalget for Børn & Ungdom (its decision of 7 January first)."""
    return demo_minutes_document(variant)


def demo_dagsorden(variant: Variant = "internal") -> MeetingDocument:
    return demo_agenda_document(variant)


def with_closed_item(document: MeetingDocument, number: int, secret: str) -> MeetingDocument:
    """The document with item `number` closed and `secret` in everything it has: title,
    case number, every section of the template, recommendation, attachments, decision."""
    closed = DocumentItem(
        number=number,
        owner_code="JA",
        title=f"Personalesag {secret}",
        case_number=f"20/{secret}",
        closed=True,
        sections={spec.key: f"Afsnit {spec.key} {secret}\n\n- punkt {secret}\n\n| A | B |\n| --- | --- |\n| {secret} | x |"
                  for spec in demo_template() if spec.kind == "text"},
        recommendation=Recommendation(f"Direktionen indstiller {secret}:", (f"at {secret} godkendes",)),
        attachments=(f"Bilag {secret}.pdf",),
        decisions=(DecisionBlock(
            committee_name=document.committee_name,
            decided_on=document.starts_at.date(),
            text=f"Godkendt {secret}.\n\nAnden sætning {secret}.",
            point_answers=(PointAnswer(1, f"Svar {secret}"),),
            not_taking_part=(Person(f"Inhabil {secret}", "O"),),
            absent=(Person(f"Fraværende {secret}"),),
            minority=f"Mindretal {secret}",
        ),),
    )
    items = tuple(closed if item.number == number else item for item in document.items)
    return dataclasses.replace(document, items=items)


def with_substitute(document: MeetingDocument, absent_name: str, substitute: str) -> MeetingDocument:
    participants = tuple(
        Participant(p.person, absent=True, substitute=substitute) if p.person.name == absent_name else p
        for p in document.participants
    )
    return dataclasses.replace(document, participants=participants)


def with_approval(document: MeetingDocument, approved_on: date) -> MeetingDocument:
    return dataclasses.replace(document, approved_at=datetime.combine(approved_on, time(12), document.starts_at.tzinfo))


def municipal_template(*, drop_styles: tuple[str, ...] = ()) -> bytes:
    """A municipality's own .docx: letterhead text and logo in the header, Heading 1 in
    Georgia, a style of its own, some example body text; `drop_styles` are removed so
    that the renderer has to create them."""
    word = Document()
    header = word.sections[0].header.paragraphs[0]
    header.add_run().add_picture(io.BytesIO(_LOGO))
    header.add_run(TEMPLATE_HEADER)
    heading = word.styles["Heading 1"]
    heading.font.name = TEMPLATE_HEADING_FONT
    heading.font.color.rgb = RGBColor(0x00, 0x66, 0x33)
    heading.font.size = Pt(16)
    own = word.styles.add_style(TEMPLATE_OWN_STYLE, 1)
    own.font.name = "Verdana"
    word.add_paragraph(TEMPLATE_BODY_TEXT, style=own)
    word.add_paragraph("Endnu en eksempelparagraf", style="Heading 1")
    for name in drop_styles:
        style = word.styles[name]
        style.element.getparent().remove(style.element)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()
