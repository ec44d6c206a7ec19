"""Readiness (/readyz and the `ready` command) tells whether a service's events move: it
reads the outbox and the workers' heartbeat rows in the service's own database, which
the web processes can see although the worker's memory is elsewhere. /healthz stays the
liveness answer."""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import MetaData, update

from shared.api.app import build_service_app
from shared.bus.health import BrokerStatus, Heartbeat
from shared.bus.tables import define_bus_tables
from shared.cli import report_readiness
from shared.config import Settings
from shared.db.types import utcnow
from shared.runtime import ServiceRuntime
from shared.tests.factories import MEETING_SCHEDULED, meeting_scheduled_data
from tests.support.fixtures import wait_for

pytestmark = pytest.mark.integration

MAX_OUTBOX_AGE = 60
MAX_WORKER_SILENCE = 30


@pytest.fixture
def runtime(fresh_database):
    settings = Settings.for_service("agenda", database_url=fresh_database(), broker_url=None, secret_key="test",
                                    ready_max_outbox_age_seconds=MAX_OUTBOX_AGE,
                                    ready_max_worker_silence_seconds=MAX_WORKER_SILENCE)
    metadata = MetaData()
    runtime = ServiceRuntime(settings=settings, metadata=metadata, bus_tables=define_bus_tables(metadata),
                             migrations_dir=Path("."), handlers={})
    metadata.create_all(runtime.engine)
    yield runtime
    runtime.dispose()


@pytest.fixture
def client(runtime):
    return build_service_app(__name__, runtime, title="Probe", blueprints=[]).test_client()


def publish_event(runtime, age_seconds: float = 0) -> str:
    with runtime.uow() as uow:
        event_id = uow.publish(MEETING_SCHEDULED, meeting_scheduled_data())
        uow.commit()
    outbox = runtime.bus_tables.outbox
    with runtime.engine.begin() as conn:
        conn.execute(update(outbox).where(outbox.c.event_id == event_id)
                     .values(created_at=utcnow() - timedelta(seconds=age_seconds)))
    return event_id


def mark_published(runtime, event_id: str) -> None:
    outbox = runtime.bus_tables.outbox
    with runtime.engine.begin() as conn:
        conn.execute(update(outbox).where(outbox.c.event_id == event_id).values(published_at=utcnow()))


def not_ready(client) -> str:
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.content_type == "application/problem+json"
    return response.get_json()["detail"]


def test_not_ready_until_a_worker_has_reported(runtime, client):
    assert "worker har ikke meldt sig i de seneste 30 sekunder" in not_ready(client)
    assert client.get("/healthz").status_code == 200, "liveness is not readiness"

    Heartbeat(runtime.engine, runtime.bus_tables, BrokerStatus()).beat()

    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json()["status"] == "ready"


def test_a_worker_silent_for_longer_than_the_limit_counts_as_gone(runtime, client):
    heartbeat = Heartbeat(runtime.engine, runtime.bus_tables, BrokerStatus())
    heartbeat.beat()
    beats = runtime.bus_tables.worker_heartbeats
    with runtime.engine.begin() as conn:
        conn.execute(update(beats).values(beat_at=utcnow() - timedelta(seconds=MAX_WORKER_SILENCE + 5)))

    assert "har ikke meldt sig" in not_ready(client)

    heartbeat.beat()
    assert client.get("/readyz").status_code == 200


def test_not_ready_while_the_oldest_unpublished_event_is_older_than_the_limit(runtime, client):
    Heartbeat(runtime.engine, runtime.bus_tables, BrokerStatus()).beat()
    stuck = publish_event(runtime, age_seconds=MAX_OUTBOX_AGE + 60)
    young = publish_event(runtime, age_seconds=MAX_OUTBOX_AGE - 30)

    detail = not_ready(client)
    assert "den ældste hændelse, der ikke er sendt videre, er 120 sekunder gammel" in detail
    assert "grænsen er 60 sekunder" in detail

    mark_published(runtime, stuck)
    assert client.get("/readyz").status_code == 200, "young unpublished events are normal"
    mark_published(runtime, young)
    assert client.get("/readyz").get_json()["checks"]["oldest_unpublished_seconds"] == 0


def test_not_ready_while_a_worker_reports_its_broker_lost(runtime, client):
    status = BrokerStatus()
    heartbeat = Heartbeat(runtime.engine, runtime.bus_tables, status, name="worker-1")
    status.lost("relay", "publish: ConfirmTimeout('the broker confirmed 0 of 3 messages within 10 s')")
    heartbeat.beat()

    detail = not_ready(client)
    assert "Tjenestens worker (worker-1) har ikke haft forbindelse til RabbitMQ" in detail
    assert "ConfirmTimeout" in detail
    checks = client.get("/readyz").get_json()["checks"]
    assert checks["workers"][0]["broker"] == "lost"

    status.ok("relay")
    heartbeat.beat()
    assert client.get("/readyz").status_code == 200


def test_ready_command_prints_the_reasons_and_exits_1_when_not_ready(runtime, capsys):
    with pytest.raises(SystemExit) as exit_status:
        report_readiness(runtime)
    assert exit_status.value.code == 1
    assert "har ikke meldt sig" in capsys.readouterr().out

    Heartbeat(runtime.engine, runtime.bus_tables, BrokerStatus()).beat()
    report_readiness(runtime)
    assert "agenda: klar" in capsys.readouterr().out


def test_a_worker_that_stops_removes_its_heartbeat(runtime):
    stop = threading.Event()
    heartbeat = Heartbeat(runtime.engine, runtime.bus_tables, BrokerStatus(), interval=0.05)
    thread = heartbeat.start(stop)

    wait_for(lambda: runtime.readiness().ready, message="the heartbeat")
    stop.set()
    thread.join(timeout=10)
    assert not runtime.readiness().ready
