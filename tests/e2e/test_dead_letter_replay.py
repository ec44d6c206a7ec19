"""An operator's dead letter, end to end on a plain RabbitMQ: the decisions worker gives up
an event it cannot handle yet (a meeting of a committee it has not heard of), the
operator lists it with `python -m services.decisions dead-letters`, fixes the cause (the
committee's event arrives) and replays it: handled exactly once."""

from __future__ import annotations

import uuid

import pytest
from kombu import Connection
from sqlalchemy import create_engine, text

from services.decisions.bootstrap import MIGRATIONS as DECISIONS_MIGRATIONS
from shared.bus.topology import EVENTS_EXCHANGE, consumer_queues
from shared.db.engine import normalise_url
from shared.db.migrate import upgrade_to_head
from shared.events import build_envelope
from shared.tests.factories import MEETING_SCHEDULED, meeting_scheduled_data
from tests.support.fixtures import wait_for
from tests.support.processes import Processes

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.messaging]

AGENDA = "/udvalg/agenda"


def publish_as_agenda(broker_url: str, envelope: dict) -> None:
    with Connection(broker_url, transport_options={"confirm_publish": True}) as conn:
        conn.Producer().publish(envelope, exchange=EVENTS_EXCHANGE, routing_key=envelope["type"],
                                serializer="json", delivery_mode=2, message_id=envelope["id"])


def dead_queue_length(broker_url: str) -> int:
    with Connection(broker_url) as conn:
        return consumer_queues("decisions", []).dead(conn.default_channel).queue_declare(passive=True).message_count


def test_operator_replays_a_dead_letter_after_fixing_its_cause_and_it_is_handled_once(
    tmp_path, pg_template, fresh_database, broker_url
):
    database_url = fresh_database(pg_template("decisions", lambda u: upgrade_to_head(u, DECISIONS_MIGRATIONS)))
    processes = Processes(tmp_path, {
        "DECISIONS_DATABASE_URL": database_url, "UDVALG_BROKER_URL": broker_url, "UDVALG_SECRET_KEY": "e2e",
        "UDVALG_VAR_DIR": str(tmp_path / "var"), "UDVALG_RETRY_DELAYS": "0.1,0.2",
    })
    engine = create_engine(normalise_url(database_url))

    def count(sql: str) -> int:
        with engine.connect() as conn:
            return conn.execute(text(sql)).scalar_one()

    def dead_letters(*args: str) -> str:
        return processes.run("dead-letters", "-m", "services.decisions", "dead-letters", *args).stdout

    try:
        processes.run("decisions-migrate", "-m", "services.decisions", "migrate")
        processes.start("decisions-worker", "-m", "services.decisions", "worker")
        committee_id = uuid.uuid4()
        meeting = build_envelope(MEETING_SCHEDULED, meeting_scheduled_data(committee_id=committee_id), source=AGENDA)
        publish_as_agenda(broker_url, meeting)
        wait_for(lambda: dead_queue_length(broker_url) == 1, timeout=60, message="the dead letter")

        listing = dead_letters("list")
        assert meeting["id"] in listing
        assert "failed" in listing and "attempts 3" in listing and "decisions" in listing
        assert count("SELECT count(*) FROM meeting_copies") == 0

        committee = build_envelope("agenda.committee.created.v1", {"committee": {
            "id": committee_id, "municipality_id": uuid.uuid4(), "municipality_slug": "lejre",
            "name": "Udvalget for Job & Arbejdsmarked", "code": "JA", "members": []}}, source=AGENDA)
        publish_as_agenda(broker_url, committee)
        wait_for(lambda: count("SELECT count(*) FROM committee_copies") == 1, timeout=30, message="the committee")

        assert f"replayed {meeting['id']}" in dead_letters("replay", "--id", meeting["id"])
        wait_for(lambda: count("SELECT count(*) FROM meeting_copies") == 1, timeout=30, message="the replayed meeting")
        assert "0 dead letter(s)" in dead_letters("list")
        assert "0 dead letter(s) replayed" in dead_letters("replay", "--all")
        assert count("SELECT count(*) FROM meeting_copies") == 1
        assert count(f"SELECT count(*) FROM inbox WHERE event_id = '{meeting['id']}'") == 1
    finally:
        processes.stop_all()
        engine.dispose()
