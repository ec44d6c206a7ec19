"""The decisions service's pages: the secretariat's work at and after the meeting,
the Word documents, and the public minutes."""

from services.decisions.web import documents, meetings, public, signoff, templates_page

PAGES = (meetings.bp, documents.bp, public.bp, templates_page.bp, signoff.bp)
