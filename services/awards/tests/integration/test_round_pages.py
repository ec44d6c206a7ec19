"""The secretariat sets up a round on its pages: values in Danish forms, mistakes answered
beside their fields with what was typed kept."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from sqlalchemy import select

from services.awards.models import AwardRound
from services.awards.operations.rounds import update_round
from services.awards.tests.conftest import (
    CRITERIA,
    ZONE,
    hidden_fields,
    log_in,
    nominate,
    round_values,
)
from shared.errors import Invalid

pytestmark = pytest.mark.integration


def round_form(lejre, **changes) -> dict:
    today = date.today()
    fields = {
        "year": "2031", "title": "Virksomhedspris 2031", "description": "Prisen til en rummelig virksomhed.",
        "criteria": "at virksomheden skaber job\n\nat virksomheden uddanner unge\n", "prize_amount": "10000",
        "budget": "Kunstværk af lokal kunstner | 5.000 kr.\nTraktement | 5000",
        "opens_on": today.isoformat(), "opens_time": "00:00",
        "closes_on": (today + timedelta(days=30)).isoformat(), "closes_time": "23:59",
        "case_number": "31/00042", "committee_id": str(lejre.committee["id"]), "meeting_id": str(lejre.meeting["id"]),
        "ceremony_on": (today + timedelta(days=90)).isoformat(), "ceremony_time": "15:00",
        "ceremony_place": "Allerslev rådhus", "shortlist_size": "5",
    }
    fields.update(changes)
    return fields


def test_a_secretary_creates_a_round(app, client, runtime, lejre):
    log_in(app, client, lejre.secretary())
    page = client.get("/sekretariat/runder/ny").get_data(as_text=True)

    response = client.post("/sekretariat/runder/ny", data={**hidden_fields(page), **round_form(lejre)})

    assert response.status_code == 302
    with runtime.uow() as uow:
        created = uow.session.scalar(select(AwardRound))
        assert (created.title, created.state, created.criteria) == (
            "Virksomhedspris 2031", "open", ["at virksomheden skaber job", "at virksomheden uddanner unge"])
        assert created.budget_lines == [{"label": "Kunstværk af lokal kunstner", "amount": 5000},
                                        {"label": "Traktement", "amount": 5000}]
        assert created.opens_at.astimezone(ZONE).time() == time(0, 0), "midnight in Copenhagen"
        assert created.ceremony_time == time(15, 0)


def test_a_bad_budget_line_a_deadline_before_the_opening_and_a_word_for_a_number_are_refused_in_danish(app, client, runtime, lejre):
    log_in(app, client, lejre.secretary())
    page = client.get("/sekretariat/runder/ny").get_data(as_text=True)
    yesterday = (date.today() - timedelta(days=1)).isoformat()

    bad_budget = client.post("/sekretariat/runder/ny", data={
        **hidden_fields(page), **round_form(lejre, budget="Traktement | fem tusind")})
    bad_dates = client.post("/sekretariat/runder/ny", data={
        **hidden_fields(page), **round_form(lejre, closes_on=yesterday)})

    assert bad_budget.status_code == 422
    assert 'id="budget-error"' in bad_budget.get_data(as_text=True) and "Linje 1" in bad_budget.get_data(as_text=True)
    assert "Traktement | fem tusind" in bad_budget.get_data(as_text=True)
    assert bad_dates.status_code == 422
    assert "Fristen skal ligge efter åbningen." in bad_dates.get_data(as_text=True)
    bad_number = client.post("/sekretariat/runder/ny", data={**hidden_fields(page), **round_form(lejre, prize_amount="ti")})
    assert bad_number.status_code == 422 and "Skriv et helt tal." in bad_number.get_data(as_text=True)
    with runtime.uow() as uow:
        assert uow.session.scalar(select(AwardRound)) is None


def test_a_second_open_round_is_refused_with_a_danish_message(app, client, runtime, lejre, award_round):
    log_in(app, client, lejre.secretary())
    page = client.get("/sekretariat/runder/ny").get_data(as_text=True)
    assert "\n".join(CRITERIA) in page, "a new round starts from the last one's criteria"

    response = client.post("/sekretariat/runder/ny", data={**hidden_fields(page), **round_form(lejre)})

    assert response.status_code == 409 and "er stadig åben" in response.get_data(as_text=True)


def test_the_number_of_criteria_is_fixed_once_nominations_have_come(runtime, lejre, award_round):
    nominate(runtime, award_round)
    with runtime.uow() as uow, pytest.raises(Invalid) as refused:
        update_round(uow, lejre.secretary(), award_round, round_values(lejre, criteria=CRITERIA[:2]))
    assert "criteria" in refused.value.errors


def test_pages_for_the_secretariat_need_a_login_and_the_right_role(app, client, lejre, award_round):
    anonymous = client.get(f"/sekretariat/runder/{award_round}")
    assert anonymous.status_code == 302 and "/agenda/login?next=/sekretariat/runder/" in anonymous.headers["Location"]
    log_in(app, client, lejre.member("Steen Hansen"))
    assert client.get(f"/sekretariat/runder/{award_round}").status_code == 403
    assert client.get(f"/bedoemmelse/runder/{award_round}").status_code == 200
