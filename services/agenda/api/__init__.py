"""The agenda service's JSON API under /api/v1/."""

from services.agenda.api import accounts, committees, meetings, municipalities

BLUEPRINTS = (accounts.blp, municipalities.blp, committees.blp, meetings.blp)
