"""The secretariat reviews the nominations (search, same CVR together, merge, reject), the
committee members score the candidates, and closing the round sends the ranked shortlist
and its annex to the agenda, without the nominators' contact data."""

from __future__ import annotations

import base64
import io
import json
import uuid
import zipfile

import pytest
from sqlalchemy import select

from services.awards.models import AwardRound, Nomination, Score
from services.awards.operations import review
from services.awards.operations.rounds import close_round, create_round
from services.awards.tests.conftest import hidden_fields, log_in, nominate, round_values
from shared.auth import SYSTEM, Principal
from shared.db.types import utcnow
from shared.errors import Conflict, Forbidden, Invalid
from shared.events import parse_envelope

pytestmark = pytest.mark.integration

OSTED = "29503613"
GEVNINGE = "38120476"


@pytest.fixture
def nominations(runtime, award_round):
    """Two nominations of Hvalsø Tømrer (one as "Hvalsø Tømrer og Snedker"), one of Osted
    Maskinstation, one of Gevninge Grønt & Have."""
    return {
        "hvalsoe": nominate(runtime, award_round, email="anne@example.org"),
        "hvalsoe_again": nominate(runtime, award_round, company="Hvalsø Tømrer og Snedker", email="per@example.org",
                                  reasons=("", "Tog min søn i praktik.", "")),
        "osted": nominate(runtime, award_round, company="Osted Maskinstation I/S", cvr=OSTED, email="jens@example.org"),
        "gevninge": nominate(runtime, award_round, company="Gevninge Grønt & Have ApS", cvr=GEVNINGE,
                             email="karin@example.org", name="Karin Dahl"),
    }


def _round(runtime, round_id) -> AwardRound:
    with runtime.uow() as uow:
        found = uow.session.get(AwardRound, round_id)
        uow.session.expunge(found)
        return found


def test_the_secretariat_finds_nominations_by_company_cvr_reference_or_nominator(runtime, award_round, nominations):
    with runtime.uow() as uow:
        round_ = uow.session.get(AwardRound, award_round)
        reference = uow.session.get(Nomination, nominations["osted"]).reference

        def found(query):
            return {n.id for n in review.nominations_of(uow.session, round_, query)}

        assert found("hvalsø") == {nominations["hvalsoe"], nominations["hvalsoe_again"]}
        assert found("2950 3613") == {nominations["osted"]}
        assert found(reference.lower()) == {nominations["osted"]}
        assert found("karin dahl") == {nominations["gevninge"]}
        assert len(found("")) == 4


def test_the_list_page_shows_nominations_of_the_same_cvr_together(app, client, runtime, lejre, award_round, nominations):
    log_in(app, client, lejre.secretary())

    page = client.get(f"/sekretariat/runder/{award_round}/indstillinger").get_data(as_text=True)

    assert "2 indstillinger af samme virksomhed: én kandidat." in page
    assert page.count("Kandidat</span>") == 3 and page.count("Samme kandidat</span>") == 1
    assert page.index("CVR-nr. 38120476") < page.index("CVR-nr. 34175829") < page.index("CVR-nr. 29503613")


def test_nominations_of_the_same_company_are_merged_into_one_candidate(app, client, runtime, lejre, award_round,
                                                                       nominations):
    log_in(app, client, lejre.secretary())
    page = client.get(f"/sekretariat/indstillinger/{nominations['hvalsoe']}").get_data(as_text=True)
    assert "Samme virksomhed (CVR-nr. 34175829)" in page

    merged = client.post(f"/sekretariat/indstillinger/{nominations['hvalsoe']}/saml",
                         data={**hidden_fields(page), "other_id": str(nominations["hvalsoe_again"])})

    assert merged.status_code == 302
    with runtime.uow() as uow:
        groups = review.candidate_groups(uow.session, uow.session.get(AwardRound, award_round))
        assert [n.id for n in groups[nominations["hvalsoe"]]] == [nominations["hvalsoe"], nominations["hvalsoe_again"]]
        assert len(groups) == 3


def test_nominations_of_the_same_company_are_one_candidate_without_a_merge(runtime, award_round, nominations):
    with runtime.uow() as uow:
        groups = review.candidate_groups(uow.session, uow.session.get(AwardRound, award_round))
        assert len(groups) == 3
        assert [n.id for n in groups[nominations["hvalsoe"]]] == [nominations["hvalsoe"], nominations["hvalsoe_again"]]


def test_only_nominations_with_the_same_cvr_can_be_merged(runtime, lejre, award_round, nominations):
    with runtime.uow() as uow, pytest.raises(Invalid) as refused:
        review.merge(uow, lejre.secretary(), nominations["hvalsoe"], nominations["osted"])
    assert "samme CVR-nummer" in refused.value.errors["other_id"][0]


def test_a_rejected_nomination_keeps_its_reason_and_is_no_candidate(app, client, runtime, lejre, award_round,
                                                                    nominations):
    log_in(app, client, lejre.secretary())
    page = client.get(f"/sekretariat/indstillinger/{nominations['gevninge']}").get_data(as_text=True)
    path = f"/sekretariat/indstillinger/{nominations['gevninge']}/afvis"

    empty = client.post(path, data={**hidden_fields(page), "reason": " "})
    assert empty.status_code == 422 and "Skriv en begrundelse." in empty.get_data(as_text=True)

    client.post(path, data={**hidden_fields(page), "reason": "Virksomheden ligger ikke i Lejre Kommune."})

    with runtime.uow() as uow:
        nomination = uow.session.get(Nomination, nominations["gevninge"])
        assert (nomination.status, nomination.invalid_reason) == ("invalid", "Virksomheden ligger ikke i Lejre Kommune.")
        assert nominations["gevninge"] not in review.candidate_groups(uow.session, nomination.round)


def test_members_of_the_deciding_committee_score_and_candidates_are_ranked(runtime, lejre, award_round, nominations):
    plank, hansen = lejre.member("Christian Plank"), lejre.member("Steen Hansen")
    for member, osted, gevninge in ((plank, [5, 4, 3], [2, 2, 2]), (hansen, [3, 4, None], [4, 2, 2])):
        with runtime.uow() as uow:
            review.record_scores(uow, member, nominations["osted"], dict(enumerate(osted)))
        with runtime.uow() as uow:
            review.record_scores(uow, member, nominations["gevninge"], dict(enumerate(gevninge)))

    with runtime.uow() as uow:
        ranked = review.ranking(uow.session, uow.session.get(AwardRound, award_round))
    # Osted: 4 + 4 + 3 = 11; Gevninge: 3 + 2 + 2 = 7; each Hvalsø nomination unscored.
    assert [(r.rank, r.candidate.company_name, r.total) for r in ranked[:2]] == [
        (1, "Osted Maskinstation I/S", 11.0), (2, "Gevninge Grønt & Have ApS", 7.0)]
    assert ranked[0].criterion_means == (4.0, 4.0, 3.0) and ranked[0].scorers == 2


def test_a_score_outside_0_to_5_or_from_an_outsider_is_refused(runtime, lejre, award_round, nominations):
    with runtime.uow() as uow, pytest.raises(Invalid):
        review.record_scores(uow, lejre.member("Steen Hansen"), nominations["osted"], {0: 6})
    with runtime.uow() as uow, pytest.raises(Forbidden):
        review.record_scores(uow, lejre.secretary(), nominations["osted"], {0: 3})
    with runtime.uow() as uow:
        assert uow.session.scalars(select(Score)).all() == []


def test_a_member_scores_on_the_scoring_page(app, client, runtime, lejre, award_round, nominations):
    log_in(app, client, lejre.member("Christian Plank"))
    path = f"/bedoemmelse/kandidater/{nominations['osted']}"
    page = client.get(path).get_data(as_text=True)
    assert "Har ansat tre fra Lejre." in page and "jens@example.org" not in page and "Anne Holm" not in page

    saved = client.post(path, data={**hidden_fields(page), "criterion_0": "4", "criterion_1": "", "criterion_2": "5"})

    assert saved.status_code == 302
    with runtime.uow() as uow:
        assert sorted((s.criterion, s.value) for s in uow.session.scalars(select(Score))) == [(0, 4), (2, 5)]


def test_the_shortlist_page_and_the_annex_rank_candidates_without_nominators(app, client, runtime, lejre, award_round,
                                                                             nominations):
    with runtime.uow() as uow:
        review.record_scores(uow, lejre.member("Steen Hansen"), nominations["osted"], {0: 5})
    log_in(app, client, lejre.secretary())

    page = client.get(f"/sekretariat/runder/{award_round}/kandidater").get_data(as_text=True)
    annex = client.get(f"/sekretariat/runder/{award_round}/kandidater.docx")

    assert page.index("Osted Maskinstation I/S") < page.index("Gevninge")
    text = _docx_text(annex.data)
    assert "Bilag: Kandidater til Virksomhedspris" in text and "Osted Maskinstation I/S" in text
    assert "Har ansat tre fra Lejre." in text
    for personal in ("Anne Holm", "Karin Dahl", "@example.org", "20 30 40 50"):
        assert personal not in text


def test_closing_the_round_sends_the_shortlist_and_annex_to_the_agenda(runtime, lejre, award_round, nominations):
    with runtime.uow() as uow:
        review.merge(uow, SYSTEM, nominations["hvalsoe"], nominations["hvalsoe_again"])
    with runtime.uow() as uow:
        review.record_scores(uow, lejre.member("Steen Hansen"), nominations["gevninge"], {0: 5, 1: 5})

    with runtime.uow() as uow:
        closed = close_round(uow, lejre.secretary(), award_round, utcnow())
        assert closed.state == "closed" and closed.closes_at <= utcnow()

    event = _outbox(runtime, "awards.round.closed.v1")
    data = event.data
    assert [(c["rank"], c["company_name"], c["nominations"]) for c in data["shortlist"]] == [
        (1, "Gevninge Grønt & Have ApS", 1), (2, "Hvalsø Tømrer & Snedker ApS", 2)], "shortlist_size is 2"
    assert data["agenda_item"]["meeting_id"] == lejre.meeting["id"] and data["nominations_received"] == 4
    assert data["agenda_item"]["id"] == _round(runtime, award_round).agenda_item_id
    raw = json.dumps(event.data, default=str) + _docx_text(base64.b64decode(data["annex"]["content_base64"]))
    for personal in ("Anne Holm", "Karin Dahl", "example.org", "20 30 40 50"):
        assert personal not in raw
    with runtime.uow() as uow, pytest.raises(Conflict):
        review.record_scores(uow, lejre.member("Steen Hansen"), nominations["osted"], {0: 1})


def test_a_round_without_a_meeting_or_valid_nominations_cannot_be_closed(runtime, lejre, award_round):
    with runtime.uow() as uow:
        uow.session.get(AwardRound, award_round).meeting_id = None
        uow.commit()
    with runtime.uow() as uow, pytest.raises(Invalid) as refused:
        close_round(uow, lejre.secretary(), award_round, utcnow())
    assert set(refused.value.errors) == {"meeting_id", "candidates"}
    assert _round(runtime, award_round).state == "open"


def test_the_close_button_shows_why_the_round_cannot_close(app, client, lejre, award_round):
    log_in(app, client, lejre.secretary())
    page = client.get(f"/sekretariat/runder/{award_round}").get_data(as_text=True)

    response = client.post(f"/sekretariat/runder/{award_round}/luk", data=hidden_fields(page))

    assert response.status_code == 422 and "Runden har ingen gyldige indstillinger." in response.get_data(as_text=True)


def test_only_one_open_round_per_municipality(runtime, lejre, award_round):
    with runtime.uow() as uow, pytest.raises(Conflict):
        create_round(uow, SYSTEM, lejre.municipality_id, round_values(lejre, year=2031, title="Virksomhedspris 2031"))


def test_another_municipalitys_secretary_finds_nothing(app, client, runtime, lejre, award_round, nominations):
    log_in(app, client, Principal(role="secretary", user_id=uuid.uuid4(), municipality_id=uuid.uuid4()))
    assert client.get(f"/sekretariat/indstillinger/{nominations['osted']}").status_code == 404
    assert client.get(f"/sekretariat/runder/{award_round}/kandidater.docx").status_code == 404


def _outbox(runtime, event_type: str):
    with runtime.uow() as uow:
        rows = uow.session.execute(select(uow.bus.outbox.c.envelope).where(uow.bus.outbox.c.event_type == event_type))
        [envelope] = [row[0] for row in rows]
    return parse_envelope(envelope)


def _docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("word/document.xml").decode("utf-8")


def test_the_committees_members_learn_that_a_round_waits_for_their_points_until_it_closes(
        runtime, lejre, award_round, nominations):
    def announced() -> list[tuple]:
        with runtime.uow() as uow:
            rows = uow.session.execute(select(uow.bus.outbox.c.envelope).where(
                uow.bus.outbox.c.event_type == "awards.round.changed.v1").order_by(uow.bus.outbox.c.id))
            events = [parse_envelope(row[0]).data for row in rows]
        return [(e["round_id"], e["committee_id"], e["open"]) for e in events]

    committee_id = uuid.UUID(str(lejre.committee["id"]))
    assert announced() == [(award_round, committee_id, True)]

    with runtime.uow() as uow:
        close_round(uow, lejre.secretary(), award_round, utcnow())

    assert announced() == [(award_round, committee_id, True), (award_round, committee_id, False)]
