"""Each service's Alembic migrations build exactly the schema its models describe,
on PostgreSQL (production) and SQLite (embedded)."""

from __future__ import annotations

import pytest
from alembic import command

from services.agenda.bootstrap import MIGRATIONS as AGENDA
from services.awards.bootstrap import MIGRATIONS as AWARDS
from services.decisions.bootstrap import MIGRATIONS as DECISIONS
from shared.db.migrate import alembic_config, upgrade_to_head

pytestmark = pytest.mark.integration

SERVICES = {"agenda": AGENDA, "decisions": DECISIONS, "awards": AWARDS}


@pytest.mark.parametrize("service", SERVICES)
def test_migrations_match_the_models_on_postgresql(service, fresh_database):
    url = fresh_database()
    upgrade_to_head(url, SERVICES[service])
    command.check(alembic_config(url, SERVICES[service]))


@pytest.mark.parametrize("service", SERVICES)
def test_migrations_match_the_models_on_sqlite_and_run_twice(service, tmp_path):
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    upgrade_to_head(url, SERVICES[service])
    upgrade_to_head(url, SERVICES[service])
    command.check(alembic_config(url, SERVICES[service]))
