"""The look every service's pages share: one base template and one stylesheet."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint

TEMPLATES = Path(__file__).parent / "templates"

# Registered by every app that renders pages: templates resolve "udvalg/base.html" and
# url_for("udvalg_web.static", filename="udvalg.css") serves the stylesheet.
web = Blueprint("udvalg_web", __name__, template_folder="templates", static_folder="static",
                static_url_path="/static/udvalg")
