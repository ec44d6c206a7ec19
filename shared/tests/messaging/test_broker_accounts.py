"""The per-service broker accounts that deploy/rabbitmq/accounts.sh makes (for Compose,
Kubernetes and the local production script alike): each service publishes only its own
event types, reaches no other service's queue, and still does all its own work (relay,
consumer, retries, dead letters, the dead-letters command)."""

from __future__ import annotations

import os
import secrets
import subprocess
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from kombu import Connection, Queue

from shared.bus.dead_letters import BrokerDeadLetters, run_command
from shared.bus.topology import EVENTS_EXCHANGE, broker_connection, consumer_queues, declare
from shared.events import build_envelope, source_of
from shared.tests.factories import MEETING_SCHEDULED, meeting_scheduled_data
from shared.tests.messaging.broker import (
    ObservedConsumer,
    RunningWorker,
    queue_counts,
    start_consumer_worker,
)
from tests.support import servers
from tests.support.fixtures import wait_for

pytestmark = [pytest.mark.integration, pytest.mark.messaging]

ACCOUNTS_SCRIPT = Path(__file__).resolve().parents[3] / "deploy" / "rabbitmq" / "accounts.sh"
DECISION_RECORDED = "decisions.decision.recorded.v1"


@pytest.fixture
def vhost():
    """A vhost of this test's own, so that the services' real queue names are free."""
    name = f"udvalg_test_{servers.RUN_ID}_accounts_{uuid.uuid4().hex[:6]}"
    admin_url = servers.create_vhost(name)
    yield name, admin_url
    servers.delete_vhost(name)


@pytest.fixture
def accounts(vhost):
    """The agenda and decisions accounts on the vhost, as accounts.sh makes them; their URLs."""
    name, admin_url = vhost
    prefix = f"udvalg-test-{uuid.uuid4().hex[:8]}-"
    passwords = {service: secrets.token_hex(12) for service in ("agenda", "decisions")}
    env = {**os.environ, "UDVALG_RABBITMQ_VHOST": name, "UDVALG_RABBITMQ_USER_PREFIX": prefix,
           "UDVALG_SERVICES": " ".join(passwords),
           **{f"{service.upper()}_BROKER_PASSWORD": password for service, password in passwords.items()}}
    subprocess.run(["bash", str(ACCOUNTS_SCRIPT)], env=env, check=True, capture_output=True, timeout=120)
    broker = urlsplit(admin_url)
    yield {service: urlunsplit(broker._replace(netloc=f"{prefix}{service}:{password}@{broker.hostname}:{broker.port}"))
           for service, password in passwords.items()}
    for service in passwords:
        subprocess.run(["rabbitmqctl", "-q", "delete_user", f"{prefix}{service}"], check=False,
                       capture_output=True, timeout=60)


def refused(url: str, exchange: str, routing_key: str) -> str | None:
    """Publish one confirmed message as the account of `url`: None if the broker took it,
    else the error it answered with."""
    envelope = build_envelope(MEETING_SCHEDULED, meeting_scheduled_data(), source=source_of("agenda"))
    try:
        with broker_connection(url) as conn:
            conn.Producer().publish(envelope, exchange=exchange, routing_key=routing_key, serializer="json",
                                    timeout=10)
    except Exception as exc:  # noqa: BLE001 - the refusal is the answer
        return repr(exc)
    return None


def test_each_account_publishes_its_own_events_only_and_reaches_no_other_queue(vhost, accounts):
    _, admin_url = vhost
    queues = consumer_queues("decisions", [MEETING_SCHEDULED, DECISION_RECORDED])
    with Connection(admin_url) as conn:
        declare(conn, queues)

    assert refused(accounts["agenda"], EVENTS_EXCHANGE.name, MEETING_SCHEDULED) is None
    assert "ACCESS_REFUSED" in str(refused(accounts["agenda"], EVENTS_EXCHANGE.name, DECISION_RECORDED))
    assert "ACCESS_REFUSED" in str(refused(accounts["agenda"], "", "udvalg.decisions")), "no default exchange"
    assert "ACCESS_REFUSED" in str(refused(accounts["agenda"], "udvalg.decisions.consumer", "replay"))
    assert refused(accounts["decisions"], EVENTS_EXCHANGE.name, DECISION_RECORDED) is None
    assert queue_counts(admin_url, queues.main)[0] == 2, "only what each account owns arrived"

    with broker_connection(accounts["agenda"]) as conn, pytest.raises(Exception, match="ACCESS_REFUSED"):
        Queue("udvalg.decisions", no_declare=True)(conn.default_channel).get()
    with broker_connection(accounts["agenda"]) as conn, pytest.raises(Exception, match="ACCESS_REFUSED"):
        Queue("udvalg.agenda.mine", durable=True)(conn.default_channel).declare()


def test_a_service_does_all_its_own_work_with_its_account(vhost, accounts, service, publisher_factory):
    _, admin_url = vhost
    broken = {"on": True}

    def handler(uow, event) -> None:
        if broken["on"]:
            raise RuntimeError("not yet")
        service.record(uow, event)

    consumer = ObservedConsumer("decisions", service.uow, {MEETING_SCHEDULED: handler})
    queues = consumer_queues("decisions", consumer.binding_keys)
    with Connection(admin_url) as conn:
        declare(conn, queues)  # as `migrate` does, with the administrator's account
    worker: RunningWorker = start_consumer_worker(consumer, accounts["decisions"], admin_url, retry_delays=(0.05,))
    try:
        relay = service.relay(publisher_factory(accounts["agenda"]))
        event_id = service.commit_meeting_scheduled()
        assert relay.publish_pending() == 1, "the agenda account's relay publishes agenda events"
        wait_for(lambda: queue_counts(admin_url, queues.dead)[0] == 1, message="retried, then dead-lettered")

        broken["on"] = False
        out: list[str] = []
        dead_letters = BrokerDeadLetters(accounts["decisions"], "decisions")
        assert run_command(dead_letters, "replay", [event_id], False, out=out.append) == 1, out
        wait_for(lambda: service.received_event_ids() == [event_id], message="the replayed event")
    finally:
        worker.stop()
