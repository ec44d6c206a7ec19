"""Awards service fixtures: a fresh PostgreSQL database per test, the agenda service's
events built from the shared contract, a Lejre round open for nominations, and logins."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest

from services.awards.app import create_app
from services.awards.bootstrap import MIGRATIONS, build_runtime
from services.awards.config import AwardsOptions
from services.awards.operations.nominations import NominationInput, submit_nomination
from services.awards.operations.rounds import create_round
from shared.auth import SYSTEM, Principal
from shared.config import Settings
from shared.db.migrate import upgrade_to_head
from shared.db.types import utcnow
from shared.tests import sessions
from shared.tests.agenda_events import AgendaEvents

ZONE = ZoneInfo("Europe/Copenhagen")
CRITERIA = [
    "at virksomheden har bidraget til udviklingen i beskæftigelsen i Lejre Kommune",
    "at virksomheden integrerer personer, der ellers har svært ved at komme ind på arbejdsmarkedet",
    "at virksomheden har oprettet uddannelsesplads(er) for unge bosiddende i Lejre Kommune",
]
VALID_CVR = "34175829"


@pytest.fixture
def runtime(pg_template, fresh_database):
    url = fresh_database(pg_template("awards", lambda u: upgrade_to_head(u, MIGRATIONS)))
    rt = build_runtime(Settings.for_service("awards", database_url=url, broker_url=None, secret_key="test"))
    yield rt
    rt.dispose()


@dataclass
class Lejre:
    agenda: AgendaEvents
    municipality_id: uuid.UUID
    committee: dict
    meeting: dict

    def member(self, name: str) -> Principal:
        found = next(m for m in self.committee["members"] if m["name"] == name)
        return Principal(role="member", user_id=uuid.uuid4(), municipality_id=self.municipality_id,
                         member_id=found["member_id"], name=name)

    def secretary(self) -> Principal:
        return Principal(role="secretary", user_id=uuid.uuid4(), municipality_id=self.municipality_id, name="Sekretær")


@pytest.fixture
def lejre(runtime) -> Lejre:
    """Lejre, its JA committee (two members) and a planned meeting two months from now,
    as the agenda service's events describe them."""
    agenda = AgendaEvents(runtime.consumer())
    agenda.municipality()
    committee = agenda.committee(members=(("Christian Plank", "V"), ("Steen Hansen", "O")))
    meeting = agenda.meeting(committee, day=date.today() + timedelta(days=60), status="planned", agenda_version=0)
    agenda.send("agenda.meeting.scheduled.v1", {"meeting": meeting})
    return Lejre(agenda, agenda.municipality_id, committee, meeting)


def round_values(lejre: Lejre, **overrides) -> dict:
    """A round whose window opened yesterday and closes in a month."""
    today = datetime.now(ZONE).date()
    values = {
        "year": today.year, "title": f"Virksomhedspris {today.year}", "description": "Prisen til en rummelig virksomhed.",
        "criteria": list(CRITERIA), "prize_amount": 10000,
        "budget_lines": [{"label": "Kunstværk af lokal kunstner", "amount": 5000}, {"label": "Traktement", "amount": 5000}],
        "opens_at": datetime.combine(today - timedelta(days=1), time(0, 0), tzinfo=ZONE),
        "closes_at": datetime.combine(today + timedelta(days=30), time(23, 59), tzinfo=ZONE),
        "case_number": "26/00042", "committee_id": lejre.committee["id"], "meeting_id": lejre.meeting["id"],
        "ceremony_on": today + timedelta(days=75), "ceremony_time": time(15, 0), "ceremony_place": "Allerslev rådhus",
        "shortlist_size": 2,
    }
    values.update(overrides)
    return values


@pytest.fixture
def award_round(runtime, lejre) -> uuid.UUID:
    with runtime.uow() as uow:
        return create_round(uow, SYSTEM, lejre.municipality_id, round_values(lejre)).id


def nominate(runtime, round_id, company="Hvalsø Tømrer & Snedker ApS", cvr=VALID_CVR, email="anne@example.org",
             reasons=("Har ansat tre fra Lejre.", "", ""), now: datetime | None = None, **extra) -> uuid.UUID:
    """A nomination through the service layer, as the form would send it."""
    with runtime.uow() as uow:
        return submit_nomination(uow, round_id, NominationInput(
            submission_id=uuid.uuid4(), company_name=company, cvr=cvr, company_address="Industrivej 12, 4330 Hvalsø",
            reasons=list(reasons), nominator_name=extra.get("name", "Anne Holm"), nominator_email=email,
            nominator_phone=extra.get("phone", "20 30 40 50"), consent_text="Samtykke.",
            attachment=extra.get("attachment")), now or utcnow()).id


@pytest.fixture
def app(runtime):
    return create_app(runtime, AwardsOptions(nomination_rate_limit="1000 per minute"))


@pytest.fixture
def client(app):
    return app.test_client()


def login_claims(app, principal: Principal) -> dict:
    """The login session the agenda service's login page would give, for an account the
    agenda service has announced to this one."""
    sessions.announce_account(app.extensions["udvalg.runtime"], principal)
    return sessions.login_claims(principal)


def log_in(app, client, principal: Principal) -> None:
    with client.session_transaction() as stored:
        stored.update(login_claims(app, principal))


class _HiddenInputs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: dict[str, str] = {}

    def handle_starttag(self, tag, attrs) -> None:
        values = dict(attrs)
        if tag == "input" and values.get("type") == "hidden" and values.get("name"):
            self.found[values["name"]] = values.get("value") or ""


def hidden_fields(html: str) -> dict[str, str]:
    """The page's hidden inputs (CSRF token, submission id), as a browser would send them."""
    parser = _HiddenInputs()
    parser.feed(html)
    return parser.found
