"""Checking uploaded files by their content, never by the name the browser sent."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import PurePath

from shared.active_content import image_problem, office_problem, pdf_problem
from shared.errors import Invalid

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"

TYPE_NAMES = {PDF: "PDF", PNG: "PNG-billede", JPEG: "JPEG-billede", DOCX: "Word-dokument", XLSX: "Excel-ark",
              PPTX: "PowerPoint-præsentation"}

# An Office Open XML file is a zip whose main part tells which application made it.
_OFFICE_PARTS = {"word/document.xml": DOCX, "xl/workbook.xml": XLSX, "ppt/presentation.xml": PPTX}


def sniff_content_type(content: bytes) -> str | None:
    """The file's real type from its first bytes (and, for Office files, its parts)."""
    if content.startswith(b"%PDF-"):
        return PDF
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if content.startswith(b"\xff\xd8\xff"):
        return JPEG
    if content.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(BytesIO(content)).namelist())
        except zipfile.BadZipFile:
            return None
        return next((kind for part, kind in _OFFICE_PARTS.items() if part in names), None)
    return None


@dataclass(frozen=True)
class Upload:
    filename: str
    content_type: str
    content: bytes


def safe_filename(name: str) -> str:
    """The last path part of what the browser sent, without control characters."""
    base = PurePath((name or "").replace("\\", "/")).name
    return "".join(ch for ch in base if ch.isprintable() and ch not in '"').strip()[:200]


def active_content_problem(kind: str, content: bytes) -> str | None:
    """Why a file of this (sniffed) type would act instead of being read, or None."""
    if kind == PDF:
        return pdf_problem(content)
    if kind in (PNG, JPEG):
        return image_problem(kind, content)
    return office_problem(content)


def checked_upload(field: str, filename: str, content: bytes, *, allowed: tuple[str, ...], max_bytes: int) -> Upload:
    """An upload whose size, content type and content are acceptable (no script, automatic
    action, hidden markup or macro), or Invalid with a Danish message on `field`."""
    allowed_names = ", ".join(TYPE_NAMES[kind] for kind in allowed)
    if not content:
        raise Invalid("Filen er tom.", {field: ["Filen er tom. Vælg en anden fil."]})
    if len(content) > max_bytes:
        megabytes = max_bytes // (1024 * 1024)
        raise Invalid("Filen er for stor.", {field: [f"Filen må højst fylde {megabytes} MB."]})
    kind = sniff_content_type(content)
    if kind not in allowed:
        raise Invalid("Filtypen kan ikke bruges.", {field: [f"Filen skal være en af disse typer: {allowed_names}."]})
    problem = active_content_problem(kind, content)
    if problem:
        raise Invalid("Filen kan ikke bruges.", {field: [problem]})
    name = safe_filename(filename)
    if not name:
        raise Invalid("Filen mangler et navn.", {field: ["Filen skal have et navn."]})
    return Upload(filename=name, content_type=kind, content=content)
