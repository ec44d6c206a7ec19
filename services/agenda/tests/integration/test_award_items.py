"""The awards service's events on the agenda: a closed round becomes a closed item with
the shortlist and its annex on the round's meeting; the ceremony lands in the committee's
årshjul and public calendar feed."""

from __future__ import annotations

import base64
import uuid
from datetime import date, time

import pytest
from sqlalchemy import select

from services.agenda.calendar.models import WheelEntry
from services.agenda.models import Item
from services.agenda.tests.integration.calendar_support import parse_feed
from services.agenda.tests.integration.helpers import (
    add_item,
    create_committee,
    register_municipality,
    schedule_meeting,
)
from shared.events import build_envelope

pytestmark = pytest.mark.integration

ANNEX = b"PK\x03\x04 the annex"


@pytest.fixture
def meeting(client, accounts):
    admin = accounts.admin()
    register_municipality(client, admin, "lejre")
    committee = create_committee(client, admin, "lejre")
    meeting = schedule_meeting(client, admin, committee["id"], date="2030-04-15")
    add_item(client, admin, meeting["id"], title="Godkendelse af dagsorden", kind="standing", case_number=None)
    add_item(client, admin, meeting["id"], title="Eventuelt", kind="standing", case_number=None)
    return {"id": meeting["id"], "committee_id": committee["id"], "admin": admin}


def round_closed(meeting: dict, item_id: uuid.UUID, case_number: str | None = "19/11559") -> dict:
    return build_envelope("awards.round.closed.v1", {
        "round_id": uuid.uuid4(), "municipality_id": uuid.uuid4(), "committee_id": meeting["committee_id"],
        "year": 2029, "title": "Virksomhedspris 2029", "criteria": ["at virksomheden skaber job", "at den uddanner unge"],
        "prize_amount": 10000, "nominations_received": 7,
        "agenda_item": {"id": item_id, "meeting_id": meeting["id"], "case_number": case_number},
        "shortlist": [
            {"candidate_id": uuid.uuid4(), "rank": 1, "company_name": "Hvalsø Tømrer & Snedker ApS", "cvr": "34175829",
             "score": 22.33, "nominations": 3},
            {"candidate_id": uuid.uuid4(), "rank": 2, "company_name": "Osted Maskinstation I/S", "cvr": "29503613",
             "score": 17.0, "nominations": 2},
        ],
        "annex": {"filename": "virksomhedspris-2029-kandidater.docx",
                  "content_type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                  "content_base64": base64.b64encode(ANNEX).decode()},
    }, source="/udvalg/awards")


def test_a_closed_round_puts_a_closed_item_with_the_annex_on_the_meeting(client, runtime, meeting):
    item_id = uuid.uuid4()

    runtime.consumer().handle(round_closed(meeting, item_id))

    detail = client.get(f"/api/v1/meetings/{meeting['id']}", headers=meeting["admin"]).json
    assert [(i["number"], i["title"], i["closed"]) for i in detail["items"]] == [
        (1, "Godkendelse af dagsorden", False), (2, "Virksomhedspris 2029 - valg af prisvinder", True),
        (3, "Eventuelt", False)]
    with runtime.uow() as uow:
        item = uow.session.get(Item, item_id)
        assert item.case_number == "19/11559"
        assert item.recommendation["points"] == ["at udvalget udpeger vinderen af Virksomhedspris 2029 blandt kandidaterne"]
        assert "| 1 | Hvalsø Tømrer & Snedker ApS | 34175829 | 3 | 22,3 |" in item.sections["sagsfremstilling"]
        assert "7 gyldige indstillinger" in item.sections["resume"]
        assert [(f.filename, f.content) for f in item.files] == [("virksomhedspris-2029-kandidater.docx", ANNEX)]


def test_the_same_request_again_adds_nothing(client, runtime, meeting):
    item_id = uuid.uuid4()
    runtime.consumer().handle(round_closed(meeting, item_id))

    runtime.consumer().handle(round_closed(meeting, item_id))

    with runtime.uow() as uow:
        assert len(uow.session.scalars(select(Item).where(Item.closed.is_(True))).all()) == 1


def test_a_case_number_the_municipality_does_not_use_is_left_for_the_secretariat(client, runtime, meeting):
    item_id = uuid.uuid4()

    runtime.consumer().handle(round_closed(meeting, item_id, case_number="SAG-2029-7"))

    with runtime.uow() as uow:
        item = uow.session.get(Item, item_id)
        assert item.closed and item.case_number is None


def ceremony(committee_id, round_id, day: date, place: str) -> dict:
    return build_envelope("awards.ceremony.scheduled.v1", {
        "round_id": round_id, "committee_id": committee_id, "title": "Overrækkelse af Virksomhedspris 2029",
        "date": day, "start_time": time(15, 0), "place": place,
        "description": "Virksomhedspris 2029 overrækkes ved et arrangement med virksomheden og medarbejderne.",
    }, source="/udvalg/awards")


def test_the_ceremony_is_in_the_committees_public_feed_and_follows_a_move(client, runtime, meeting):
    round_id = uuid.uuid4()

    runtime.consumer().handle(ceremony(meeting["committee_id"], round_id, date(2030, 5, 20), "Allerslev rådhus"))
    runtime.consumer().handle(ceremony(meeting["committee_id"], round_id, date(2030, 5, 27), "Hvalsø"))

    with runtime.uow() as uow:
        [entry] = uow.session.scalars(select(WheelEntry).where(WheelEntry.external_ref.like("awards:%"))).all()
        assert (entry.kind, entry.public, entry.date, entry.place, entry.sequence) == (
            "event", True, date(2030, 5, 27), "Hvalsø", 1)
    feed = parse_feed(client.get("/calendar/lejre/JA.ics"))
    [event] = [e for e in feed.events().values() if str(e["SUMMARY"]).startswith("Overrækkelse")]
    assert event.decoded("DTSTART").date() == date(2030, 5, 27) and str(event["LOCATION"]) == "Hvalsø"
