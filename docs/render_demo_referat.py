"""Draws the pictures of the referat in the docs: renders the demo meeting's minutes
(Udvalget for Job & Arbejdsmarked, Lejre, 8 January 2020) to var/demo-referat.docx,
converts it to PDF with LibreOffice and saves two pages as PNG:

    docs/referat-side-1.png   title, meeting block and table of contents
    docs/referat-side-2.png   the first page of an item: sections, decision, Afbud

Run from the repository root:  .venv/bin/python docs/render_demo_referat.py [--item 3]
Needs LibreOffice (`libreoffice`) and poppler-utils (`pdftoppm`, `pdftotext`).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from services.decisions.demo.documents import demo_minutes_document
from services.decisions.documents.render import render_document
from shared.housestyle import item_heading

OUT_DOCX = ROOT / "var" / "demo-referat.docx"
PAGE_ONE = ROOT / "docs" / "referat-side-1.png"
PAGE_ITEM = ROOT / "docs" / "referat-side-2.png"


def convert_to_pdf(docx: Path, out_dir: Path) -> Path:
    """The .docx as PDF, by LibreOffice headless (its own profile, so that it runs next
    to a LibreOffice the user has open)."""
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        raise SystemExit("LibreOffice mangler: installér libreoffice-writer-nogui (Debian/Ubuntu).")
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
    try:
        subprocess.run(
            [office, f"-env:UserInstallation={profile.as_uri()}", "--headless",
             "--convert-to", "pdf", "--outdir", str(out_dir), str(docx)],
            check=True, capture_output=True, timeout=180,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    pdf = out_dir / (docx.stem + ".pdf")
    if not pdf.exists() or pdf.stat().st_size == 0:
        raise SystemExit(f"LibreOffice wrote no PDF for {docx}")
    return pdf


def page_of(pdf: Path, text: str) -> int:
    """The first page after the table of contents whose text contains `text` (pages
    counted from 1)."""
    plain = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                           capture_output=True, text=True).stdout
    for number, page in enumerate(plain.split("\f"), start=1):
        if text in page and "Indholdsfortegnelse" not in page:
            return number
    raise SystemExit(f"{text!r} is on no page of {pdf}")


def page_png(pdf: Path, page: int, target: Path, work: Path) -> None:
    prefix = work / f"page-{page}"
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", str(page), "-l", str(page), str(pdf), str(prefix)],
                   check=True, capture_output=True)
    produced = sorted(work.glob(f"page-{page}*.png"))
    if not produced:
        raise SystemExit(f"pdftoppm drew no page {page}")
    shutil.copyfile(produced[0], target)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--item", type=int, default=3, help="the item whose first page is drawn (default 3)")
    parser.add_argument("--variant", choices=("internal", "public"), default="public")
    args = parser.parse_args()

    document = demo_minutes_document(args.variant)
    OUT_DOCX.parent.mkdir(parents=True, exist_ok=True)
    OUT_DOCX.write_bytes(render_document(document))
    print(f"skrev {OUT_DOCX.relative_to(ROOT)}")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        pdf = convert_to_pdf(OUT_DOCX, work)
        heading = next(item_heading(document.style, item.number, item.owner_code, item.title, closed=item.closed,
                                    public=document.variant == "public")
                       for item in document.items if item.number == args.item)
        item_page = page_of(pdf, re.sub(r"\s+", " ", heading)[:40])
        page_png(pdf, 1, PAGE_ONE, work)
        page_png(pdf, item_page, PAGE_ITEM, work)
    print(f"skrev {PAGE_ONE.relative_to(ROOT)} (side 1) og {PAGE_ITEM.relative_to(ROOT)} (side {item_page})")


if __name__ == "__main__":
    main()
