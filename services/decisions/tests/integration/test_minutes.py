"""Recording attendance and decisions and approving the minutes (real PostgreSQL)."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from sqlalchemy import select

from services.decisions.models import MeetingCopy, bus_tables
from services.decisions.operations import minutes as ops
from shared.auth import Principal
from shared.errors import Conflict, Invalid, NotFound

pytestmark = pytest.mark.integration


@pytest.fixture
def meeting(agenda):
    agenda.municipality()
    committee = agenda.committee(members=(("Steen Hansen", "O"), ("Ole Blickfeldt", "O"), ("Christian Plank", None)))
    meeting = agenda.meeting(committee)
    items = [agenda.item(1, "Godkendelse af dagsorden"), agenda.item(2, "Årsplan", points=("at a", "at b"))]
    agenda.publish(meeting, items)
    return {"meeting": meeting, "committee": committee, "items": items,
            "secretary": Principal(role="secretary", user_id=uuid.uuid4(), municipality_id=agenda.municipality_id)}


def _member(meeting, name):
    return uuid.UUID(str(next(m["member_id"] for m in meeting["committee"]["members"] if m["name"] == name)))


def _events(runtime, event_type):
    with runtime.engine.connect() as conn:
        return [r.envelope for r in conn.execute(select(bus_tables.outbox.c.envelope)
                                                 .where(bus_tables.outbox.c.event_type == event_type))]


def _decide(runtime, m, item_index, **data):
    with runtime.uow() as uow:
        return ops.record_decision(uow, m["secretary"], m["meeting"]["id"], m["items"][item_index]["id"],
                                   {"text": "Godkendt", **data})


def test_the_published_agenda_arrives_as_this_services_copy(runtime, meeting):
    with runtime.uow() as uow:
        copy = uow.session.get(MeetingCopy, meeting["meeting"]["id"])
        assert [(i.number, i.title) for i in copy.items] == [(1, "Godkendelse af dagsorden"), (2, "Årsplan")]
        assert [s["kind"] for s in copy.section_template] == ["text", "recommendation", "decision", "attachments"]


def test_an_older_agenda_version_never_replaces_a_newer_one(runtime, agenda, meeting):
    agenda.publish(meeting["meeting"], [agenda.item(1, "Ny version")], version=2)
    agenda.publish(meeting["meeting"], [agenda.item(1, "Gammel version")], version=1)
    with runtime.uow() as uow:
        copy = uow.session.get(MeetingCopy, meeting["meeting"]["id"])
        assert copy.agenda_version == 2 and [i.title for i in copy.items] == ["Ny version"]


def test_recording_a_decision_announces_it_in_the_same_transaction(runtime, meeting):
    _decide(runtime, meeting, 0, not_taking_part=[_member(meeting, "Ole Blickfeldt")])
    [event] = _events(runtime, "decisions.decision.recorded.v1")
    assert event["data"]["text"] == "Godkendt" and event["data"]["item_id"] == str(meeting["items"][0]["id"])


def test_point_answers_must_match_the_recommendation(runtime, meeting):
    with pytest.raises(Invalid) as raised:
        _decide(runtime, meeting, 1, text="", point_answers=[{"point": 3, "text": "Tiltrådt"}])
    assert raised.value.errors == {"point_answers": ["Punktet har 2 indstillingspunkter."]}


def test_only_committee_members_can_be_recorded_as_not_taking_part(runtime, meeting):
    with pytest.raises(Invalid) as raised:
        _decide(runtime, meeting, 0, not_taking_part=[uuid.uuid4()])
    assert "not_taking_part" in raised.value.errors


def test_a_decision_needs_text_or_answers(runtime, meeting):
    with pytest.raises(Invalid) as raised:
        _decide(runtime, meeting, 0, text="  ")
    assert raised.value.errors == {"text": ["Skriv beslutningen, eller svar på indstillingens punkter."]}


def test_minutes_cannot_be_approved_until_every_item_is_decided(runtime, meeting):
    _decide(runtime, meeting, 0)
    with runtime.uow() as uow, pytest.raises(Invalid) as raised:
        ops.approve_minutes(uow, meeting["secretary"], meeting["meeting"]["id"])
    assert raised.value.errors == {f"items.{meeting['items'][1]['id']}": ["Punkt 2 mangler en beslutning."]}


def test_approved_minutes_lock_and_a_correction_makes_a_new_version_with_its_reason(runtime, meeting):
    with runtime.uow() as uow:
        ops.record_attendance(uow, meeting["secretary"], meeting["meeting"]["id"],
                              [{"member_id": _member(meeting, "Steen Hansen"), "absent": True}])
    _decide(runtime, meeting, 0)
    _decide(runtime, meeting, 1, text="", point_answers=[{"point": 1, "text": "Indstillingen tiltrådt."},
                                                         {"point": 2, "text": "Drøftet."}])
    with runtime.uow() as uow:
        first = ops.approve_minutes(uow, meeting["secretary"], meeting["meeting"]["id"])
    assert first.version == 1
    assert [p["person"]["name"] for p in first.document["participants"] if p["absent"]] == ["Steen Hansen"]
    with pytest.raises(Conflict):
        _decide(runtime, meeting, 0, text="Ændret efter godkendelse")
    with runtime.uow() as uow, pytest.raises(Invalid):
        ops.start_correction(uow, meeting["secretary"], meeting["meeting"]["id"], "  ")
    with runtime.uow() as uow:
        ops.start_correction(uow, meeting["secretary"], meeting["meeting"]["id"], "Stavefejl i punkt 1")
    _decide(runtime, meeting, 0, text="Godkendt uden bemærkninger")
    with runtime.uow() as uow:
        second = ops.approve_minutes(uow, meeting["secretary"], meeting["meeting"]["id"])
    assert second.version == 2 and second.correction_reason == "Stavefejl i punkt 1"
    approved = _events(runtime, "decisions.minutes.approved.v1")
    assert [(e["data"]["version"], e["data"]["correction_reason"]) for e in approved] == [
        (1, None), (2, "Stavefejl i punkt 1")]
    with runtime.uow() as uow:
        assert [v.version for v in ops.versions(uow.session, meeting["meeting"]["id"])] == [1, 2]


def test_a_future_meeting_cannot_have_its_minutes_approved(runtime, agenda, meeting):
    future = agenda.meeting(meeting["committee"], day=date(2999, 1, 1))
    agenda.publish(future, [agenda.item(1, "Sag")])
    with runtime.uow() as uow, pytest.raises(Conflict):
        ops.approve_minutes(uow, meeting["secretary"], future["id"])


def test_another_municipalitys_secretary_cannot_reach_the_meeting(runtime, meeting):
    stranger = Principal(role="secretary", user_id=uuid.uuid4(), municipality_id=uuid.uuid4())
    with runtime.uow() as uow, pytest.raises(NotFound):
        ops.record_decision(uow, stranger, meeting["meeting"]["id"], meeting["items"][0]["id"], {"text": "x"})


def test_a_shared_item_carries_each_committees_decision_in_date_order(runtime, agenda, meeting):
    from services.decisions.documents.assemble import minutes_document

    bu = agenda.committee(code="BU", name="Udvalget for Børn & Ungdom", members=(("Lotte Greve", "V"),))
    shared_id = uuid.uuid4()
    bu_meeting = agenda.meeting(bu, day=date(2020, 1, 7))
    agenda.publish(bu_meeting, [agenda.item(1, "Fælles sag", item_id=shared_id, owner="BU")])
    agenda.publish(meeting["meeting"], [*meeting["items"], agenda.item(3, "Fælles sag", item_id=shared_id, owner="BU")],
                   version=2)
    bu_secretary = meeting["secretary"]
    with runtime.uow() as uow:
        ops.record_decision(uow, bu_secretary, bu_meeting["id"], shared_id, {"text": "Taget til efterretning."})
    with runtime.uow() as uow:
        ops.record_decision(uow, bu_secretary, meeting["meeting"]["id"], shared_id, {"text": "Drøftet."})
    with runtime.uow() as uow:
        copy = uow.session.get(MeetingCopy, meeting["meeting"]["id"])
        document = minutes_document(uow.session, copy, variant="internal", version=1)
    shared = document.items[2]
    assert [(d.committee_name, d.decided_on, d.text) for d in shared.decisions] == [
        ("Udvalget for Børn & Ungdom", date(2020, 1, 7), "Taget til efterretning."),
        ("Udvalget for Job & Arbejdsmarked", date(2020, 1, 8), "Drøftet."),
    ]


def _approve(runtime, m):
    with runtime.uow() as uow:
        return ops.approve_minutes(uow, m["secretary"], m["meeting"]["id"])


def test_a_moved_meeting_moves_the_decisions_dated_its_old_day_and_announces_them_again(runtime, agenda, meeting):
    _decide(runtime, meeting, 0)
    _decide(runtime, meeting, 1, text="Drøftet", decided_on=date(2019, 12, 18))
    announced_before = len(_events(runtime, "decisions.decision.recorded.v1"))

    agenda.reschedule(meeting["meeting"], date(2020, 1, 7))

    with runtime.uow() as uow:
        dates = {d.item_id: d.decided_on for d in uow.session.scalars(select(ops.Decision))}
    assert dates == {meeting["items"][0]["id"]: date(2020, 1, 7), meeting["items"][1]["id"]: date(2019, 12, 18)}
    again = _events(runtime, "decisions.decision.recorded.v1")[announced_before:]
    assert [(e["data"]["item_id"], e["data"]["decided_on"]) for e in again] == [
        (str(meeting["items"][0]["id"]), "2020-01-07")]
    assert again[0]["data"]["recorded_at"] is not None


def test_the_approved_minutes_are_dated_as_the_moved_meeting(runtime, agenda, meeting):
    _decide(runtime, meeting, 0)
    _decide(runtime, meeting, 1)
    agenda.reschedule(meeting["meeting"], date(2020, 1, 7))

    version = _approve(runtime, meeting)

    decided = {block["decided_on"] for item in version.document["items"] for block in item["decisions"]}
    assert decided == {"2020-01-07"} and version.document["starts_at"].startswith("2020-01-07")


def test_the_approval_event_carries_the_attendance_and_every_items_decisions(runtime, meeting):
    with runtime.uow() as uow:
        ops.record_attendance(uow, meeting["secretary"], meeting["meeting"]["id"], [
            {"member_id": _member(meeting, "Steen Hansen"), "absent": True, "substitute": "Lotte Greve"}])
    _decide(runtime, meeting, 0, not_taking_part=[_member(meeting, "Ole Blickfeldt")])
    _decide(runtime, meeting, 1, text="", point_answers=[{"point": 1, "text": "Tiltrådt."}])

    _approve(runtime, meeting)

    [event] = _events(runtime, "decisions.minutes.approved.v1")
    steen = next(p for p in event["data"]["participants"] if p["name"] == "Steen Hansen")
    assert (steen["absent"], steen["substitute"]) == (True, "Lotte Greve")
    first, second = event["data"]["items"]
    assert first["item_id"] == str(meeting["items"][0]["id"])
    assert first["decisions"][0]["not_taking_part"] == ["Ole Blickfeldt (O)"]
    assert first["decisions"][0]["absent"] == ["Steen Hansen (O)"]
    assert second["decisions"][0]["point_answers"] == [{"point": 1, "text": "Tiltrådt."}]


def test_a_correction_is_announced_so_the_agenda_may_change_again(runtime, meeting):
    _decide(runtime, meeting, 0)
    _decide(runtime, meeting, 1)
    _approve(runtime, meeting)
    with runtime.uow() as uow:
        ops.start_correction(uow, meeting["secretary"], meeting["meeting"]["id"], "Forkert dato i punkt 2.")

    [event] = _events(runtime, "decisions.minutes.reopened.v1")
    assert event["data"] == {"meeting_id": str(meeting["meeting"]["id"]), "version": 1,
                             "reason": "Forkert dato i punkt 2."}
