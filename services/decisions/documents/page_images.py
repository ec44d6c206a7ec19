"""A .docx's first pages as PNG images, drawn by LibreOffice (headless, to PDF) and
pdftoppm, when the machine has them: the Word-template page shows its sample this way.

Drawing takes seconds, so pictures are kept by the document's content key; one drawing
runs at a time (LibreOffice is heavy) and none waits longer than TIMEOUT_SECONDS.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import threading
from collections import OrderedDict
from pathlib import Path

TIMEOUT_SECONDS = 120
KEEP = 16

_lock = threading.Lock()
_drawn: OrderedDict[str, list[bytes]] = OrderedDict()


def available() -> bool:
    return bool((shutil.which("soffice") or shutil.which("libreoffice")) and shutil.which("pdftoppm"))


def page_images(key: str, docx: bytes, pages: int = 2, resolution: int = 60) -> list[bytes]:
    """PNG images of the first `pages` pages; [] when LibreOffice or pdftoppm is missing
    or fails (the page then offers the .docx alone)."""
    if key in _drawn:
        return _drawn[key]
    if not available():
        return []
    with _lock:
        if key in _drawn:
            return _drawn[key]
        drawn = _draw(docx, pages, resolution)
        if drawn:  # a failure (say, a timeout on a busy machine) is tried again next time
            _drawn[key] = drawn
            while len(_drawn) > KEEP:
                _drawn.popitem(last=False)
        return drawn


def _draw(docx: bytes, pages: int, resolution: int) -> list[bytes]:
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        return []
    with tempfile.TemporaryDirectory(prefix="udvalg-sample-") as folder:
        work = Path(folder)
        source = work / "eksempel.docx"
        source.write_bytes(docx)
        profile = work / "profile"  # its own profile: runs beside any other LibreOffice
        try:
            subprocess.run([office, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                            "--outdir", str(work), str(source)],
                           check=True, capture_output=True, timeout=TIMEOUT_SECONDS)
            subprocess.run(["pdftoppm", "-png", "-r", str(resolution), "-f", "1", "-l", str(pages),
                            str(work / "eksempel.pdf"), str(work / "side")],
                           check=True, capture_output=True, timeout=TIMEOUT_SECONDS)
        except (subprocess.SubprocessError, OSError):
            return []
        return [path.read_bytes() for path in sorted(work.glob("side*.png"))]
