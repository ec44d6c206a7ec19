"""The dates the system takes: 1 January 1970 to 31 December 2200.

Outside this range the answers break, not the input: before 1900 a time zone's offset
is local mean time (Copenhagen +00:50:20), which no RFC 3339 date-time can write, and
near year 9999 a local time has no UTC. No committee plans a meeting outside it.
Every date an input schema (InputSchema) or a form (DanishForm) takes is checked here.
"""

from __future__ import annotations

from datetime import date, datetime

from werkzeug.routing import IntegerConverter

EARLIEST = date(1970, 1, 1)
LATEST = date(2200, 12, 31)
MESSAGE = f"Vælg en dato mellem {EARLIEST.year} og {LATEST.year}."


def out_of_range(value: date) -> bool:
    day = value.date() if isinstance(value, datetime) else value
    return not EARLIEST <= day <= LATEST


def dates_out_of_range(value) -> dict:
    """Where in loaded data (dicts and lists) a date or date-time lies outside the range,
    as marshmallow's nested error messages."""
    errors: dict = {}
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, inner in items:
        if isinstance(inner, date):
            if out_of_range(inner):
                errors[key] = [MESSAGE]
        elif isinstance(inner, (dict, list)):
            nested = dates_out_of_range(inner)
            if nested:
                errors[key] = nested
    return errors


class YearConverter(IntegerConverter):
    """`<year:year>` in a route: a year in the range, else the address matches no page
    (a 404, where a year such as 8920350706 was a 500 in the database)."""

    def __init__(self, url_map, *args, **kwargs) -> None:
        super().__init__(url_map, min=EARLIEST.year, max=LATEST.year)


def year_schema(_converter) -> dict:
    """How the OpenAPI document describes a `<year:...>` path parameter."""
    return {"type": "integer", "minimum": EARLIEST.year, "maximum": LATEST.year}
