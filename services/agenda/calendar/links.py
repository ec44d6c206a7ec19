"""Every absolute link the calendar part hands out, built in one place. They are made
inside a request, so they carry the service's mount point (e.g. /agenda) as url_for sees it."""

from __future__ import annotations

from flask import current_app, url_for

from services.agenda.calendar.operations.feeds import EventLinks
from services.agenda.models import Committee, Meeting
from shared.api.app import runtime_of


def base_url() -> str:
    """The system's public origin (UDVALG_PUBLIC_BASE_URL), e.g. https://udvalg.lejre.dk."""
    return runtime_of(current_app).settings.public_base_url


def absolute(endpoint: str, **values) -> str:
    """An absolute link to one of this app's routes."""
    return base_url() + url_for(endpoint, **values)


def meeting_page_url(meeting: Meeting) -> str:
    """The meeting's public page (agenda, minutes): where a calendar event links to."""
    return absolute("portal.meeting_page", slug=meeting.committee.municipality.slug, meeting_id=meeting.id)


def wheel_page_url(committee: Committee, year: int) -> str:
    return absolute("calendar_pages.wheel_page", slug=committee.municipality.slug, code=committee.url_key, year=year)


EVENT_LINKS = EventLinks(meeting=meeting_page_url, wheel=wheel_page_url)


def subscribe_links(endpoint: str, **values) -> dict[str, str]:
    """A feed's https:// (or http:// in a local demo) and webcal:// addresses."""
    https = absolute(endpoint, **values)
    return {"https": https, "webcal": "webcal://" + https.split("://", 1)[1]}
