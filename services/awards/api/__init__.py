"""The awards service's JSON API under /api/v1/."""

from services.awards.api import municipalities, rounds

BLUEPRINTS = (municipalities.blp, rounds.blp)
