"""No page, document or API list of the awards service sends more statements for many
rounds or nominations than for few: each is fetched for a municipality with 10 rounds
(earlier ones won) and 10 nominations of 10 companies in the open round, and for one with
100 of each, and the statements are counted (an N+1 shows as 90 more)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import pytest

from services.awards.app import create_app
from services.awards.bootstrap import MIGRATIONS, build_runtime
from services.awards.config import AwardsOptions
from services.awards.models import AwardRound, Nomination, Score
from services.awards.operations.rounds import create_round
from services.awards.tests.conftest import CRITERIA, ZONE, login_claims, nominate, round_values
from services.awards.tests.conftest import Lejre as Municipality
from shared.auth import SYSTEM, Principal
from shared.config import Settings
from shared.db.migrate import upgrade_to_head
from shared.tests.agenda_events import AgendaEvents
from tests.support import servers
from tests.support.statements import Page, growth_report, statements_of_get

pytestmark = pytest.mark.integration

SIZES = (10, 100)
VALID_CVRS = ["34175829", "10150817", "12345674", "25052943", "20756438"]


@dataclass(frozen=True)
class World:
    slug: str
    year: int
    round_id: uuid.UUID
    nomination_id: uuid.UUID
    submission_id: uuid.UUID
    secretary: Principal
    member: Principal


def build_world(runtime, size: int) -> World:
    """`size` rounds: the open one of this year with `size` nominations of as many
    companies (each scored by a member), and earlier ones decided, their winners public."""
    agenda = AgendaEvents(runtime.consumer())
    slug = f"kommune{size}"
    agenda.municipality(slug=slug, name=f"Kommune {size}")
    committee = agenda.committee(members=(("Christian Plank", "V"), ("Steen Hansen", "O")))
    meeting = agenda.meeting(committee, day=date.today() + timedelta(days=60), status="planned", agenda_version=0)
    agenda.send("agenda.meeting.scheduled.v1", {"meeting": meeting})
    municipality = Municipality(agenda, agenda.municipality_id, committee, meeting)
    with runtime.uow() as uow:
        round_id = create_round(uow, SYSTEM, agenda.municipality_id, round_values(municipality)).id
    ids = [nominate(runtime, round_id, company=f"Virksomhed {number} ApS", cvr=_cvr(number),
                    email=f"borger{number}@example.org") for number in range(size)]
    member = municipality.member("Christian Plank")
    today = datetime.now(ZONE).date()
    with runtime.uow() as uow:
        session = uow.session
        for candidate in ids:
            session.add_all(Score(candidate_id=candidate, member_id=member.member_id, criterion=criterion, value=3)
                            for criterion in range(len(CRITERIA)))
        for back in range(1, size):
            year = today.year - back
            earlier = AwardRound(
                municipality_id=agenda.municipality_id, committee_id=committee["id"], year=year,
                title=f"Virksomhedspris {year}", criteria=list(CRITERIA), prize_amount=10000,
                opens_at=datetime.combine(date(year, 1, 1), time(0, 0), tzinfo=ZONE),
                closes_at=datetime.combine(date(year, 3, 1), time(0, 0), tzinfo=ZONE),
                ceremony_on=date(year, 5, 1), state="decided", winner_reason="Rummelig arbejdsplads.",
                decided_on=date(year, 4, 15))
            session.add(earlier)
            session.flush()
            winner = Nomination(
                round_id=earlier.id, reference=f"VP{year}-{size:04d}-{back:04d}", submission_id=uuid.uuid4(),
                company_name=f"Vinder {year} A/S", cvr=VALID_CVRS[back % len(VALID_CVRS)],
                company_address="Industrivej 1", reasons=["Godt."], nominator_name="Anne",
                nominator_email="anne@example.org", consent_text="Samtykke.", status="received")
            session.add(winner)
            session.flush()
            earlier.winner_id = winner.id
        uow.commit()
    with runtime.uow() as uow:
        submission = uow.session.get(Nomination, ids[0]).submission_id
    return World(slug=slug, year=today.year, round_id=round_id, nomination_id=ids[0], submission_id=submission,
                 secretary=municipality.secretary(), member=member)


def _cvr(number: int) -> str:
    """Valid (modulus 11) CVR numbers, a different one for each company."""
    base = 10000000 + number * 97
    while True:
        digits = [int(d) for d in str(base)]
        if sum(d * w for d, w in zip(digits, (2, 7, 6, 5, 4, 3, 2, 1))) % 11 == 0:
            return str(base)
        base += 1



PAGES = [
    Page("API: municipalities", "anonymous", lambda w: "/api/v1/municipalities"),
    Page("API: rounds with their winners", "anonymous", lambda w: f"/api/v1/municipalities/{w.slug}/rounds"),
    Page("public: the municipality's award", "anonymous", lambda w: f"/virksomhedspris/{w.slug}/"),
    Page("public: round", "anonymous", lambda w: f"/virksomhedspris/{w.slug}/{w.year}/"),
    Page("public: an earlier round", "anonymous", lambda w: f"/virksomhedspris/{w.slug}/{w.year - 5}/"),
    Page("public: nomination form", "anonymous", lambda w: f"/virksomhedspris/{w.slug}/{w.year}/indstil"),
    Page("public: receipt", "anonymous", lambda w: f"/virksomhedspris/kvittering/{w.submission_id}"),
    Page("secretariat: rounds", "secretary", lambda w: "/sekretariat/"),
    Page("secretariat: round", "secretary", lambda w: f"/sekretariat/runder/{w.round_id}"),
    Page("secretariat: nominations", "secretary", lambda w: f"/sekretariat/runder/{w.round_id}/indstillinger"),
    Page("secretariat: nominations searched", "secretary",
         lambda w: f"/sekretariat/runder/{w.round_id}/indstillinger?q=ApS"),
    Page("secretariat: nomination", "secretary", lambda w: f"/sekretariat/indstillinger/{w.nomination_id}"),
    Page("secretariat: candidates", "secretary", lambda w: f"/sekretariat/runder/{w.round_id}/kandidater"),
    Page("secretariat: candidates' annex", "secretary", lambda w: f"/sekretariat/runder/{w.round_id}/kandidater.docx"),
    Page("secretariat: round's history", "secretary", lambda w: f"/sekretariat/runder/{w.round_id}/historik"),
    Page("secretariat: new round", "secretary", lambda w: "/sekretariat/runder/ny"),
    Page("secretariat: personal data", "secretary", lambda w: "/sekretariat/persondata"),
    Page("members: scoring", "member", lambda w: f"/bedoemmelse/runder/{w.round_id}"),
    Page("members: a candidate", "member", lambda w: f"/bedoemmelse/kandidater/{w.nomination_id}"),
]


class Sized:
    def __init__(self, url: str) -> None:
        self.runtime = build_runtime(Settings.for_service("awards", database_url=url, broker_url=None,
                                                          secret_key="test"))
        self.worlds = {size: build_world(self.runtime, size) for size in SIZES}
        self.app = create_app(self.runtime, AwardsOptions(nomination_rate_limit="1000 per minute"))
        self.clients = {size: {who: self._client(world, who) for who in ("anonymous", "secretary", "member")}
                        for size, world in self.worlds.items()}

    def _client(self, world: World, who: str):
        client = self.app.test_client()
        if who != "anonymous":
            claims = login_claims(self.app, world.secretary if who == "secretary" else world.member)
            with client.session_transaction() as session:
                session.update(claims)
        return client

    def statements(self, page: Page, size: int) -> list[str]:
        client = self.clients[size][page.who]
        path = page.path(self.worlds[size])
        return statements_of_get(self.runtime.engine, client, path, (page.name, size))


@pytest.fixture(scope="module")
def sized(pg_template):
    name = f"udvalg_test_{servers.RUN_ID}_sized_{uuid.uuid4().hex[:6]}"
    world = Sized(servers.create_database(name, pg_template("awards", lambda u: upgrade_to_head(u, MIGRATIONS))))
    yield world
    world.runtime.dispose()
    servers.drop_database(name)


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_a_page_sends_as_many_statements_for_100_rounds_and_nominations_as_for_10(sized, page):
    small, large = (sized.statements(page, size) for size in SIZES)
    assert len(small) == len(large), growth_report(small, large)
