"""Who did what: every event names its actor (the user behind the request, or the actor
of the event that caused a handler's work), and the secretariat reads a meeting's and an
award round's history from the service's own records: who planned, moved, published,
held, decided, approved, corrected and cancelled, and when."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select
from werkzeug.test import Client

from services.awards.models import Nomination
from services.awards.tests.conftest import VALID_CVR, hidden_fields
from tests.support.pages import csrf_token
from tests.support.system import DEMO_PASSWORD, embedded_system, log_in, wait_until_delivered

SECRETARY, ADMIN = "Udvalgssekretær, Lejre", "Administrator"


@pytest.fixture(scope="module")
def system(tmp_path_factory):
    with embedded_system(tmp_path_factory.mktemp("var")) as running:
        wait_until_delivered(running)
        yield running


def _token(client: Client, email: str) -> dict:
    response = client.post("/agenda/api/v1/tokens", json={"email": email, "password": DEMO_PASSWORD})
    return {"Authorization": f"Bearer {response.get_json()['token']}"}


def _post_form(client: Client, page: str, action: str, data: dict) -> None:
    token = csrf_token(client.get(page).get_data(as_text=True))
    response = client.post(action, data={"csrf_token": token, **data})
    assert response.status_code in (302, 303), response.get_data(as_text=True)[-1500:]


def _history(client: Client, path: str) -> list[tuple[str, str]]:
    html = client.get(path).get_data(as_text=True)
    rows = re.findall(r"<tr><td>[^<]*</td><td>([^<]*)</td><td>([^<]*)</td></tr>", html)
    return [(who.replace("&amp;", "&"), what.replace("&amp;", "&").replace("&#34;", '"')) for who, what in rows]


def test_a_meetings_history_names_who_did_each_thing(system):
    secretary, admin = Client(system.wsgi_app), Client(system.wsgi_app)
    as_secretary, as_admin = _token(secretary, "sekretaer@lejre.dk"), _token(admin, "admin@udvalg.local")
    log_in(secretary, "sekretaer@lejre.dk")
    committee = next(c for c in secretary.get("/agenda/api/v1/municipalities/lejre/committees").get_json()
                     if c["code"] == "JA")
    today = date.today().isoformat()
    meeting = secretary.post(f"/agenda/api/v1/committees/{committee['id']}/meetings", headers=as_secretary,
                             json={"date": today, "start_time": "00:00", "place": "Rådhuset"}).get_json()
    meeting_id = meeting["id"]
    assert admin.post(f"/agenda/api/v1/meetings/{meeting_id}/reschedule", headers=as_admin,
                      json={"place": "Byrådssalen"}).status_code == 200
    items = secretary.post(f"/agenda/api/v1/meetings/{meeting_id}/items", headers=as_secretary, json={
        "title": "Budgetopfølgning", "case_number": "31/00042",
        "sections": {"resume": "Resumé.", "sagsfremstilling": "Sagsfremstilling.", "oekonomi": "Ingen."},
        "recommendation": {"intro": "Direktionen indstiller:", "points": ["at orienteringen tages til efterretning"]},
    }).get_json()["items"]
    item = next(entry for entry in items if entry["title"] == "Budgetopfølgning")
    assert secretary.post(f"/agenda/api/v1/meetings/{meeting_id}/publish", headers=as_secretary).status_code == 200
    assert secretary.post(f"/agenda/api/v1/meetings/{meeting_id}/held", headers=as_secretary).status_code == 200
    wait_until_delivered(system)

    minutes = f"/decisions/sekretariat/moeder/{meeting_id}"
    _post_form(secretary, f"{minutes}/punkter/{item['id']}", f"{minutes}/punkter/{item['id']}",
               {"quick": "", "text": "Taget til efterretning.", "point_1": "Godkendt.", "decided_on": today})
    _post_form(secretary, minutes, f"{minutes}/godkend", {})
    _post_form(secretary, minutes, f"{minutes}/ret", {"reason": "Stavefejl i beslutningen"})
    _post_form(secretary, minutes, f"{minutes}/godkend", {})
    other = secretary.post(f"/agenda/api/v1/committees/{committee['id']}/meetings", headers=as_secretary,
                           json={"date": today, "start_time": "23:00", "place": "Rådhuset"}).get_json()
    assert admin.post(f"/agenda/api/v1/meetings/{other['id']}/cancel", headers=as_admin,
                      json={"reason": "Ingen sager"}).status_code == 200
    wait_until_delivered(system)

    history = _history(secretary, f"/agenda/sekretariat/moeder/{meeting_id}/historik")
    expected = [
        (SECRETARY, "6 medlemmer er bedt om at underskrive referatet (version 2)."),
        (SECRETARY, "Referatet er rettet og godkendt som version 2. Begrundelse: Stavefejl i beslutningen"),
        (SECRETARY, "Referatet (version 1) er åbnet for rettelse. Begrundelse: Stavefejl i beslutningen"),
        (SECRETARY, "6 medlemmer er bedt om at underskrive referatet (version 1)."),
        (SECRETARY, "Referatet er godkendt (version 1)."),
        (SECRETARY, "Beslutningen på »Budgetopfølgning« er skrevet"),
        (SECRETARY, "Mødet er markeret som afholdt."),
        (SECRETARY, "Dagsordenen er offentliggjort (version 1)."),
        (ADMIN, "Mødet er flyttet til"),
        (SECRETARY, "Mødet er planlagt:"),
    ]
    assert len(history) == len(expected), history
    for (who, what), (expected_who, expected_start) in zip(history, expected):
        assert who == expected_who and what.startswith(expected_start), (who, what)
    moved = next(what for _, what in history if what.startswith("Mødet er flyttet"))
    assert "Byrådssalen" in moved and "(før:" in moved
    assert _history(secretary, f"/agenda/sekretariat/moeder/{other['id']}/historik")[0] == (
        ADMIN, "Mødet er aflyst. Begrundelse: Ingen sager")
    assert "Historik" in secretary.get(f"/agenda/sekretariat/moeder/{meeting_id}").get_data(as_text=True)


def test_every_event_names_its_actor(system):
    for runtime in system.runtimes:
        outbox = runtime.bus_tables.outbox
        with runtime.engine.connect() as conn:
            envelopes = [row.envelope for row in conn.execute(select(outbox.c.envelope))]
        assert envelopes and all(envelope.get("actorname") for envelope in envelopes), runtime.name


def test_a_rounds_history_names_who_reviewed_it(system):
    citizen, secretary = Client(system.wsgi_app), Client(system.wsgi_app)
    form = f"/awards/virksomhedspris/lejre/{date.today().year}/indstil"
    sent = citizen.post(form, data={**hidden_fields(citizen.get(form).get_data(as_text=True)),
                                    "company_name": "Hvalsø Tømrer ApS", "cvr": VALID_CVR,
                                    "company_address": "Industrivej 12, 4330 Hvalsø", "reason_0": "Tre lærlinge.",
                                    "nominator_name": "Anne Holm", "nominator_email": "anne@example.org",
                                    "consent": "y", "website": ""})
    assert sent.status_code == 303, sent.get_data(as_text=True)[-1500:]
    log_in(secretary, "sekretaer@lejre.dk")
    with system.runtimes[2].uow() as unit:
        nomination = unit.session.scalars(select(Nomination).where(Nomination.company_name == "Hvalsø Tømrer ApS")).one()
        nomination_id, round_id, reference = nomination.id, nomination.round_id, nomination.reference
    page = f"/awards/sekretariat/indstillinger/{nomination_id}"
    _post_form(secretary, page, f"{page}/afvis", {"reason": "Virksomheden ligger ikke i kommunen"})
    _post_form(secretary, page, f"{page}/genopret", {})

    history = _history(secretary, f"/awards/sekretariat/runder/{round_id}/historik")

    assert history[0] == (SECRETARY, f"Indstilling {reference} (Hvalsø Tømrer ApS) er genoprettet.")
    assert history[1][0] == SECRETARY and history[1][1].endswith("er afvist: Virksomheden ligger ikke i kommunen")
    assert "Historik" in secretary.get(f"/awards/sekretariat/runder/{round_id}").get_data(as_text=True)
