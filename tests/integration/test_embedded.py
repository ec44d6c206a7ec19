"""The embedded default: one process, SQLite, the in-process transport replaying the outbox."""

from __future__ import annotations

import pytest
import requests
from sqlalchemy import select

from services.agenda.bootstrap import build_runtime as agenda_runtime
from services.agenda.operations.municipalities import register_municipality
from services.awards.models import MunicipalityCopy
from shared.auth import SYSTEM
from tests.support.fixtures import wait_for
from tests.support.processes import Processes, free_port


def test_make_run_serves_all_services_and_the_demo_meeting(tmp_path):
    port = free_port()
    processes = Processes(tmp_path, {"UDVALG_VAR_DIR": str(tmp_path / "var")})
    processes.start("embedded", "-m", "embedded", "--port", str(port))
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: _status(f"{base}/awards/healthz") == 200, timeout=60, message="the embedded system")
        assert [_status(f"{base}/{s}/healthz") for s in ("agenda", "decisions", "awards")] == [200, 200, 200]
        assert [_status(f"{base}/{s}/openapi.json") for s in ("agenda", "decisions", "awards")] == [200, 200, 200]
        meetings = requests.get(f"{base}/agenda/api/v1/meetings", timeout=5).json()
        january = next(m for m in meetings if m["date"] == "2020-01-08")
        detail = requests.get(f"{base}/agenda/api/v1/meetings/{january['id']}", timeout=5).json()
        assert detail["item_count"] == 11 and detail["status"] == "held"
        wait_for(lambda: len(requests.get(f"{base}/decisions/api/v1/meetings", timeout=5).json()) == 3,
                 message="the decisions service's copy of the demo meetings")
        assert "Lejre Kommune" in requests.get(base, timeout=5).text
    finally:
        processes.stop_all()
    assert "Traceback" not in processes.log("embedded")


def _status(url: str) -> int:
    try:
        return requests.get(url, timeout=2).status_code
    except requests.RequestException:
        return 0


def test_an_event_recorded_before_a_crash_is_delivered_after_restart(tmp_path, monkeypatch):
    monkeypatch.setenv("UDVALG_VAR_DIR", str(tmp_path))
    # The process dies after committing, before any relay ran: the event is only in the outbox.
    agenda = agenda_runtime()
    agenda.migrate()
    with agenda.uow() as uow:
        register_municipality(uow, SYSTEM, {"slug": "lejre", "name": "Lejre Kommune"})
    agenda.dispose()

    from embedded.system import build_system

    system = build_system()
    try:
        awards = next(rt for rt in system.runtimes if rt.name == "awards")

        def copied():
            with awards.uow() as uow:
                return uow.session.scalar(select(MunicipalityCopy.name).where(MunicipalityCopy.slug == "lejre"))

        assert wait_for(copied, message="the municipality in the awards service") == "Lejre Kommune"
    finally:
        system.shutdown()
