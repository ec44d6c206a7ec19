"""Danish formatting for the awards templates (dates and times: shared/web)."""

from __future__ import annotations

from flask import Blueprint

from shared.danish import decimal, kroner

bp = Blueprint("awards_filters", __name__)

bp.app_template_filter("kroner")(kroner)
bp.app_template_filter("decimal")(decimal)
