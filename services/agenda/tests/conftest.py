"""Agenda service fixtures: a fresh PostgreSQL database per test, cloned from a migrated
(or migrated and demo-loaded) template made once per run."""

from __future__ import annotations

import pytest

from services.agenda.app import create_app
from services.agenda.bootstrap import MIGRATIONS, build_runtime
from services.agenda.models import Municipality
from services.agenda.operations.accounts import ensure_user
from shared.config import Settings
from shared.db.migrate import upgrade_to_head

PASSWORD = "korrekt-hest-batteri"


def runtime_for(url: str):
    return build_runtime(Settings.for_service("agenda", database_url=url, broker_url=None, secret_key="test"))


def _migrate(url: str) -> None:
    upgrade_to_head(url, MIGRATIONS)


def _migrate_and_load_demo(url: str) -> None:
    _migrate(url)
    runtime = runtime_for(url)
    runtime.load_demo(runtime)
    runtime.dispose()


@pytest.fixture
def runtime(pg_template, fresh_database):
    rt = runtime_for(fresh_database(pg_template("agenda", _migrate)))
    yield rt
    rt.dispose()


@pytest.fixture
def demo_runtime(pg_template, fresh_database):
    rt = runtime_for(fresh_database(pg_template("agenda_demo", _migrate_and_load_demo)))
    yield rt
    rt.dispose()


@pytest.fixture
def client(runtime):
    return create_app(runtime).test_client()


@pytest.fixture
def demo_client(demo_runtime):
    return create_app(demo_runtime).test_client()


class Accounts:
    """Creates users directly and returns Authorization headers obtained through the API."""

    def __init__(self, runtime, client):
        self.runtime, self.client = runtime, client

    def headers(self, email: str, role: str, municipality_slug: str | None = None, member_id=None) -> dict:
        with self.runtime.uow() as uow:
            municipality_id = None
            if municipality_slug:
                municipality_id = uow.session.query(Municipality).filter_by(slug=municipality_slug).one().id
            ensure_user(uow.session, email=email, name=email.split("@")[0], password=PASSWORD, role=role,
                        municipality_id=municipality_id, member_id=member_id)
            uow.commit()
        response = self.client.post("/api/v1/tokens", json={"email": email, "password": PASSWORD})
        assert response.status_code == 201, response.json
        return {"Authorization": f"Bearer {response.json['token']}"}

    def admin(self) -> dict:
        return self.headers("admin@test.dk", "admin")

    def secretary(self, slug: str) -> dict:
        return self.headers(f"sekretaer@{slug}.dk", "secretary", slug)


@pytest.fixture
def accounts(runtime, client):
    return Accounts(runtime, client)


@pytest.fixture
def demo_accounts(demo_runtime, demo_client):
    return Accounts(demo_runtime, demo_client)
