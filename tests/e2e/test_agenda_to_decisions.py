"""Publishing an agenda through the agenda service's HTTP API (under gunicorn) reaches the
decisions service's consumer in another process over RabbitMQ."""

from __future__ import annotations

import pytest
import requests
from sqlalchemy import create_engine, select, text

from services.agenda.bootstrap import MIGRATIONS as AGENDA_MIGRATIONS
from services.agenda.operations.accounts import ensure_user
from services.agenda.tests.conftest import runtime_for
from services.decisions.bootstrap import MIGRATIONS as DECISIONS_MIGRATIONS
from services.decisions.models import AgendaItemCopy, MeetingCopy
from shared.db.engine import normalise_url
from shared.db.migrate import upgrade_to_head
from tests.support.fixtures import wait_for
from tests.support.processes import Processes, free_port

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.messaging]


@pytest.fixture
def system(tmp_path, pg_template, fresh_database, broker_url):
    agenda_db = fresh_database(pg_template("agenda", lambda u: upgrade_to_head(u, AGENDA_MIGRATIONS)))
    decisions_db = fresh_database(pg_template("decisions", lambda u: upgrade_to_head(u, DECISIONS_MIGRATIONS)))
    runtime = runtime_for(agenda_db)
    with runtime.uow() as uow:
        ensure_user(uow.session, email="admin@e2e.dk", name="Admin", password="e2e-adgangskode", role="admin")
        uow.commit()
    runtime.dispose()
    processes = Processes(tmp_path, {
        "AGENDA_DATABASE_URL": agenda_db,
        "DECISIONS_DATABASE_URL": decisions_db,
        "UDVALG_BROKER_URL": broker_url,
        "UDVALG_SECRET_KEY": "e2e",
        "UDVALG_VAR_DIR": str(tmp_path / "var"),
        "UDVALG_LOG_FORMAT": "json",
        "UDVALG_RELAY_POLL_SECONDS": "0.2",
    })
    # Every consumer's queue is declared by its migrate, before any worker runs.
    processes.run("decisions-migrate", "-m", "services.decisions", "migrate")
    processes.run("agenda-migrate", "-m", "services.agenda", "migrate")
    processes.start("decisions-worker", "-m", "services.decisions", "worker")
    processes.start("agenda-worker", "-m", "services.agenda", "worker")
    base = processes.start_gunicorn("agenda", free_port())
    yield base, decisions_db, processes
    processes.stop_all()


def test_publishing_an_agenda_reaches_the_decisions_service_over_rabbitmq(system):
    base, decisions_db, processes = system
    http = requests.Session()
    token = http.post(f"{base}/api/v1/tokens", json={"email": "admin@e2e.dk", "password": "e2e-adgangskode"}).json()
    http.headers["Authorization"] = f"Bearer {token['token']}"
    assert http.post(f"{base}/api/v1/municipalities", json={"slug": "lejre", "name": "Lejre Kommune"}).status_code == 201
    committee = http.post(f"{base}/api/v1/municipalities/lejre/committees",
                          json={"name": "Udvalget for Job & Arbejdsmarked", "code": "JA"}).json()
    meeting = http.post(f"{base}/api/v1/committees/{committee['id']}/meetings",
                        json={"date": "2030-01-08", "start_time": "16:30", "place": "Mødelokale 1"}).json()
    http.post(f"{base}/api/v1/meetings/{meeting['id']}/items", json={
        "title": "Orientering - januar", "case_number": "30/00042", "sections": {"sagsfremstilling": "Status."}})
    published = http.post(f"{base}/api/v1/meetings/{meeting['id']}/publish",
                          headers={"X-Correlation-ID": "e2e-publish-1"})
    assert published.status_code == 200, published.text
    assert published.headers["X-Correlation-ID"] == "e2e-publish-1"

    engine = create_engine(normalise_url(decisions_db))

    def copied_agenda():
        with engine.connect() as conn:
            copy = conn.execute(select(MeetingCopy.agenda_version, MeetingCopy.status)
                                .where(MeetingCopy.id == meeting["id"])).first()
            items = conn.execute(select(AgendaItemCopy.title).where(AgendaItemCopy.meeting_id == meeting["id"])).scalars().all()
        return (copy, items) if copy and copy.agenda_version == 1 else None

    copy, items = wait_for(copied_agenda, timeout=30, message="the agenda copy in the decisions database")
    assert copy.status == "published" and items == ["Orientering - januar"]
    with engine.connect() as conn:
        handled = conn.execute(text("SELECT event_type FROM inbox WHERE consumer = 'decisions'")).scalars().all()
    assert "agenda.agenda.published.v1" in handled
    engine.dispose()
    wait_for(lambda: "e2e-publish-1" in processes.log("decisions-worker"), timeout=10,
             message="the request's correlation id in the consumer's log")
