"""The demo: Lejre's Virksomhedspris 2019 from the reference minutes, decided, and this
year's round open for nominations on the day the demo is loaded."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from services.awards.demo.load import load_demo
from services.awards.domain.window import WindowState, window_state
from services.awards.models import AwardRound, Nomination
from services.awards.operations.review import candidate_groups
from shared.db.types import utcnow
from shared.tests.agenda_events import AgendaEvents

pytestmark = pytest.mark.integration

JA = (("Christian Plank", "V"), ("Martin Stokholm", "A"), ("Henrik Nielsen", "F"), ("Steen Hansen", "O"))


@pytest.fixture
def lejre_events(runtime):
    agenda = AgendaEvents(runtime.consumer())
    agenda.municipality()
    committee = agenda.committee(members=JA)
    agenda.send("agenda.meeting.scheduled.v1", {"meeting": agenda.meeting(committee, day=date(2020, 4, 15))})


def test_the_demo_holds_the_2019_round_decided_and_a_round_open_today(runtime, lejre_events):
    assert load_demo(runtime, timeout=1) is True

    with runtime.uow() as uow:
        past, current = uow.session.scalars(select(AwardRound).order_by(AwardRound.year)).all()
        assert (past.title, past.state, past.prize_amount) == ("Virksomhedspris 2019", "decided", 10000)
        assert len(past.criteria) == 6 and past.criteria[4].startswith("at virksomheden har oprettet uddannelsesplads")
        assert [line["amount"] for line in past.budget_lines] == [5000] * 4
        winner = uow.session.get(Nomination, past.winner_id)
        assert winner.company_name == "Hvalsø Tømrer & Snedker ApS" and past.winner_reason
        assert len(uow.session.scalars(select(Nomination).where(Nomination.round_id == past.id)).all()) == 7
        assert len(candidate_groups(uow.session, past)) == 3

        assert current.year == datetime.now().year and current.state == "open"
        assert window_state(current.opens_at, current.closes_at, utcnow()) is WindowState.OPEN

    assert load_demo(runtime, timeout=1) is False, "loading again adds nothing"


def test_without_the_agenda_services_events_the_demo_waits_and_skips(runtime):
    assert load_demo(runtime, timeout=0.3) is False
