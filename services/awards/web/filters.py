"""Danish formatting for the awards templates."""

from __future__ import annotations

from flask import Blueprint

from shared.danish import decimal, kroner, long_date, long_meeting_datetime

bp = Blueprint("awards_filters", __name__)

bp.app_template_filter("kroner")(kroner)
bp.app_template_filter("decimal")(decimal)
bp.app_template_filter("long_date")(long_date)


@bp.app_template_filter("local_datetime")
def _local_datetime(value, zone: str) -> str:
    """'onsdag d. 15. januar 2020 kl. 00:00' in the municipality's time zone, for running text."""
    text = long_meeting_datetime(value, zone)
    return text[0].lower() + text[1:]
