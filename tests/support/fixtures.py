"""pytest fixtures shared by every test folder: real PostgreSQL and RabbitMQ, fresh per run."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator

import pytest

from tests.support import servers


@pytest.fixture(scope="session")
def pg_template() -> Iterator[Callable[[str, Callable[[str], None]], str]]:
    """A migrated template database per service, made once per run and cloned per test."""
    made: dict[str, str] = {}

    def template(service: str, migrate: Callable[[str], None]) -> str:
        if service not in made:
            name = f"udvalg_test_{servers.RUN_ID}_{service}_template"
            migrate(servers.create_database(name))
            made[service] = name
        return made[service]

    yield template
    for name in made.values():
        servers.drop_database(name)


@pytest.fixture
def fresh_database() -> Iterator[Callable[[str | None], str]]:
    """Factory: an empty (or template-cloned) PostgreSQL database, dropped after the test."""
    created: list[str] = []

    def make(template: str | None = None) -> str:
        name = f"udvalg_test_{servers.RUN_ID}_{uuid.uuid4().hex[:8]}"
        url = servers.create_database(name, template)
        created.append(name)
        return url

    yield make
    for name in created:
        servers.drop_database(name)


@pytest.fixture(scope="session")
def broker_url() -> Iterator[str]:
    """A RabbitMQ vhost of this test run's own."""
    name = f"udvalg_test_{servers.RUN_ID}"
    url = servers.create_vhost(name)
    yield url
    servers.delete_vhost(name)


def wait_for(condition: Callable[[], object], timeout: float = 15.0, interval: float = 0.1, message: str = ""):
    """Poll until `condition()` is truthy; return its value or fail with `message`."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout}s waiting for {message or condition}")
        time.sleep(interval)


@pytest.fixture
def embedded_site(tmp_path):
    """The embedded system with demo data in its own var/ folder; yields its base URL."""
    from tests.support.processes import Processes, free_port

    processes = Processes(tmp_path, {"UDVALG_VAR_DIR": str(tmp_path / "var")})
    try:
        yield processes.start_embedded(free_port())
    finally:
        processes.stop_all()
    assert "Traceback" not in processes.log("embedded")
