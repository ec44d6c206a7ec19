"""A forged event cannot freeze another service's copy: measured from outside, an
agenda.meeting.rescheduled.v1 dated 2099 sent by someone other than the agenda service made
the decisions service's meeting copy ignore every real reschedule after it. Now the
consumer dead-letters it (its source does not own the type), and the real reschedule
applies; here on the embedded transport, the same consumer code as under RabbitMQ."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from services.decisions.bootstrap import MIGRATIONS, build_runtime
from services.decisions.models import MeetingCopy
from shared.bus.inprocess import InProcessBus
from shared.config import Settings
from shared.db.migrate import upgrade_to_head
from shared.events import build_envelope, source_of
from shared.tests.agenda_events import AgendaEvents

pytestmark = pytest.mark.integration

RESCHEDULED = "agenda.meeting.rescheduled.v1"


@pytest.fixture
def decisions(pg_template, fresh_database):
    url = fresh_database(pg_template("decisions", lambda u: upgrade_to_head(u, MIGRATIONS)))
    runtime = build_runtime(Settings.for_service("decisions", database_url=url, broker_url=None, secret_key="t"))
    yield runtime
    runtime.dispose()


def rescheduled(meeting: dict, place: str, updated_at: datetime) -> dict:
    return {"meeting": {**meeting, "place": place, "sequence": meeting["sequence"] + 1, "updated_at": updated_at},
            "previous": {"date": meeting["date"], "starts_at": meeting["starts_at"], "ends_at": None,
                         "place": meeting["place"]}}


def test_a_forged_reschedule_dated_2099_is_dead_lettered_and_the_real_one_applies(decisions):
    consumer = decisions.consumer()
    agenda = AgendaEvents(consumer)
    bus = InProcessBus(retry_delays=())
    bus.subscribe(consumer)
    agenda.municipality()
    committee = agenda.committee()
    meeting = agenda.meeting(committee, day=date(2031, 3, 4), status="planned", agenda_version=0)
    agenda.send("agenda.meeting.scheduled.v1", {"meeting": meeting})

    forged = build_envelope(RESCHEDULED, rescheduled(meeting, "Et andet sted", datetime(2099, 1, 1, tzinfo=UTC)),
                            source=source_of("agenda"))
    forged["source"] = source_of("awards")  # sent with another service's account and name
    bus.publish(forged, routing_key=RESCHEDULED)
    real = build_envelope(RESCHEDULED, rescheduled(meeting, "Rådhuset, lokale 2", datetime.now(UTC)),
                          source=source_of("agenda"))
    bus.publish(real, routing_key=RESCHEDULED)

    with decisions.uow() as uow:
        copy = uow.session.scalar(select(MeetingCopy).where(MeetingCopy.id == meeting["id"]))
        assert copy is not None
        assert copy.place == "Rådhuset, lokale 2"
        assert copy.source_updated_at.year != 2099
    dead = decisions.bus_tables.dead_letters
    with decisions.engine.connect() as conn:
        [(event_id, error)] = conn.execute(select(dead.c.event_id, dead.c.error)).all()
    assert event_id == forged["id"] and error.startswith("foreign-source")
