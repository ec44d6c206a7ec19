"""How fast the referat's Word document is made, measured in one run:

    docx   the referat of 30 items in the municipality's own look (title, meeting block,
           table of contents, an item per page with its sections, lists, tables and
           decisions), as a ratio to bare python-docx writing the same headings,
           paragraphs, runs and tables with the same styles into a new document and
           saving it (target: at most 1.5)

and how its time grows with the items: the time per item for 10, 100 and 1,000 items
(linear: the same time per item; 100 -> 1,000 items costs 10x the time).

The items are the demo meeting's eleven (Lejre, 8 January 2020: sections of Markdown with
bold, lists and tables, recommendations, attachments, decisions with absences) over and
over, each with a title and a closing paragraph of its own, so that no item's text is
the same as another's. The floor writes what the referat holds, read back from it: every
body paragraph in its style with its runs (bold, italic) and every table's cells. Both
sides run interleaved in this process (see bench/harness.py). Prints the ratio; asserts
nothing about time.

Run from the repository root:  .venv/bin/python bench/docx_bench.py [--items 30]
"""

from __future__ import annotations

import dataclasses
import io
import sys
import time
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import harness
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from services.decisions.demo.documents import demo_minutes_document
from services.decisions.documents.model import MeetingDocument
from services.decisions.documents.render import render_document
from services.decisions.tests.docx_reading import items, lines

GROWTH = (10, 100, 1000)


def referat(size: int) -> MeetingDocument:
    """The demo referat with `size` items, the demo's items over again, each its own."""
    demo = demo_minutes_document("internal")
    chosen = []
    for index in range(size):
        item = demo.items[index % len(demo.items)]
        chosen.append(dataclasses.replace(
            item, number=index + 1, title=f"{item.title} ({index + 1})",
            sections={key: f"{text}\n\nSag {index + 1}, afsnit {key}." for key, text in item.sections.items()}))
    return dataclasses.replace(demo, items=tuple(chosen))


def contents(data: bytes) -> list[tuple]:
    """What the floor writes: ("p", style, [(text, bold, italic), ...]) for each body
    paragraph and ("table", [[cell text, ...], ...]) for each table, in order."""
    word = Document(io.BytesIO(data))
    found: list[tuple] = []
    for child in word.element.body.iterchildren():
        if child.tag == qn("w:p"):
            paragraph = Paragraph(child, word._body)
            style = paragraph.style.name if paragraph.style is not None else "Normal"
            runs = [(run.text, bool(run.bold), bool(run.italic)) for run in paragraph.runs if run.text]
            if not runs and paragraph.text:  # a table of contents line: its text is in a hyperlink
                runs = [(paragraph.text, False, False)]
            found.append(("p", style, runs))
        elif child.tag == qn("w:tbl"):
            table = Table(child, word._body)
            found.append(("table", [[cell.text for cell in row.cells] for row in table.rows]))
    return found


def python_docx_alone(found: list[tuple]) -> bytes:
    """The same paragraphs, runs and tables written with python-docx. Each style is
    looked up once and its id written on the paragraph's XML: python-docx's public
    style setter checks every style of the document again for each paragraph (for a
    referat of 30 items that alone is five times the rest), and a floor must be the
    least the library needs."""
    word = Document()
    ids = {style.name: style.style_id for style in word.styles if style.type == WD_STYLE_TYPE.PARAGRAPH}
    for entry in found:
        if entry[0] == "p" and entry[1] not in ids:
            ids[entry[1]] = word.styles.add_style(entry[1], WD_STYLE_TYPE.PARAGRAPH).style_id
    for entry in found:
        if entry[0] == "p":
            _, style, runs = entry
            paragraph = word.add_paragraph()
            if style != "Normal":
                paragraph._p.style = ids[style]
            for text, bold, italic in runs:
                run = paragraph.add_run(text)
                if bold:
                    run.bold = True
                if italic:
                    run.italic = True
        else:
            rows = entry[1]
            table = word.add_table(rows=len(rows), cols=max(len(row) for row in rows))
            for row, texts in zip(table.rows, rows):
                for cell, text in zip(row.cells, texts):
                    cell.text = text
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def milliseconds(action) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1e3


def per_item_ms(document: MeetingDocument) -> float:
    return milliseconds(lambda: render_document(document)) / len(document.items)


def main() -> None:
    args = harness.arguments(__doc__, budget=40, items=(int, 30, "items in the referat compared with the floor"))
    document = referat(args.items)
    data = render_document(document)
    assert len(items(data)) == args.items
    found = contents(data)
    floor = python_docx_alone(found)
    assert contents(floor) == found, "the floor must write the same paragraphs, runs and tables"
    assert [text for _, text in lines(floor)] == [text for _, text in lines(data)]
    print(f"Referat of {args.items} items: {len(data) / 1024:.0f} KiB, {len(found):,} paragraphs and tables")

    result = harness.interleave(f"Referat DOCX, {args.items} items", [
        harness.Side("udvalg referat", lambda: milliseconds(lambda: render_document(document)), unit="ms"),
        harness.Side("python-docx alone", lambda: milliseconds(lambda: python_docx_alone(found)), unit="ms"),
    ], budget_seconds=args.budget * 0.6)

    documents = {size: referat(size) for size in GROWTH}
    growth = harness.interleave("Referat DOCX, time per item by items", [
        harness.Side(f"{size:,} items", partial(per_item_ms, documents[size]), unit="ms/item") for size in GROWTH
    ], budget_seconds=args.budget * 0.4, min_rounds=3, warmup=0)
    per_item = [growth.sides[f"{size:,} items"].value for size in GROWTH]
    harness.print_growth("items", GROWTH, per_item)
    harness.print_ratios([result.ratio("docx", "udvalg referat", "python-docx alone", target=1.5)])


if __name__ == "__main__":
    main()
