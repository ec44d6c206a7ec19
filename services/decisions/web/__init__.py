"""The decisions service's pages: the secretariat's work at and after the meeting,
the Word documents, and the public minutes."""

from flask import Blueprint

from services.decisions.web import documents, meetings, public, templates_page

# Scripts for progressive enhancement, as files: the pages carry no inline script (CSP).
assets = Blueprint("decisions_assets", __name__, static_folder="static", static_url_path="/static/decisions")

PAGES = (meetings.bp, documents.bp, public.bp, templates_page.bp, assets)
