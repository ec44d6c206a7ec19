"""The decisions service's JSON API under /api/v1/."""

from services.decisions.api import meetings

BLUEPRINTS = (meetings.blp,)
