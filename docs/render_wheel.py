"""Draws the pictures of the årshjul in the docs: serves the demo (embedded, on SQLite in a
temporary folder), prints the wheel page of Udvalget for Job & Arbejdsmarked 2020 with
Chromium on A4 and on A3 and saves the first page of each as PNG, and a screenshot of the
page on a screen:

    docs/aarshjul-2020-a4.png      the wheel as printed on A4 (first page)
    docs/aarshjul-2020-a3.png      the same on A3
    docs/aarshjul-2020-skaerm.png  the page in a browser: wheel, then the table

Run from the repository root:  .venv/bin/python docs/render_wheel.py
Needs Chromium (/usr/bin/chromium) and poppler-utils (`pdftoppm`).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from waitress import create_server

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from services.agenda.app import create_app
from services.agenda.bootstrap import build_runtime
from services.agenda.demo.load import load_demo
from shared.config import Settings
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS

PAGE = "/aarshjul/lejre/JA/2020"
DOCS = ROOT / "docs"


def serve_demo(folder: Path):
    runtime = build_runtime(Settings.for_service(
        "agenda", database_url=f"sqlite:///{folder / 'agenda.sqlite'}", broker_url=None, secret_key="docs"))
    runtime.migrate()
    load_demo(runtime)
    server = create_server(create_app(runtime), host="127.0.0.1", port=0)
    threading.Thread(target=server.run, daemon=True).start()
    return server, f"http://127.0.0.1:{server.effective_port}"


def first_page_png(pdf: Path, png: Path, dpi: int) -> None:
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(png.with_suffix(""))], check=True)


def main() -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        server, base = serve_demo(Path(folder))
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                for paper, dpi in (("A4", 110), ("A3", 80)):
                    page.goto(f"{base}{PAGE}?papir={paper}")
                    pdf = Path(folder) / f"{paper}.pdf"
                    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
                    first_page_png(pdf, DOCS / f"aarshjul-2020-{paper.lower()}.png", dpi)
                page.goto(f"{base}{PAGE}")
                page.screenshot(path=str(DOCS / "aarshjul-2020-skaerm.png"), full_page=False)
                browser.close()
        finally:
            server.close()


if __name__ == "__main__":
    main()
