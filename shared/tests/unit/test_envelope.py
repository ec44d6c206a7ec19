"""The CloudEvents envelope every event travels in: validated at the producer,
checked and loaded at the consumer."""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime

import pytest

from shared.events import InvalidEvent, build_envelope, parse_envelope
from shared.events.envelope import SPEC_VERSION
from shared.tests.factories import MEETING_SCHEDULED, meeting_scheduled_data

SOURCE = "/udvalg/agenda"  # the owner of the agenda.* events the tests use


def _envelope(**kwargs) -> dict:
    return build_envelope(MEETING_SCHEDULED, meeting_scheduled_data(), source=SOURCE, **kwargs)


def test_envelope_carries_the_cloudevents_attributes_and_the_correlation_id():
    envelope = build_envelope(
        MEETING_SCHEDULED,
        meeting_scheduled_data(),
        source=SOURCE,
        subject="meeting/42",
        correlation_id="req-123",
    )

    assert {"id", "source", "type", "specversion", "time", "subject", "data", "correlationid"} <= set(envelope)
    assert uuid.UUID(envelope["id"])
    assert envelope["source"] == SOURCE
    assert envelope["type"] == MEETING_SCHEDULED
    assert envelope["specversion"] == SPEC_VERSION == "1.0"
    assert envelope["subject"] == "meeting/42"
    assert envelope["correlationid"] == "req-123"
    assert envelope["datacontenttype"] == "application/json"
    sent_at = datetime.fromisoformat(envelope["time"])
    assert sent_at.utcoffset() is not None, "time must carry its offset"


def test_envelope_is_plain_json():
    envelope = _envelope()

    assert json.loads(json.dumps(envelope)) == envelope
    assert isinstance(envelope["data"]["meeting"]["id"], str)
    assert envelope["data"]["meeting"]["date"] == "2020-01-08"


def test_every_envelope_gets_its_own_id():
    assert _envelope()["id"] != _envelope()["id"]


def test_subject_and_correlation_id_are_optional():
    envelope = _envelope()

    assert envelope["subject"] is None
    assert envelope["correlationid"] is None


@pytest.mark.parametrize(
    "data",
    [
        {},  # no meeting at all
        {"meeting": {"id": "not-a-uuid"}},
        meeting_scheduled_data(status="postponed"),  # not a meeting status
        {**meeting_scheduled_data(), "unexpected": 1},
    ],
    ids=["missing-meeting", "bad-uuid", "bad-status", "unknown-field"],
)
def test_building_an_envelope_with_invalid_data_raises_invalid_event(data):
    with pytest.raises(InvalidEvent):
        build_envelope(MEETING_SCHEDULED, data, source=SOURCE)


def test_building_an_envelope_of_an_unknown_type_raises_invalid_event():
    with pytest.raises(InvalidEvent):
        build_envelope("agenda.meeting.teleported.v1", meeting_scheduled_data(), source=SOURCE)


def test_parse_round_trip_loads_dates_datetimes_and_uuids():
    data = meeting_scheduled_data()
    envelope = build_envelope(MEETING_SCHEDULED, data, source=SOURCE, correlation_id="req-1")

    event = parse_envelope(json.loads(json.dumps(envelope)))

    assert event.id == envelope["id"]
    assert event.type == MEETING_SCHEDULED
    assert event.source == SOURCE
    assert event.correlationid == "req-1"
    assert event.specversion == "1.0"
    assert isinstance(event.time, datetime) and event.time.utcoffset() is not None
    meeting = event.data["meeting"]
    assert meeting["id"] == data["meeting"]["id"]
    assert isinstance(meeting["id"], uuid.UUID)
    assert isinstance(meeting["committee_id"], uuid.UUID)
    assert meeting["date"] == date(2020, 1, 8)
    assert meeting["starts_at"] == data["meeting"]["starts_at"]
    assert meeting["starts_at"].utcoffset() is not None
    assert meeting["sequence"] == 0


def test_parse_rejects_an_envelope_of_an_unknown_type():
    envelope = _envelope()
    envelope["type"] = "agenda.meeting.teleported.v1"

    with pytest.raises(InvalidEvent, match="unknown event type"):
        parse_envelope(envelope)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("id", ""),
        ("specversion", "0.3"),
        ("type", "Not A Type"),
        ("time", "2020-01-08T16:00:00"),  # no offset
        ("data", "not an object"),
    ],
)
def test_parse_rejects_a_malformed_envelope(field, value):
    envelope = _envelope()
    envelope[field] = value

    with pytest.raises(InvalidEvent):
        parse_envelope(envelope)


def test_parse_rejects_an_envelope_whose_data_breaks_the_contract():
    envelope = _envelope()
    del envelope["data"]["meeting"]["starts_at"]

    with pytest.raises(InvalidEvent):
        parse_envelope(envelope)


@pytest.mark.parametrize("field", ["id", "source", "type", "specversion", "time", "data"])
def test_parse_rejects_an_envelope_missing_a_required_attribute(field):
    envelope = _envelope()
    del envelope[field]

    with pytest.raises(InvalidEvent):
        parse_envelope(envelope)
