"""The actor in the envelope: written from the bound actor, read back, and absent from
envelopes written before actors existed without making them unreadable."""

from __future__ import annotations

import uuid

from shared.actor import ANONYMOUS_ACTOR, SYSTEM_ACTOR, Actor, acting, actor_of_event, current_actor
from shared.auth import ANONYMOUS, Principal
from shared.events import build_envelope, parse_envelope
from shared.tests.factories import MEETING_SCHEDULED, meeting_scheduled_data


def test_the_envelope_carries_the_actor_and_reads_it_back():
    user = uuid.uuid4()
    envelope = build_envelope(MEETING_SCHEDULED, meeting_scheduled_data(), source="/udvalg/agenda",
                              actor_id=str(user), actor_name="Udvalgssekretær")
    parsed = parse_envelope(envelope)
    assert (parsed.actorid, parsed.actorname) == (str(user), "Udvalgssekretær")


def test_an_envelope_from_before_actors_is_readable_and_counts_as_the_system():
    envelope = build_envelope(MEETING_SCHEDULED, meeting_scheduled_data(), source="/udvalg/agenda")
    del envelope["actorid"], envelope["actorname"]
    parsed = parse_envelope(envelope)
    assert actor_of_event(parsed.actorid, parsed.actorname) == SYSTEM_ACTOR


def test_a_principal_becomes_an_actor_and_a_handler_acts_for_the_causing_actor():
    secretary = Principal(role="secretary", user_id=uuid.uuid4(), name="Sekretær")
    assert Actor.of(secretary) == Actor(str(secretary.user_id), "Sekretær")
    assert Actor.of(ANONYMOUS) == ANONYMOUS_ACTOR
    assert current_actor() == SYSTEM_ACTOR
    with acting(Actor.of(secretary)):
        assert current_actor().name == "Sekretær"
    assert current_actor() == SYSTEM_ACTOR


def test_an_event_a_handler_emits_names_the_causing_events_actor(tmp_path):
    from sqlalchemy import select

    from shared.bus.consumer import EventConsumer
    from shared.tests.miniservice import MiniService

    service = MiniService(f"sqlite:///{tmp_path / 'mini.sqlite'}")

    def handler(uow, event) -> None:
        uow.publish(MEETING_SCHEDULED, meeting_scheduled_data())

    consumer = EventConsumer("test", service.uow, {MEETING_SCHEDULED: handler})
    causing = build_envelope(MEETING_SCHEDULED, meeting_scheduled_data(), source="/udvalg/agenda",
                             actor_id="u-1", actor_name="Udvalgssekretær")
    consumer.handle(causing)

    with service.engine.connect() as conn:
        [emitted] = [row.envelope for row in conn.execute(select(service.bus.outbox.c.envelope))]
    assert (emitted["actorid"], emitted["actorname"]) == ("u-1", "Udvalgssekretær")
    assert current_actor() == SYSTEM_ACTOR, "the consumer's actor ends with the event"
