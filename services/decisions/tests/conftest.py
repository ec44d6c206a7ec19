"""Decisions service fixtures: a fresh PostgreSQL database per test, and agenda events
built from the shared event contract (this service never imports the agenda service)."""

from __future__ import annotations

import pytest

from services.decisions.app import create_app
from services.decisions.bootstrap import MIGRATIONS, build_runtime
from shared.config import Settings
from shared.db.migrate import upgrade_to_head
from shared.tests.agenda_events import AgendaEvents


@pytest.fixture
def runtime(pg_template, fresh_database):
    url = fresh_database(pg_template("decisions", lambda u: upgrade_to_head(u, MIGRATIONS)))
    rt = build_runtime(Settings.for_service("decisions", database_url=url, broker_url=None, secret_key="test"))
    yield rt
    rt.dispose()


@pytest.fixture
def agenda(runtime) -> AgendaEvents:
    return AgendaEvents(runtime.consumer())


@pytest.fixture
def client(runtime):
    app = create_app(runtime)
    app.config["WTF_CSRF_ENABLED"] = False
    return app.test_client()
