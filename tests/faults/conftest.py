"""Fault tests run the production path (tests/support/production.py: the agenda service
under gunicorn, the agenda and decisions workers, PostgreSQL, RabbitMQ) with the broker,
and where a test asks PostgreSQL too, behind TCP proxies the test controls. Each test has a
RabbitMQ vhost of its own: a fault may leave messages behind that no other test should get."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit, urlunsplit

import pytest

from services.agenda.bootstrap import MIGRATIONS as AGENDA_MIGRATIONS
from services.decisions.bootstrap import MIGRATIONS as DECISIONS_MIGRATIONS
from shared.db.migrate import upgrade_to_head
from tests.support import servers
from tests.support.production import ProductionPath
from tests.support.proxy import TcpProxy

MIGRATIONS = {"agenda": AGENDA_MIGRATIONS, "decisions": DECISIONS_MIGRATIONS}


def through(url: str, proxy: TcpProxy) -> str:
    """The same URL (credentials, database or vhost) reached through the proxy."""
    parts = urlsplit(url)
    credentials = parts.netloc.rpartition("@")[0]
    return urlunsplit(parts._replace(netloc=f"{credentials}@{proxy.host}:{proxy.port}" if credentials
                                     else f"{proxy.host}:{proxy.port}"))


@pytest.fixture
def vhost_url() -> Iterator[str]:
    name = f"udvalg_test_{servers.RUN_ID}_faults_{uuid.uuid4().hex[:8]}"
    url = servers.create_vhost(name)
    yield url
    servers.delete_vhost(name)


def _proxy_to(url: str, default_port: int) -> Iterator[TcpProxy]:
    parts = urlsplit(url)
    proxy = TcpProxy(parts.hostname or "127.0.0.1", parts.port or default_port)
    proxy.start()
    yield proxy
    proxy.close()


@pytest.fixture
def broker_proxy(vhost_url) -> Iterator[TcpProxy]:
    """In front of RabbitMQ for the workers."""
    yield from _proxy_to(vhost_url, 5672)


@pytest.fixture
def database_proxy() -> Iterator[TcpProxy]:
    """In front of PostgreSQL for the services' processes (the tests count directly)."""
    yield from _proxy_to(servers.PG_ADMIN_URL, 5432)


@pytest.fixture
def production(tmp_path, pg_template, fresh_database, vhost_url, broker_proxy) -> Iterator[Callable[..., ProductionPath]]:
    """Factory: the production path started, logged in and with one committee copied over.
    `env` adds settings; with `database_proxy` the processes reach PostgreSQL through it."""
    systems: list[ProductionPath] = []

    def start(env: dict[str, str] | None = None, database_proxy: TcpProxy | None = None) -> ProductionPath:
        urls = {name: fresh_database(pg_template(name, lambda url, m=migrations: upgrade_to_head(url, m)))
                for name, migrations in MIGRATIONS.items()}
        settings = {"UDVALG_RELAY_POLL_SECONDS": "0.2", **(env or {})}
        if database_proxy is not None:
            settings |= {f"{name.upper()}_DATABASE_URL": through(url, database_proxy) for name, url in urls.items()}
        system = ProductionPath(tmp_path, urls, through(vhost_url, broker_proxy), env=settings)
        systems.append(system)
        system.start()
        system.create_committee()
        return system

    yield start
    for system in systems:
        system.stop()
