"""No page, document or API list of the decisions service sends more statements for a
long agenda or many meetings than for a short one: each is fetched for a municipality
with 10 meetings and agendas of 10 decided items and for one with 100 of each, and the
statements are counted (an N+1 shows as 90 more)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from services.decisions.app import create_app
from services.decisions.bootstrap import MIGRATIONS, build_runtime
from services.decisions.operations import minutes
from shared.auth import Principal
from shared.config import Settings
from shared.db.migrate import upgrade_to_head
from shared.tests.agenda_events import AgendaEvents
from shared.tests.sessions import log_in
from tests.support import servers
from tests.support.statements import Page, growth_report, statements_of_get

pytestmark = pytest.mark.integration

SIZES = (10, 100)
FIRST_DAY = date(2020, 1, 8)


@dataclass(frozen=True)
class World:
    slug: str
    municipality_id: uuid.UUID
    draft_id: uuid.UUID  # held, every item decided, minutes not yet approved
    approved_id: uuid.UUID  # the same items again (decided twice), minutes approved
    item_id: uuid.UUID
    secretary: Principal
    member: Principal


def build_world(runtime, size: int) -> World:
    """`size` meetings; the first two with `size` items each (the second has the first's
    items again, so each item carries two decisions), attendance and decisions recorded,
    the second's minutes approved."""
    agenda = AgendaEvents(runtime.consumer())
    slug = f"kommune{size}"
    agenda.municipality(slug=slug, name=f"Kommune {size}")
    committee = agenda.committee(members=(("Steen Hansen", "O"), ("Ole Blickfeldt", "O"), ("Lotte Greve", "V")))
    for member in committee["members"]:
        member["starts_on"] = None
    meetings = [{**agenda.meeting(committee, day=FIRST_DAY + timedelta(days=week * 7), status="published"),
                 "municipality_slug": slug} for week in range(size)]
    items = [agenda.item(number, f"Sag {number}", closed=number % 5 == 0, points=("at a", "at b"))
             for number in range(1, size + 1)]
    agenda.publish(meetings[0], items)
    agenda.publish(meetings[1], [{**item, "number": number} for number, item in enumerate(items, start=1)])
    for other in meetings[2:]:
        agenda.publish(other, [agenda.item(1, "Eventuelt")])
    secretary = Principal(role="secretary", user_id=uuid.uuid4(), municipality_id=agenda.municipality_id,
                          name="Sekretær")
    steen = uuid.UUID(str(committee["members"][0]["member_id"]))
    for meeting in meetings[:2]:
        agenda.send("agenda.meeting.held.v1", {"meeting": {**meeting, "status": "held", "agenda_version": 1}})
        with runtime.uow() as uow:
            minutes.record_attendance(uow, secretary, meeting["id"], [
                {"member_id": steen, "absent": True, "substitute": "Jens Jensen"}])
        for item in items:
            with runtime.uow() as uow:
                minutes.record_decision(uow, secretary, meeting["id"], item["id"], {
                    "text": "Indstillingen blev godkendt.\n\nUdvalget bad om en status.",
                    "point_answers": [{"point": 1, "text": "Godkendt."}],
                    "not_taking_part": [str(committee["members"][1]["member_id"])], "minority": "V stemte imod."})
    with runtime.uow() as uow:
        minutes.approve_minutes(uow, secretary, meetings[1]["id"])
    member = Principal(role="member", user_id=uuid.uuid4(), municipality_id=agenda.municipality_id,
                       member_id=uuid.UUID(str(committee["members"][2]["member_id"])), name="Lotte Greve")
    return World(slug=slug, municipality_id=agenda.municipality_id, draft_id=meetings[0]["id"],
                 approved_id=meetings[1]["id"], item_id=items[0]["id"], secretary=secretary, member=member)



PAGES = [
    Page("API: meetings", "anonymous", lambda w: f"/api/v1/meetings?municipality={w.slug}"),
    Page("API: meetings of the year", "anonymous", lambda w: f"/api/v1/meetings?municipality={w.slug}&year=2020"),
    Page("secretariat: meeting with decisions", "secretary", lambda w: f"/sekretariat/moeder/{w.draft_id}"),
    Page("secretariat: approved meeting", "secretary", lambda w: f"/sekretariat/moeder/{w.approved_id}"),
    Page("secretariat: decision", "secretary", lambda w: f"/sekretariat/moeder/{w.draft_id}/punkter/{w.item_id}"),
    Page("secretariat: document template", "secretary", lambda w: "/sekretariat/skabelon/"),
    Page("public minutes", "anonymous", lambda w: f"/referat/{w.approved_id}"),
    Page("dagsorden, public", "anonymous", lambda w: f"/moeder/{w.draft_id}/dagsorden.docx"),
    Page("dagsorden, internal", "member", lambda w: f"/moeder/{w.draft_id}/dagsorden.docx?udgave=intern"),
    Page("referat draft, internal", "secretary", lambda w: f"/moeder/{w.draft_id}/referat.docx?udgave=intern"),
    Page("referat approved, public", "anonymous", lambda w: f"/moeder/{w.approved_id}/referat.docx"),
    Page("referat approved, internal", "member", lambda w: f"/moeder/{w.approved_id}/referat.docx?udgave=intern"),
]


class Sized:
    def __init__(self, url: str) -> None:
        self.runtime = build_runtime(Settings.for_service("decisions", database_url=url, broker_url=None,
                                                          secret_key="test"))
        self.worlds = {size: build_world(self.runtime, size) for size in SIZES}
        self.app = create_app(self.runtime)
        self.clients = {size: {who: self._client(world, who) for who in ("anonymous", "secretary", "member")}
                        for size, world in self.worlds.items()}

    def _client(self, world: World, who: str):
        client = self.app.test_client()
        if who != "anonymous":
            log_in(self.runtime, client, world.secretary if who == "secretary" else world.member)
        return client

    def statements(self, page: Page, size: int) -> list[str]:
        client = self.clients[size][page.who]
        path = page.path(self.worlds[size])
        return statements_of_get(self.runtime.engine, client, path, (page.name, size))


@pytest.fixture(scope="module")
def sized(pg_template):
    name = f"udvalg_test_{servers.RUN_ID}_sized_{uuid.uuid4().hex[:6]}"
    world = Sized(servers.create_database(name, pg_template("decisions", lambda u: upgrade_to_head(u, MIGRATIONS))))
    yield world
    world.runtime.dispose()
    servers.drop_database(name)


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_a_page_sends_as_many_statements_for_100_items_as_for_10(sized, page):
    small, large = (sized.statements(page, size) for size in SIZES)
    assert len(small) == len(large), growth_report(small, large)
