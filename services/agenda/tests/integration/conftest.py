"""Fixtures the agenda's integration tests share."""

from __future__ import annotations

import pytest

from services.agenda.tests.integration.helpers import register_municipality


@pytest.fixture
def secretary(client, accounts):
    """API headers of a secretary of Roskilde, a municipality with no data yet."""
    register_municipality(client, accounts.admin(), "roskilde")
    return accounts.secretary("roskilde")
