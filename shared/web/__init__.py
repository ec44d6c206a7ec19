"""The look every service's pages share: one base template and one stylesheet."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from flask import Blueprint, Response, send_file

from shared.auth.session import principal_from_session
from shared.danish import long_date, long_meeting_datetime
from shared.richtext import to_html
from shared.web.navigation import secretariat_nav

TEMPLATES = Path(__file__).parent / "templates"

# Registered by every app that renders pages: templates resolve "udvalg/base.html" and
# url_for("udvalg_web.static", filename="udvalg.css") serves the stylesheet.
web = Blueprint("udvalg_web", __name__, template_folder="templates", static_folder="static",
                static_url_path="/static/udvalg")


def service_url(service: str, path: str) -> str:
    """A link to another service's page. Every service is mounted under /<name>/, in the
    embedded system and behind the production proxy alike."""
    return f"/{service}{path}"


def file_download(content: bytes, mimetype: str, filename: str, *, public: bool = False) -> Response:
    """A file for the browser to save. send_file encodes any letter in the name for every
    browser (RFC 6266); the type is never sniffed; only public files may be cached."""
    response = send_file(BytesIO(content), mimetype=mimetype, as_attachment=True, download_name=filename,
                         etag=False)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "public, max-age=300" if public else "private, no-store"
    return response


@web.app_context_processor
def _template_helpers():
    return {"service_url": service_url, "current_principal": principal_from_session(),
            "secretariat_nav": secretariat_nav}


@web.app_template_filter("markdown")
def _markdown(text: str):
    return to_html(text or "")


@web.app_template_filter("danish_datetime")
def _danish_datetime(value, zone: str | None = None):
    """'Onsdag d. 8. januar 2020 kl. 16:30' (in `zone` when given), as a heading or table cell."""
    return long_meeting_datetime(value, zone)


@web.app_template_filter("local_datetime")
def _local_datetime(value, zone: str) -> str:
    """'onsdag d. 15. januar 2020 kl. 00:00' in the municipality's time zone, for running text."""
    text = long_meeting_datetime(value, zone)
    return text[0].lower() + text[1:]


web.add_app_template_filter(long_date, "long_date")
