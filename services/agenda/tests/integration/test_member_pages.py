"""A committee member's pages: the start page (their committees, next meetings, minutes
they have not read, award rounds they score) and the meeting page, where members of the
committee read closed items whole with the internal Word files and everybody else does
not; approved minutes' decisions and attendance on the meeting page (real PostgreSQL)."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from services.agenda.models import Member
from services.agenda.operations import attachments
from services.agenda.operations.accounts import ensure_user
from services.agenda.tests.conftest import PASSWORD
from services.agenda.tests.integration.helpers import add_item, create_committee, schedule_meeting
from services.agenda.tests.integration.notices_support import (
    committee_with_members,
    member,
    published_meeting,
)
from shared.auth import SYSTEM
from shared.events import build_envelope
from tests.support.pages import log_in

pytestmark = pytest.mark.integration

SECRET = "Fortroligt: medarbejderens helbred."
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def committee(client, accounts):
    return committee_with_members(client, accounts)


def _logged_in(runtime, client, member_id: str, email: str):
    """A browser of its own, logged in as the member."""
    with runtime.uow() as uow:
        found = uow.session.get(Member, uuid.UUID(member_id))
        ensure_user(uow.session, email=email, name=found.name, password=PASSWORD, role="member",
                    municipality_id=found.municipality_id, member_id=found.id)
        uow.commit()
    member_client = client.application.test_client()
    log_in(member_client, email, PASSWORD)
    return member_client


def _member_client(runtime, client, committee, name="Anne Andersen", email="anne.login@roskilde.dk"):
    return _logged_in(runtime, client, committee.members[name], email)


def _page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response.get_data(as_text=True)


def _approve(runtime, meeting: dict, item_ids: list[str], version: int = 1) -> None:
    """The decisions service's announcement of approved minutes, as its consumer receives it."""
    blocks = [{"item_id": item_id, "closed": index == 1, "decisions": [{
        "committee_name": "Udvalget for Job & Arbejdsmarked", "decided_on": date(2030, 3, 13), "minority": None,
        "text": "Godkendt." if index == 0 else "Medarbejderen fritages for tjeneste.", "point_answers": [],
        "not_taking_part": ["Bo Bech"] if index == 1 else [], "absent": ["Carl Carlsen"]}]}
        for index, item_id in enumerate(item_ids)]
    runtime.consumer().handle(build_envelope("decisions.minutes.approved.v1", {
        "meeting_id": uuid.UUID(meeting["id"]), "committee_id": uuid.uuid4(), "municipality_slug": "roskilde",
        "version": version, "approved_at": datetime(2030, 3, 14, 9, tzinfo=UTC) + timedelta(days=version),
        "correction_reason": None if version == 1 else "Forkert navn.",
        "participants": [{"name": "Anne Andersen", "party": None, "absent": False, "substitute": None},
                         {"name": "Carl Carlsen", "party": None, "absent": True, "substitute": "Lotte Greve"}],
        "items": blocks}, source="/udvalg/decisions"))


def _items(client, committee, meeting) -> list[str]:
    detail = client.get(f"/api/v1/meetings/{meeting['id']}", headers=committee.headers).json
    return [item["id"] for item in detail["items"]]


# --- the meeting page --------------------------------------------------------------------------

def test_a_member_of_the_committee_reads_closed_items_whole_with_the_internal_word_files(runtime, client, committee):
    meeting = published_meeting(client, committee, date="2030-03-13")
    anne = _member_client(runtime, client, committee)

    page = _page(anne, f"/roskilde/moeder/{meeting['id']}")

    assert "Personalesag" in page and SECRET in page
    assert f'/decisions/moeder/{meeting["id"]}/dagsorden.docx?udgave=intern' in page


def test_a_member_of_the_committee_reaches_a_closed_items_bilag_from_the_page_and_the_public_does_not(
        runtime, client, committee):
    planned = schedule_meeting(client, committee.headers, committee.id, date="2030-03-13")
    closed = add_item(client, committee.headers, planned["id"], title="Personalesag", closed=True)["items"][0]
    with runtime.uow() as uow:
        file_id = attachments.add_attachment(uow, SYSTEM, uuid.UUID(closed["id"]), "Lægeerklæring.pdf", PDF).id
    assert client.post(f"/api/v1/meetings/{planned['id']}/publish", headers=committee.headers).status_code == 200
    anne = _member_client(runtime, client, committee)

    assert f'href="/bilag/{file_id}"' in _page(anne, f"/roskilde/moeder/{planned['id']}")
    assert anne.get(f"/bilag/{file_id}").data == PDF
    public = client.application.test_client()
    assert "Lægeerklæring" not in _page(public, f"/roskilde/moeder/{planned['id']}")
    assert public.get(f"/bilag/{file_id}").status_code == 404


def test_the_public_and_members_of_other_committees_see_a_closed_item_reduced(runtime, client, committee):
    meeting = published_meeting(client, committee, date="2030-03-13")
    other = create_committee(client, committee.headers, "roskilde", code="KU", name="Kulturudvalget")
    eva = _logged_in(runtime, client, member(client, committee.headers, "roskilde", other["id"], "Eva Egholm",
                                             "eva@roskilde.dk"), "eva.login@roskilde.dk")
    former = _member_client(runtime, client, committee, "Carl Carlsen", "carl.login@roskilde.dk")

    for reader in (client.application.test_client(), eva, former):
        page = _page(reader, f"/roskilde/moeder/{meeting['id']}")
        assert "Punkt 2: Lukket punkt" in page
        assert SECRET not in page and "Personalesag" not in page and "udgave=intern" not in page


def test_approved_minutes_show_their_decisions_and_who_stood_in_on_the_public_page(runtime, client, committee):
    meeting = published_meeting(client, committee, date="2030-03-13")
    _approve(runtime, meeting, _items(client, committee, meeting))

    page = _page(client.application.test_client(), f"/roskilde/moeder/{meeting['id']}")

    assert "Godkendt." in page and "Carl Carlsen (Afbud)" in page
    assert "Lotte Greve (stedfortræder for Carl Carlsen)" in page
    assert "Medarbejderen fritages for tjeneste." not in page, "the municipality shows no closed decisions"
    assert f'/decisions/referat/{meeting["id"]}' in page


def test_a_member_reads_the_closed_items_decision_on_the_meeting_page(runtime, client, committee):
    meeting = published_meeting(client, committee, date="2030-03-13")
    _approve(runtime, meeting, _items(client, committee, meeting))
    anne = _member_client(runtime, client, committee)

    page = _page(anne, f"/roskilde/moeder/{meeting['id']}")

    assert "Medarbejderen fritages for tjeneste." in page and "Bo Bech deltog ikke i behandlingen af punktet." in page
    assert f'/decisions/moeder/{meeting["id"]}/referat.docx?udgave=intern' in page


def test_a_long_agenda_opens_with_an_index_of_its_items_and_each_item_leads_back(runtime, client, committee):
    meeting = schedule_meeting(client, committee.headers, committee.id, date="2030-03-13")
    for number in range(1, 6):
        add_item(client, committee.headers, meeting["id"], title=f"Sag nummer {number}", case_number=f"30/0000{number}")
    assert client.post(f"/api/v1/meetings/{meeting['id']}/publish", headers=committee.headers).status_code == 200

    page = _page(client.application.test_client(), f"/roskilde/moeder/{meeting['id']}")

    index = page[page.index('class="item-index"'):page.index("</nav>", page.index('class="item-index"'))]
    assert re.findall(r'href="#punkt-(\d+)"', index) == ["1", "2", "3", "4", "5"]
    assert page.count('id="punkt-') == 5 and page.count('href="#indhold">Til toppen') == 5


# --- the start page ----------------------------------------------------------------------------

def test_the_start_page_shows_the_members_committees_and_next_meetings_with_their_agendas(runtime, client, committee):
    today = date.today()
    coming = published_meeting(client, committee, date=(today + timedelta(days=7)).isoformat())
    planned = schedule_meeting(client, committee.headers, committee.id, date=(today + timedelta(days=35)).isoformat())
    schedule_meeting(client, committee.headers, committee.id, date=(today - timedelta(days=7)).isoformat())
    anne = _member_client(runtime, client, committee)

    page = _page(anne, "/start")

    assert "Udvalget for Job &amp; Arbejdsmarked</a>" in page
    meetings = page[page.index("Dine næste møder"):page.index("Dine udvalg")]
    assert re.findall(r'/roskilde/moeder/([0-9a-f-]+)"', meetings) == [coming["id"], planned["id"]]
    assert "Dagsordenen er offentliggjort." in meetings and "Dagsordenen er ikke offentliggjort endnu." in meetings


def test_minutes_wait_on_the_start_page_until_the_member_opens_them_and_again_after_a_correction(runtime, client,
                                                                                                  committee):
    meeting = published_meeting(client, committee, date="2030-03-13")
    items = _items(client, committee, meeting)
    _approve(runtime, meeting, items)
    anne = _member_client(runtime, client, committee)

    def waiting() -> str:
        page = _page(anne, "/start")
        return page[page.index("Det venter på dig"):page.index("Dine næste møder")]

    assert f'/roskilde/moeder/{meeting["id"]}' in waiting()
    _page(anne, f"/roskilde/moeder/{meeting['id']}")
    assert f'/roskilde/moeder/{meeting["id"]}' not in waiting()

    _approve(runtime, meeting, items, version=2)
    assert "version 2" in waiting()


def test_minutes_of_a_meeting_before_the_member_joined_do_not_wait_for_them(runtime, client, committee):
    meeting = published_meeting(client, committee, date="2030-03-13")
    _approve(runtime, meeting, _items(client, committee, meeting))
    frede = _logged_in(runtime, client, member(client, committee.headers, "roskilde", committee.id, "Frede Fisker",
                                               "frede@roskilde.dk", starts_on="2030-06-01"), "frede.login@roskilde.dk")

    assert f'/roskilde/moeder/{meeting["id"]}' not in _page(frede, "/start")


def _round(committee, open_: bool, title="Virksomhedspris 2030", round_id=None) -> dict:
    return build_envelope("awards.round.changed.v1", {
        "round_id": round_id or uuid.uuid4(), "municipality_id": uuid.uuid4(), "committee_id": uuid.UUID(committee.id),
        "year": 2030, "title": title, "closes_at": datetime(2030, 3, 1, 22, 59, tzinfo=UTC), "open": open_},
        source="/udvalg/awards")


def test_an_open_award_round_waits_for_its_committees_members_until_it_closes(runtime, client, committee):
    round_id = uuid.uuid4()
    runtime.consumer().handle(_round(committee, True, round_id=round_id))
    anne = _member_client(runtime, client, committee)

    page = _page(anne, "/start")
    assert f'href="/awards/bedoemmelse/runder/{round_id}"' in page
    assert "fredag d. 1. marts 2030 kl. 23:59" in page

    runtime.consumer().handle(_round(committee, False, round_id=round_id))
    runtime.consumer().handle(_round(committee, True, round_id=round_id, title="Sent ankommet"))
    page = _page(anne, "/start")
    assert str(round_id) not in page and "Sent ankommet" not in page, "a closed round never opens again"
