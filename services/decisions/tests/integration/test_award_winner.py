"""On the virksomhedspris's closed item the committee's decision names the winner from the
shortlist the awards service sent; the decision event carries it to the awards service."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from services.decisions.app import create_app
from services.decisions.models import Decision, bus_tables
from services.decisions.operations import minutes as ops
from shared.auth import Principal
from shared.errors import Invalid
from shared.events import build_envelope, parse_envelope
from shared.tests.sessions import log_in
from tests.support.pages import post_form

pytestmark = pytest.mark.integration

HVALSOE, OSTED = uuid.uuid4(), uuid.uuid4()


@pytest.fixture
def award_item(runtime, agenda):
    agenda.municipality()
    committee = agenda.committee()
    meeting = agenda.meeting(committee)
    item = agenda.item(2, "Virksomhedspris 2019 - valg af prisvinder", closed=True,
                       points=("at udvalget udpeger vinderen af Virksomhedspris 2019 blandt kandidaterne",))
    agenda.publish(meeting, [agenda.item(1, "Godkendelse af dagsorden"), item])
    round_id = uuid.uuid4()
    runtime.consumer().handle(build_envelope("awards.round.closed.v1", {
        "round_id": round_id, "municipality_id": agenda.municipality_id, "committee_id": committee["id"],
        "year": 2019, "title": "Virksomhedspris 2019", "criteria": ["at virksomheden skaber job"], "prize_amount": 10000,
        "nominations_received": 5, "agenda_item": {"id": item["id"], "meeting_id": meeting["id"], "case_number": None},
        "shortlist": [
            {"candidate_id": HVALSOE, "rank": 1, "company_name": "Hvalsø Tømrer & Snedker ApS", "cvr": "34175829",
             "score": 9.5, "nominations": 3},
            {"candidate_id": OSTED, "rank": 2, "company_name": "Osted Maskinstation I/S", "cvr": "29503613",
             "score": 7.0, "nominations": 2}],
        "annex": {"filename": "bilag.docx", "content_type": "application/octet-stream", "content_base64": "UEs="},
    }, source="/udvalg/awards"))
    secretary = Principal(role="secretary", user_id=uuid.uuid4(), municipality_id=agenda.municipality_id)
    return {"meeting_id": meeting["id"], "item_id": item["id"], "round_id": round_id, "secretary": secretary}


def _decide(runtime, award_item, **winner):
    with runtime.uow() as uow:
        return ops.record_decision(uow, award_item["secretary"], award_item["meeting_id"], award_item["item_id"], {
            "text": "Indstillingen tiltrådt.", "award_winner": winner or None})


def _decision_events(runtime) -> list:
    with runtime.engine.connect() as conn:
        rows = conn.execute(select(bus_tables.outbox.c.envelope)
                            .where(bus_tables.outbox.c.event_type == "decisions.decision.recorded.v1"))
        return [parse_envelope(row.envelope) for row in rows]


def test_the_decision_names_a_winner_from_the_shortlist_and_the_event_carries_it(runtime, award_item):
    _decide(runtime, award_item, candidate_id=str(HVALSOE), reason=" For sin indsats for unge. ")

    [event] = _decision_events(runtime)
    assert event.data["award_winner"] == {
        "round_id": award_item["round_id"], "candidate_id": HVALSOE, "company_name": "Hvalsø Tømrer & Snedker ApS",
        "cvr": "34175829", "reason": "For sin indsats for unge."}


def test_a_winner_outside_the_shortlist_or_without_a_reason_is_refused(runtime, award_item):
    with pytest.raises(Invalid) as stranger:
        _decide(runtime, award_item, candidate_id=str(uuid.uuid4()), reason="Fordi.")
    with pytest.raises(Invalid) as no_reason:
        _decide(runtime, award_item, candidate_id=str(OSTED), reason=" ")
    assert stranger.value.errors["award_winner"] == ["Vælg en af kandidaterne."]
    assert "begrundelse" in no_reason.value.errors["award_reason"][0]
    assert _decision_events(runtime) == []


def test_a_decision_without_a_winner_carries_none(runtime, award_item):
    _decide(runtime, award_item)
    assert _decision_events(runtime)[0].data["award_winner"] is None


def test_the_decision_page_offers_the_candidates_and_keeps_the_choice(runtime, award_item):
    client = create_app(runtime).test_client()
    log_in(runtime, client, Principal(role="secretary", user_id=uuid.uuid4(), name="S",
                                      municipality_id=award_item["secretary"].municipality_id))
    page = f"/sekretariat/moeder/{award_item['meeting_id']}/punkter/{award_item['item_id']}"
    assert "Osted Maskinstation I/S (CVR-nr. 29503613)" in client.get(page).get_data(as_text=True)

    missing = post_form(client, page, data={"text": "Indstillingen tiltrådt.", "award_winner": str(OSTED)})
    assert missing.status_code == 422 and "begrundelse" in missing.get_data(as_text=True)
    assert f'<option selected value="{OSTED}">' in missing.get_data(as_text=True)

    saved = post_form(client, page, data={"text": "Indstillingen tiltrådt.", "award_winner": str(OSTED),
                                          "award_reason": "For praktikpladserne."})
    assert saved.status_code == 302
    with runtime.uow() as uow:
        decision = uow.session.scalar(select(Decision))
        assert decision.award_winner["company_name"] == "Osted Maskinstation I/S"
    again = client.get(page).get_data(as_text=True)
    assert f'<option selected value="{OSTED}">' in again and "For praktikpladserne.</textarea>" in again
