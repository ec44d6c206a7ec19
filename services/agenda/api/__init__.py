"""The agenda service's JSON API under /api/v1/."""

from services.agenda.api import accounts, committees, meetings, municipalities
from services.agenda.calendar import api as calendar_api

BLUEPRINTS = (accounts.blp, municipalities.blp, committees.blp, meetings.blp, calendar_api.blp)
