"""Only a service may speak for itself: agenda's source owns agenda.*, and so on. The rule
lives in shared/events/ownership.py; producers and consumers both apply it."""

from __future__ import annotations

import pytest

from shared.events import (
    EVENT_SCHEMAS,
    ForeignEvent,
    InvalidEvent,
    build_envelope,
    parse_envelope,
    source_of,
)
from shared.events.agenda import AGENDA_EVENTS
from shared.events.awards import AWARDS_EVENTS
from shared.events.decisions import DECISIONS_EVENTS
from shared.events.ownership import owner_of
from shared.tests.factories import MEETING_SCHEDULED, meeting_scheduled_data


def test_every_event_type_is_owned_by_the_service_whose_catalogue_defines_it():
    catalogues = {"agenda": AGENDA_EVENTS, "decisions": DECISIONS_EVENTS, "awards": AWARDS_EVENTS}
    assert set(EVENT_SCHEMAS) == {event_type for types in catalogues.values() for event_type in types}
    for service, types in catalogues.items():
        assert {owner_of(event_type) for event_type in types} == {service}


def test_a_service_cannot_build_an_event_it_does_not_own():
    with pytest.raises(ForeignEvent, match="only '/udvalg/agenda' may"):
        build_envelope(MEETING_SCHEDULED, meeting_scheduled_data(), source=source_of("awards"))


@pytest.mark.parametrize("source", ["/udvalg/awards", "/udvalg/decisions", "/udvalg/agenda/", "agenda"])
def test_an_envelope_whose_source_does_not_own_its_type_is_refused_as_foreign(source):
    envelope = build_envelope(MEETING_SCHEDULED, meeting_scheduled_data(), source=source_of("agenda"))
    envelope["source"] = source

    with pytest.raises(ForeignEvent) as refused:
        parse_envelope(envelope)
    assert isinstance(refused.value, InvalidEvent), "never retried"
    assert refused.value.reason == "foreign-source"


def test_the_owner_s_own_envelope_is_accepted():
    envelope = build_envelope(MEETING_SCHEDULED, meeting_scheduled_data(), source=source_of("agenda"))
    assert parse_envelope(envelope).source == "/udvalg/agenda"
