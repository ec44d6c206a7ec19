"""Every absolute link the calendar part hands out, built in one place."""

from __future__ import annotations

from flask import current_app, url_for

from services.agenda.models import Committee, Meeting
from shared.api.app import runtime_of


def base_url() -> str:
    """The system's public origin (UDVALG_PUBLIC_BASE_URL), e.g. https://udvalg.lejre.dk."""
    return runtime_of(current_app).settings.public_base_url


def meeting_public_url(meeting: Meeting, base: str | None = None) -> str:
    """The page a calendar event links to for a meeting (DESCRIPTION and URL).

    For now the agenda API's meeting; the public portal's meeting page replaces it here,
    and only here."""
    return f"{base or base_url()}/agenda/api/v1/meetings/{meeting.id}"


def wheel_public_url(committee: Committee, year: int, base: str | None = None) -> str:
    return f"{base or base_url()}/agenda/aarshjul/{committee.municipality.slug}/{committee.code}/{year}"


def absolute(endpoint: str, **values) -> str:
    """An absolute link to one of this app's routes (under its mount point, e.g. /agenda)."""
    return base_url() + url_for(endpoint, **values)


def subscribe_links(endpoint: str, **values) -> dict[str, str]:
    """A feed's https:// (or http:// in a local demo) and webcal:// addresses."""
    https = absolute(endpoint, **values)
    return {"https": https, "webcal": "webcal://" + https.split("://", 1)[1]}
