"""The virksomhedspris across the three services over RabbitMQ, each in its own processes:
the secretariat closes the round (awards, under gunicorn) → a closed item with the
shortlist and its annex appears on the meeting (agenda) → the committee's decision names
the winner (decisions) → the awards service records the winner → the ceremony is in the
committee's public calendar feed (agenda, under gunicorn)."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import requests
from sqlalchemy import select

from services.agenda.bootstrap import MIGRATIONS as AGENDA_MIGRATIONS
from services.agenda.models import Item
from services.agenda.operations.accounts import ensure_user, ensure_user_announced
from services.agenda.tests.conftest import runtime_for as agenda_runtime_for
from services.awards.bootstrap import MIGRATIONS as AWARDS_MIGRATIONS
from services.awards.bootstrap import build_runtime as awards_runtime
from services.awards.models import AwardRound, MeetingCopy
from services.awards.operations.nominations import NominationInput, submit_nomination
from services.awards.operations.rounds import create_round
from services.decisions.bootstrap import MIGRATIONS as DECISIONS_MIGRATIONS
from services.decisions.bootstrap import build_runtime as decisions_runtime
from services.decisions.models import AgendaItemCopy, AwardShortlist
from services.decisions.operations.minutes import record_decision
from shared.auth import SYSTEM
from shared.config import Settings
from shared.db.migrate import upgrade_to_head
from tests.support.fixtures import wait_for
from tests.support.pages import csrf_token
from tests.support.processes import Processes, free_port

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.messaging]

ZONE = ZoneInfo("Europe/Copenhagen")
PASSWORD = "e2e-adgangskode"


@pytest.fixture
def system(tmp_path, pg_template, fresh_database, broker_url):
    urls = {
        "agenda": fresh_database(pg_template("agenda", lambda u: upgrade_to_head(u, AGENDA_MIGRATIONS))),
        "decisions": fresh_database(pg_template("decisions", lambda u: upgrade_to_head(u, DECISIONS_MIGRATIONS))),
        "awards": fresh_database(pg_template("awards", lambda u: upgrade_to_head(u, AWARDS_MIGRATIONS))),
    }
    agenda = agenda_runtime_for(urls["agenda"])
    with agenda.uow() as uow:
        ensure_user(uow.session, email="admin@e2e.dk", name="Admin", password=PASSWORD, role="admin")
        uow.commit()
    processes = Processes(tmp_path, {
        **{f"{name.upper()}_DATABASE_URL": url for name, url in urls.items()},
        "UDVALG_BROKER_URL": broker_url, "UDVALG_SECRET_KEY": "e2e", "UDVALG_VAR_DIR": str(tmp_path / "var"),
        "UDVALG_LOG_FORMAT": "json", "UDVALG_RELAY_POLL_SECONDS": "0.2",
    })
    # Every consumer's queue must exist before any relay publishes.
    for service in ("agenda", "decisions", "awards"):
        processes.run(f"{service}-migrate", "-m", f"services.{service}", "migrate")
    for service in ("agenda", "decisions", "awards"):
        processes.start(f"{service}-worker", "-m", f"services.{service}", "worker")
    settings = {name: Settings.for_service(name, database_url=url, broker_url=None, secret_key="e2e")
                for name, url in urls.items() if name != "agenda"}
    runtimes = {"agenda": agenda, "decisions": decisions_runtime(settings["decisions"]),
                "awards": awards_runtime(settings["awards"])}
    bases = {name: processes.start_gunicorn(name, free_port()) for name in ("agenda", "awards")}
    yield bases, runtimes
    processes.stop_all()
    for runtime in runtimes.values():
        runtime.dispose()


def _lejre_with_a_meeting(base: str) -> tuple[dict, dict, dict]:
    api = requests.Session()
    token = api.post(f"{base}/api/v1/tokens", json={"email": "admin@e2e.dk", "password": PASSWORD}).json()["token"]
    api.headers["Authorization"] = f"Bearer {token}"
    municipality = api.post(f"{base}/api/v1/municipalities", json={"slug": "lejre", "name": "Lejre Kommune"}).json()
    committee = api.post(f"{base}/api/v1/municipalities/lejre/committees",
                         json={"name": "Udvalget for Job & Arbejdsmarked", "code": "JA"}).json()
    meeting = api.post(f"{base}/api/v1/committees/{committee['id']}/meetings",
                       json={"date": "2030-04-15", "start_time": "16:30", "place": "Mødelokale 1"}).json()
    for title in ("Godkendelse af dagsorden", "Eventuelt"):
        api.post(f"{base}/api/v1/meetings/{meeting['id']}/items", json={"title": title, "kind": "standing"})
    return municipality, committee, meeting | {"api": api}


def _round_with_nominations(awards, municipality: dict, committee: dict, meeting: dict) -> uuid.UUID:
    opens = datetime.now(ZONE) - timedelta(days=1)
    with awards.uow() as uow:
        round_ = create_round(uow, SYSTEM, uuid.UUID(municipality["id"]), {
            "year": 2029, "title": "Virksomhedspris 2029", "description": "", "criteria": ["at virksomheden skaber job"],
            "prize_amount": 10000, "budget_lines": [], "opens_at": opens, "closes_at": opens + timedelta(days=30),
            "case_number": "29/00042", "committee_id": uuid.UUID(committee["id"]), "meeting_id": uuid.UUID(meeting["id"]),
            "ceremony_on": date(2030, 5, 20), "ceremony_time": time(15, 0), "ceremony_place": "Allerslev rådhus",
            "shortlist_size": 5})
        round_id = round_.id
    for company, cvr in (("Hvalsø Tømrer & Snedker ApS", "34175829"), ("Osted Maskinstation I/S", "29503613")):
        with awards.uow() as uow:
            submit_nomination(uow, round_id, NominationInput(
                submission_id=uuid.uuid4(), company_name=company, cvr=cvr, company_address="Lejre",
                reasons=["Skaber job i Lejre."], nominator_name="Anne Holm", nominator_email="anne@example.org",
                nominator_phone=None, consent_text="Samtykke."), datetime.now(ZONE))
    return round_id


def _secretary_closes_the_round(bases: dict, agenda, municipality: dict, round_id: uuid.UUID) -> None:
    with agenda.uow() as uow:
        # Announced: the awards service honours the login once the account event has reached it.
        ensure_user_announced(uow, email="sekretaer@e2e.dk", name="Sekretær", password=PASSWORD, role="secretary",
                              municipality_id=uuid.UUID(municipality["id"]))
        uow.commit()
    browser = requests.Session()
    login = browser.get(f"{bases['agenda']}/login").text
    browser.post(f"{bases['agenda']}/login", data={"csrf_token": csrf_token(login), "email": "sekretaer@e2e.dk",
                                                   "password": PASSWORD})
    round_page = f"{bases['awards']}/sekretariat/runder/{round_id}"
    wait_for(lambda: browser.get(round_page, allow_redirects=False).status_code == 200, timeout=30,
             message="the secretary's login honoured by the awards service")
    page = browser.get(round_page)
    closed = browser.post(f"{bases['awards']}/sekretariat/runder/{round_id}/luk",
                          data={"csrf_token": csrf_token(page.text)})
    assert "Runden er lukket" in closed.text


def test_closing_the_round_leads_to_a_recorded_winner_and_the_ceremony_in_the_calendar(system):
    bases, runtimes = system
    municipality, committee, meeting = _lejre_with_a_meeting(bases["agenda"])

    def meeting_known_to_awards():
        with runtimes["awards"].uow() as uow:
            return uow.session.get(MeetingCopy, uuid.UUID(meeting["id"]))

    wait_for(meeting_known_to_awards, timeout=30, message="the meeting in the awards service")
    round_id = _round_with_nominations(runtimes["awards"], municipality, committee, meeting)

    _secretary_closes_the_round(bases, runtimes["agenda"], municipality, round_id)

    with runtimes["awards"].uow() as uow:
        item_id = uow.session.get(AwardRound, round_id).agenda_item_id

    def closed_item():
        with runtimes["agenda"].uow() as uow:
            item = uow.session.get(Item, item_id)
            return item and (item.closed, item.title, [f.filename for f in item.files])

    assert wait_for(closed_item, timeout=30, message="the closed item on the meeting") == (
        True, "Virksomhedspris 2029 - valg af prisvinder", ["virksomhedspris-2029-kandidater.docx"])

    published = meeting["api"].post(f"{bases['agenda']}/api/v1/meetings/{meeting['id']}/publish")
    assert published.status_code == 200, published.text

    def shortlist_in_decisions():
        with runtimes["decisions"].uow() as uow:
            shortlist = uow.session.get(AwardShortlist, item_id)
            return shortlist and [c["candidate_id"] for c in shortlist.candidates]

    candidates = wait_for(shortlist_in_decisions, timeout=30, message="the shortlist in the decisions service")

    def item_copied():
        with runtimes["decisions"].uow() as uow:
            return uow.session.scalar(select(AgendaItemCopy).where(AgendaItemCopy.item_id == item_id))

    wait_for(item_copied, timeout=30, message="the published item in the decisions service")
    with runtimes["decisions"].uow() as uow:
        record_decision(uow, SYSTEM, uuid.UUID(meeting["id"]), item_id, {
            "text": "Udvalget valgte vinderen.",
            "award_winner": {"candidate_id": candidates[0], "reason": "For sin store indsats for unge i Lejre."}})

    def winner_recorded():
        with runtimes["awards"].uow() as uow:
            round_ = uow.session.get(AwardRound, round_id)
            return round_.state == "decided" and (str(round_.winner_id), round_.winner_reason)

    assert wait_for(winner_recorded, timeout=30, message="the winner in the awards service") == (
        candidates[0], "For sin store indsats for unge i Lejre.")

    def ceremony_in_feed():
        feed = requests.get(f"{bases['agenda']}/calendar/lejre/JA.ics", timeout=5).text
        return "Overrækkelse af Virksomhedspris 2029" in feed and feed

    feed = wait_for(ceremony_in_feed, timeout=30, message="the ceremony in the committee's calendar feed")
    assert "DTSTART;TZID=Europe/Copenhagen:20300520T150000" in feed and "Hvalsø" not in feed
