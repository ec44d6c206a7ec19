"""A request that finds the database away (a refused or dropped connection) is answered
503 in Danish with Retry-After: problem+json in the API, an error page for pages; never a
500. The same app answers the next requests once the database is back, and a read whose
connection dies after its answer was made still gets that answer."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from flask import Blueprint
from sqlalchemy import MetaData, select

from shared.api.app import build_service_app, request_uow
from shared.bus.tables import define_bus_tables
from shared.config import Settings
from shared.runtime import ServiceRuntime
from tests.support.proxy import TcpProxy

pytestmark = pytest.mark.integration


@pytest.fixture
def proxy() -> Iterator[TcpProxy]:
    proxy = TcpProxy("127.0.0.1", 5432)
    proxy.start()
    yield proxy
    proxy.close()


@pytest.fixture
def runtime(fresh_database, proxy):
    direct = urlsplit(fresh_database())
    through_proxy = urlunsplit(direct._replace(netloc=f"{direct.username}@{proxy.host}:{proxy.port}"))
    settings = Settings.for_service("agenda", database_url=through_proxy, broker_url=None, secret_key="test")
    metadata = MetaData()
    runtime = ServiceRuntime(settings=settings, metadata=metadata, bus_tables=define_bus_tables(metadata),
                             migrations_dir=Path("."), handlers={})
    metadata.create_all(runtime.engine)
    yield runtime
    runtime.dispose()


@pytest.fixture
def client(runtime, proxy):
    probe = Blueprint("probe", __name__)

    def outbox_size() -> dict:
        unit = request_uow()
        with unit:
            return {"events": len(unit.session.execute(select(unit.bus.outbox.c.id)).all())}

    @probe.get("/api/v1/probe")
    def api_probe():
        return outbox_size()

    @probe.get("/probe")
    def page_probe():
        return f"<p>{outbox_size()['events']} hændelser</p>"

    @probe.get("/api/v1/probe-then-lose-the-connection")
    def api_probe_then_cut():
        answer = outbox_size()
        proxy.cut()  # the read's session is still open; it is closed after the response
        return answer

    app = build_service_app(__name__, runtime, title="Probe", blueprints=[], pages=[probe])
    return app.test_client()


def test_api_request_finding_the_database_away_gets_a_danish_503_problem_and_the_next_one_succeeds(client, proxy):
    assert client.get("/api/v1/probe").status_code == 200
    proxy.stop()
    response = client.get("/api/v1/probe")
    assert response.status_code == 503
    assert response.content_type == "application/problem+json"
    assert response.headers["Retry-After"] == "5"
    body = response.get_json()
    assert body["title"] == "Tjenesten er ikke tilgængelig lige nu"
    assert body["detail"] == "Databasen svarer ikke lige nu. Prøv igen om lidt."
    assert "Traceback" not in response.get_data(as_text=True)

    proxy.start()
    assert client.get("/api/v1/probe").get_json() == {"events": 0}


def test_page_finding_the_database_away_gets_a_danish_503_page(client, proxy):
    proxy.stop()
    response = client.get("/probe")
    assert response.status_code == 503
    assert response.content_type.startswith("text/html")
    assert response.headers["Retry-After"] == "5"
    assert "Databasen svarer ikke lige nu" in response.get_data(as_text=True)
    proxy.start()
    assert "0 hændelser" in client.get("/probe").get_data(as_text=True)


def test_connections_dropped_between_requests_are_replaced_without_a_restart(client, proxy):
    assert client.get("/api/v1/probe").status_code == 200
    proxy.cut()
    assert client.get("/api/v1/probe").status_code == 200


def test_read_whose_connection_dies_after_its_answer_was_made_still_gets_the_answer(client):
    response = client.get("/api/v1/probe-then-lose-the-connection")
    assert response.status_code == 200
    assert response.get_json() == {"events": 0}
    assert client.get("/api/v1/probe").status_code == 200
