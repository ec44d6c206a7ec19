"""The embedded default: one process, SQLite, the in-process transport replaying the outbox."""

from __future__ import annotations

import json
from pathlib import Path

import requests
from sqlalchemy import select

from services.agenda.bootstrap import build_runtime as agenda_runtime
from services.agenda.operations.municipalities import register_municipality
from services.awards.models import MunicipalityCopy
from services.decisions.tests.docx_reading import items
from shared.auth import SYSTEM
from tests.support.fixtures import wait_for

EXPECTED = json.loads((Path(__file__).parents[1] / "fixtures" / "lejre_2020_01_08_expected.json").read_text("utf-8"))


def test_make_run_serves_all_services_and_the_demo_meeting(embedded_site):
    base = embedded_site
    assert [_status(f"{base}/{s}/healthz") for s in ("agenda", "decisions", "awards")] == [200, 200, 200]
    assert [_status(f"{base}/{s}/openapi.json") for s in ("agenda", "decisions", "awards")] == [200, 200, 200]
    meetings = requests.get(f"{base}/agenda/api/v1/meetings", timeout=5).json()
    january = next(m for m in meetings if m["date"] == "2020-01-08")
    detail = requests.get(f"{base}/agenda/api/v1/meetings/{january['id']}", timeout=5).json()
    assert detail["item_count"] == 11 and detail["status"] == "held"
    wait_for(lambda: {m["id"] for m in meetings} <= {m["id"] for m in _decisions_meetings(base)},
             message="the decisions service's copy of the demo meetings")
    assert "Lejre Kommune" in requests.get(base, timeout=5).text

    referat = requests.get(f"{base}/decisions/moeder/{january['id']}/referat.docx?udgave=offentlig", timeout=30)
    assert referat.status_code == 200
    served = items(referat.content)
    assert [item[0][1] for item in served] == [expected["heading"] for expected in EXPECTED["items"]]
    for item, expected in zip(served, EXPECTED["items"]):
        decisions = [text for style, text in item if style == "Heading 2" and text.startswith("Beslutning ")]
        assert decisions == [f"Beslutning {d['committee']} den {d['date']}" for d in expected["decisions"]]


def _decisions_meetings(base: str) -> list[dict]:
    return requests.get(f"{base}/decisions/api/v1/meetings", timeout=5).json()


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
