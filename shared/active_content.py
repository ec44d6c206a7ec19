"""Finding what makes an uploaded file act instead of being read: scripts and automatic
actions in a PDF, markup hidden in or behind an image, macros in an Office file.

An upload is served back to secretaries, committee members and the public, so a file
that runs something when opened (a PDF's JavaScript, an /OpenAction or /Launch, an
image that is also an SVG or HTML page) is refused with a Danish reason. The checks
read the file's structure; they never run anything in it.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from io import BytesIO

# PDF names that run code or act beyond showing the document (ISO 32000-1, 12.6 actions,
# 12.7.5 form submission, 7.11.4 embedded files, XFA and rich media).
_PDF_ACTIVE_NAMES = {
    b"JavaScript": "JavaScript",
    b"JS": "JavaScript",
    b"Launch": "en handling, der starter et program",
    b"SubmitForm": "en formular, der sender data",
    b"ImportData": "en handling, der henter data",
    b"GoToE": "en indlejret fil",
    b"GoToR": "en henvisning til en anden fil",
    b"EmbeddedFile": "en indlejret fil",
    b"EmbeddedFiles": "indlejrede filer",
    b"RichMedia": "indlejret multimedie",
    b"XFA": "en XFA-formular",
}
# Actions that start when the file or a page opens: only "go to a page" is let through
# (many PDF writers open the first page that way).
_PDF_AUTOMATIC = (b"OpenAction", b"AA")
_PDF_NAME = re.compile(rb"/([^\s/<>\[\]()%{}]+)")
_PDF_HEX_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_PDF_REFERENCE = re.compile(rb"\s*(\d+)\s+(\d+)\s+R")
_PDF_ACTION_TYPE = re.compile(rb"/S\s*/([^\s/<>\[\]()%{}]+)")
_PDF_STREAM = re.compile(rb"stream\r?\n")
_PDF_ENCRYPT = re.compile(rb"/Encrypt\b")
# Inflating the streams of a file of at most 20 MB is bounded: a "zip bomb" stops here.
_MAX_INFLATED = 64 * 1024 * 1024
_REFUSED_PDF = ("PDF-filen indeholder {}. Gem den som en almindelig PDF uden scripts og handlinger "
                "(fx med »Udskriv som PDF«), og prøv igen.")


def pdf_problem(content: bytes) -> str | None:
    """What in the PDF acts on its own (in Danish), or None."""
    if _PDF_ENCRYPT.search(content):
        return "Filen er krypteret, så indholdet kan ikke kontrolleres. Gem den uden kryptering, og prøv igen."
    chunks = [content, *_inflated_streams(content)]
    names = [(chunk, match, _PDF_HEX_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), match.group(1)))
             for chunk in chunks for match in _PDF_NAME.finditer(chunk)]
    for _chunk, _match, name in names:
        if name in _PDF_ACTIVE_NAMES:
            return _REFUSED_PDF.format(_PDF_ACTIVE_NAMES[name])
    for chunk, match, name in names:
        if name in _PDF_AUTOMATIC and not _goes_to_a_page(chunks, chunk[match.end():match.end() + 512]):
            return _REFUSED_PDF.format("en handling, der starter af sig selv, når filen åbnes")
    return None


def _goes_to_a_page(chunks: list[bytes], value: bytes) -> bool:
    """Whether an /OpenAction (or /AA) value is a destination or a GoTo action."""
    stripped = value.lstrip()
    if stripped.startswith(b"["):
        return True
    reference = _PDF_REFERENCE.match(value)
    if reference:
        head = rb"(?<!\d)" + reference.group(1) + rb"\s+" + reference.group(2) + rb"\s+obj"
        target = next((found for chunk in chunks if (found := re.search(head, chunk))), None)
        if target is None:
            return False
        stripped = target.string[target.end():target.end() + 512].lstrip()
        if stripped.startswith(b"["):
            return True
    action = _PDF_ACTION_TYPE.search(stripped.split(b">>", 1)[0]) if stripped.startswith(b"<<") else None
    return action is not None and action.group(1) == b"GoTo"


def _inflated_streams(content: bytes):
    """The Flate-compressed streams of the PDF, inflated (object streams hide names there)."""
    budget = _MAX_INFLATED
    for match in _PDF_STREAM.finditer(content):
        if budget <= 0:
            return
        inflater = zlib.decompressobj()
        try:
            data = inflater.decompress(content[match.end():match.end() + budget + 1024 * 1024], budget)
        except zlib.error:
            continue
        budget -= len(data)
        yield data


# Markup that makes an image readable as a web page or an SVG with script.
_MARKUP = re.compile(rb"<\s*(?:script|svg|html|body|iframe|object|embed|!doctype)\b|javascript:", re.IGNORECASE)
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_TEXT_CHUNKS = (b"tEXt", b"zTXt", b"iTXt")
# Browsers that sniff look at the first bytes only; no image of ours may hold markup there.
_SNIFF_WINDOW = 1024


def image_problem(kind: str, content: bytes) -> str | None:
    """An image that is more than an image (in Danish), or None."""
    hidden = "Billedet indeholder andet end et billede (fx kode eller en webside). Gem det igen som et " \
             "almindeligt billede, og prøv igen."
    if _MARKUP.search(content[:_SNIFF_WINDOW]):
        return hidden
    parts = _png_parts(content) if kind == "image/png" else _jpeg_parts(content)
    if parts is None:
        return "Billedfilen er ufuldstændig eller beskadiget. Gem den igen, og prøv igen."
    metadata, trailing = parts
    if trailing.strip(b"\x00\r\n\t ") or any(_MARKUP.search(part) for part in metadata):
        return hidden
    return None


def _png_parts(content: bytes) -> tuple[list[bytes], bytes] | None:
    """The PNG's text chunks (inflated) and whatever follows its IEND chunk; None if the
    chunks do not add up or a checksum is wrong."""
    position, texts = len(_PNG_SIGNATURE), []
    while position + 12 <= len(content):
        length, kind = struct.unpack(">I4s", content[position:position + 8])
        end = position + 12 + length
        if end > len(content):
            return None
        data = content[position + 8:end - 4]
        if zlib.crc32(kind + data) != struct.unpack(">I", content[end - 4:end])[0]:
            return None
        if kind in _PNG_TEXT_CHUNKS:
            texts.append(data)
            if kind == b"zTXt":
                try:
                    texts.append(zlib.decompressobj().decompress(data.split(b"\x00", 1)[1][1:], _MAX_INFLATED))
                except (zlib.error, IndexError):
                    return None
        if kind == b"IEND":
            return texts, content[end:]
        position = end
    return None


def _jpeg_parts(content: bytes) -> tuple[list[bytes], bytes] | None:
    """The JPEG's metadata segments (APPn, COM) and whatever follows its end marker."""
    position, segments = 2, []
    while position + 4 <= len(content):
        if content[position] != 0xFF:
            return None
        marker = content[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        length = struct.unpack(">H", content[position + 2:position + 4])[0]
        if 0xE0 <= marker <= 0xEF or marker == 0xFE:
            segments.append(content[position + 4:position + 2 + length])
        if marker == 0xDA:  # start of scan: entropy-coded data (FF is stuffed as FF00) up to EOI
            end = content.find(b"\xff\xd9", position + 2 + length)
            return (segments, content[end + 2:]) if end >= 0 else None
        position += 2 + length
    return None


def office_problem(content: bytes) -> str | None:
    """Macros in an Office Open XML file (in Danish), or None."""
    names = zipfile.ZipFile(BytesIO(content)).namelist()
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        return "Filen indeholder makroer. Gem den uden makroer (som .docx, .xlsx eller .pptx), og prøv igen."
    return None
