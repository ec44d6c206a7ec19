"""Årshjul, dialogtemaer and the calendars committee members subscribe to.

Part of the agenda service: it reads meetings from the agenda database directly, so a
moved or cancelled meeting shows in every feed at once.

    models.py      the tables (on the agenda service's Base)
    domain/        pure rules: Danish holidays, meeting placement, iCal building and its
                   VTIMEZONE, the wheel's SVG
    operations/    the service layer: entries and themes, roll-over, feed tokens, feeds
    schemas.py     marshmallow at the API's edge
    api.py         JSON API under /api/v1/
    pages.py       feeds (.ics), the wheel, the member's and the secretariat's pages; the
                   portal's committee and meeting pages include templates from here
"""
