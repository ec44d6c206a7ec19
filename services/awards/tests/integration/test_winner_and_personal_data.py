"""The committee's decision names the winner; the public sees it after the ceremony.
Nominators' contact data goes after the configured months, and can be exported."""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import select

from services.awards.commands import purge_personal_data
from services.awards.domain.retention import add_months
from services.awards.models import AwardRound, Nomination
from services.awards.operations.personal_data import export_for_email, purge_expired
from services.awards.operations.rounds import close_round
from services.awards.tests.conftest import ZONE, hidden_fields, log_in, nominate
from shared.auth import Principal
from shared.db.types import utcnow
from shared.errors import Forbidden
from shared.events import build_envelope, parse_envelope

pytestmark = pytest.mark.integration


@pytest.fixture
def closed_round(runtime, lejre, award_round):
    winner = nominate(runtime, award_round, email="anne@example.org", attachment=None)
    nominate(runtime, award_round, company="Osted Maskinstation I/S", cvr="29503613", email="Jens@Example.org")
    with runtime.uow() as uow:
        close_round(uow, lejre.secretary(), award_round, utcnow())
    return award_round, winner


def decide(runtime, round_id, candidate_id, reason="For sin indsats for unge i Lejre.", decided_on=date(2030, 4, 15),
           item_id=None, recorded_at=None):
    """The decisions service's event: the committee decided on the award's item (by
    default an item this service did not ask for), naming a winner or none."""
    runtime.consumer().handle(build_envelope("decisions.decision.recorded.v1", {
        "meeting_id": uuid.uuid4(), "item_id": item_id or uuid.uuid4(), "committee_id": uuid.uuid4(),
        "decided_on": decided_on, "text": "Udvalget valgte vinderen.", "point_answers": [], "closed": True,
        "award_winner": None if candidate_id is None else {
            "round_id": round_id, "candidate_id": candidate_id, "company_name": "Hvalsø Tømrer & Snedker ApS",
            "cvr": "34175829", "reason": reason},
        "recorded_at": recorded_at,
    }, source="/udvalg/decisions"))


def _round(runtime, round_id) -> AwardRound:
    with runtime.uow() as uow:
        found = uow.session.get(AwardRound, round_id)
        uow.session.expunge(found)
        return found


def _outbox(runtime, event_type: str) -> list:
    with runtime.uow() as uow:
        rows = uow.session.execute(select(uow.bus.outbox.c.envelope).where(uow.bus.outbox.c.event_type == event_type)
                                   .order_by(uow.bus.outbox.c.id))
        return [parse_envelope(row[0]) for row in rows]


def test_the_decision_event_records_the_winner_and_schedules_the_ceremony(runtime, lejre, closed_round):
    round_id, winner = closed_round

    decide(runtime, round_id, winner)

    found = _round(runtime, round_id)
    assert (found.state, found.winner_id, found.decided_on) == ("decided", winner, date(2030, 4, 15))
    assert found.winner_reason == "For sin indsats for unge i Lejre."
    [ceremony] = _outbox(runtime, "awards.ceremony.scheduled.v1")
    assert ceremony.data["committee_id"] == uuid.UUID(str(lejre.committee["id"]))
    assert ceremony.data["date"] == found.ceremony_on and ceremony.data["title"].startswith("Overrækkelse af")
    assert "Hvalsø" not in json.dumps(ceremony.data, default=str), "the winner is not told before the ceremony"


def test_decisions_without_a_winner_or_with_a_foreign_candidate_change_nothing(runtime, lejre, closed_round):
    round_id, _winner = closed_round
    stranger = uuid.uuid4()

    decide(runtime, round_id, None)
    decide(runtime, round_id, stranger)

    found = _round(runtime, round_id)
    assert (found.state, found.winner_id) == ("closed", None)
    assert _outbox(runtime, "awards.ceremony.scheduled.v1") == []


def test_a_later_decision_naming_no_winner_takes_the_winner_back_and_calls_the_ceremony_off(
        client, runtime, closed_round):
    round_id, winner = closed_round
    item_id = _round(runtime, round_id).agenda_item_id
    first = datetime(2030, 4, 15, 17, 0, tzinfo=ZONE)
    decide(runtime, round_id, winner, item_id=item_id, recorded_at=first)
    _ceremony(runtime, round_id, datetime.now(ZONE).date() - timedelta(days=1))

    decide(runtime, round_id, None, item_id=item_id, recorded_at=first + timedelta(minutes=5))

    found = _round(runtime, round_id)
    assert (found.state, found.winner_id, found.winner_reason, found.decided_on) == ("closed", None, None, None)
    scheduled, called_off = _outbox(runtime, "awards.ceremony.scheduled.v1")
    assert (scheduled.data["cancelled"], called_off.data["cancelled"]) == (False, True)
    page = client.get(f"/virksomhedspris/lejre/{found.year}/").get_data(as_text=True)
    assert "Vinderen:" not in page and "Hvalsø" not in page
    assert client.get("/api/v1/municipalities/lejre/rounds").json[0]["winner"] is None


def test_a_later_decision_naming_another_winner_replaces_the_first(runtime, closed_round):
    round_id, first_winner = closed_round
    item_id = _round(runtime, round_id).agenda_item_id
    with runtime.uow() as uow:
        other = uow.session.scalar(select(Nomination.id).where(Nomination.round_id == round_id,
                                                               Nomination.id != first_winner))
    at = datetime(2030, 4, 15, 17, 0, tzinfo=ZONE)
    decide(runtime, round_id, first_winner, item_id=item_id, recorded_at=at)

    decide(runtime, round_id, other, reason="Osted Maskinstation for lærlingene.", item_id=item_id,
           recorded_at=at + timedelta(minutes=1))

    found = _round(runtime, round_id)
    assert (found.state, found.winner_id, found.winner_reason) == ("decided", other, "Osted Maskinstation for lærlingene.")


def test_an_older_decision_arriving_late_does_not_overturn_the_latest(runtime, closed_round):
    round_id, winner = closed_round
    item_id = _round(runtime, round_id).agenda_item_id
    at = datetime(2030, 4, 15, 17, 0, tzinfo=ZONE)
    decide(runtime, round_id, winner, item_id=item_id, recorded_at=at + timedelta(minutes=5))

    decide(runtime, round_id, None, item_id=item_id, recorded_at=at)

    assert (_round(runtime, round_id).state, _round(runtime, round_id).winner_id) == ("decided", winner)


def _ceremony(runtime, round_id, day: date) -> None:
    with runtime.uow() as uow:
        uow.session.get(AwardRound, round_id).ceremony_on = day
        uow.commit()


def test_the_public_page_shows_the_winner_and_reason_only_after_the_ceremony(client, runtime, closed_round):
    round_id, winner = closed_round
    decide(runtime, round_id, winner)
    path = f"/virksomhedspris/lejre/{_round(runtime, round_id).year}/"
    today = datetime.now(ZONE).date()

    _ceremony(runtime, round_id, today)
    before = client.get(path).get_data(as_text=True)
    assert "Hvalsø" not in before and "Vinderen offentliggøres efter prisoverrækkelsen" in before
    assert client.get("/api/v1/municipalities/lejre/rounds").json[0]["winner"] is None

    _ceremony(runtime, round_id, today - timedelta(days=1))
    after = client.get(path).get_data(as_text=True)
    assert "Vinderen: Hvalsø Tømrer &amp; Snedker ApS" in after and "For sin indsats for unge i Lejre." in after
    assert "anne@example.org" not in after and "Anne Holm" not in after
    [listed] = client.get("/api/v1/municipalities/lejre/rounds").json
    assert listed["winner"] == {"company_name": "Hvalsø Tømrer & Snedker ApS", "cvr": "34175829"}
    assert "nominator" not in json.dumps(listed)


def test_moving_a_decided_rounds_ceremony_moves_it_in_the_calendar(app, client, runtime, lejre, closed_round):
    round_id, winner = closed_round
    decide(runtime, round_id, winner)
    log_in(app, client, lejre.secretary())
    page = client.get(f"/sekretariat/runder/{round_id}").get_data(as_text=True)
    new_day = date.today() + timedelta(days=100)

    client.post(f"/sekretariat/runder/{round_id}/overraekkelse", data={
        **hidden_fields(page), "ceremony_on": new_day.isoformat(), "ceremony_time": "14:00", "ceremony_place": "Hvalsø"})

    events = _outbox(runtime, "awards.ceremony.scheduled.v1")
    assert [(e.data["date"], e.data["place"]) for e in events][-1] == (new_day, "Hvalsø")


def _nominators(runtime, round_id) -> list[tuple]:
    with runtime.uow() as uow:
        return [(n.nominator_name, n.nominator_email, n.nominator_phone, n.attachment_name, n.anonymised_at is not None)
                for n in uow.session.scalars(select(Nomination).where(Nomination.round_id == round_id))]


def test_contact_data_is_deleted_the_configured_months_after_the_round_ended(runtime, closed_round):
    round_id, _winner = closed_round
    due = add_months(_round(runtime, round_id).ceremony_on, 6)

    with runtime.uow() as uow:
        assert purge_expired(uow, 6, datetime.combine(due - timedelta(days=1), time(23, 0), tzinfo=ZONE)).nominations == 0
    assert all(name for name, *_ in _nominators(runtime, round_id))

    with runtime.uow() as uow:
        result = purge_expired(uow, 6, datetime.combine(due, time(0, 30), tzinfo=ZONE))
    assert (result.rounds, result.nominations) == (1, 2)
    assert _nominators(runtime, round_id) == [(None, None, None, None, True)] * 2
    with runtime.uow() as uow:
        nomination = uow.session.scalar(select(Nomination).where(Nomination.round_id == round_id))
        assert nomination.company_name and nomination.reasons[0], "the round's history stays"
        assert purge_expired(uow, 6, utcnow() + timedelta(days=3650)).rounds == 0, "a purged round is skipped"


def test_the_purge_command_leaves_open_rounds_alone(runtime, award_round, capsys):
    nominate(runtime, award_round)

    purge_personal_data(runtime, ["--months", "0"])

    assert "0 indstillinger fra 0 runder" in capsys.readouterr().out
    assert _nominators(runtime, award_round)[0][0] == "Anne Holm"


def test_the_purge_command_deletes_what_is_due(runtime, closed_round, capsys):
    round_id, _winner = closed_round
    with runtime.uow() as uow:
        round_ = uow.session.get(AwardRound, round_id)
        round_.opens_at, round_.closes_at = utcnow() - timedelta(days=500), utcnow() - timedelta(days=450)
        round_.ceremony_on = date.today() - timedelta(days=400)
        uow.commit()

    purge_personal_data(runtime, ["--months", "12"])

    assert "2 indstillinger fra 1 runder" in capsys.readouterr().out
    assert all(anonymised for *_, anonymised in _nominators(runtime, round_id))


def test_the_secretariat_exports_everything_held_about_one_email(app, client, runtime, lejre, closed_round):
    log_in(app, client, lejre.secretary())
    page = client.get("/sekretariat/persondata").get_data(as_text=True)

    response = client.post("/sekretariat/persondata", data={**hidden_fields(page), "email": "jens@EXAMPLE.org"})

    assert response.status_code == 200 and response.headers["Content-Disposition"].startswith("attachment")
    export = json.loads(response.data)
    [held] = export["indstillinger"]
    assert held["indstiller"]["e-mail"] == "jens@example.org" and held["virksomhed"]["navn"] == "Osted Maskinstation I/S"
    assert held["samtykke"] == "Samtykke." and held["begrundelser"][0]["tekst"] == "Har ansat tre fra Lejre."
    assert "anne@example.org" not in response.get_data(as_text=True)


def test_another_municipality_cannot_export(runtime, lejre, closed_round):
    outsider = Principal(role="secretary", user_id=uuid.uuid4(), municipality_id=uuid.uuid4())
    with runtime.uow() as uow, pytest.raises(Forbidden):
        export_for_email(uow.session, outsider, lejre.municipality_id, "jens@example.org")
