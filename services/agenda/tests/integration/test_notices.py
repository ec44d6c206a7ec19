"""Notices by e-mail from the agenda service's own events and the decisions service's:
who gets one, what it says, and that an event handled twice adds nothing."""

from __future__ import annotations

import icalendar
import pytest
import vobject
from sqlalchemy import func, select

from services.agenda.models import bus_tables, history_table
from services.agenda.notices.models import NoticePreference, mail_tables
from services.agenda.tests.integration.notices_support import (
    calendar_of,
    committee_with_members,
    deliver_own_events,
    mails,
    published_meeting,
    text_of,
)
from shared.db.types import utcnow
from shared.events import build_envelope, parse_envelope

pytestmark = pytest.mark.integration


@pytest.fixture
def committee(client, accounts):
    return committee_with_members(client, accounts)


def _recipients(runtime, kind=None) -> list[str]:
    return sorted(recipient for recipient, _ in mails(runtime, kind))


def test_published_agenda_is_told_to_each_member_of_the_committee_on_the_meeting_date(runtime, client, committee):
    published_meeting(client, committee)
    deliver_own_events(runtime)

    # Carl left the committee before the meeting; Dorte has no address.
    assert _recipients(runtime, "agenda_published") == ["anne@roskilde.dk", "bo@roskilde.dk"]
    (_, message), _ = mails(runtime, "agenda_published")
    assert message["Subject"] == "Dagsorden: Udvalget for Job & Arbejdsmarked onsdag den 13. marts 2030"
    assert message["From"].addresses[0].display_name == "Roskilde Kommune"
    body = text_of(message)
    assert "Kære Anne Andersen" in body
    assert "1. JA - Beskæftigelsesindsatsen" in body
    assert "Læs dagsordenen: http://127.0.0.1:8000/agenda/roskilde/moeder/" in body
    assert "/agenda/afmeld/" in body and message["List-Unsubscribe"].startswith("<http://127.0.0.1:8000/agenda/afmeld/")


def test_no_mail_holds_a_closed_items_text(runtime, client, committee):
    published_meeting(client, committee)
    deliver_own_events(runtime)

    with runtime.engine.connect() as conn:
        raw = conn.execute(select(mail_tables.outbox.c.message)).scalars().all()
    assert raw and not any(b"helbred" in message for message in raw)
    # Members of the committee may read the closed item's title; it is marked as closed.
    assert "2. JA - Personalesag (Lukket punkt)" in text_of(mails(runtime, "agenda_published")[0][1])


def test_the_new_meeting_comes_with_an_invitation_with_the_feeds_uid(runtime, client, committee):
    meeting = published_meeting(client, committee)
    deliver_own_events(runtime)

    (recipient, message), _ = mails(runtime, "meeting_scheduled")
    method, ics = calendar_of(message)
    assert method == "REQUEST"
    event = icalendar.Calendar.from_ical(ics).walk("VEVENT")[0]
    assert str(event["UID"]) == meeting["uid"] and int(event["SEQUENCE"]) == 0
    assert str(event["ORGANIZER"]) == "mailto:udvalg@localhost"
    assert str(event["ATTENDEE"]) == f"mailto:{recipient}"


def test_moved_meeting_mail_carries_a_request_with_the_same_uid_and_a_higher_sequence(runtime, client, committee):
    meeting = published_meeting(client, committee)
    moved = client.post(f"/api/v1/meetings/{meeting['id']}/reschedule",
                        json={"date": "2030-03-20", "start_time": "17:00", "place": "Byrådssalen"},
                        headers=committee.headers)
    assert moved.status_code == 200, moved.json
    deliver_own_events(runtime)

    assert _recipients(runtime, "meeting_rescheduled") == ["anne@roskilde.dk", "bo@roskilde.dk"]
    _, message = mails(runtime, "meeting_rescheduled")[0]
    body = text_of(message)
    assert "Nyt tidspunkt: onsdag den 20. marts 2030 kl. 17:00" in body
    assert "Før: onsdag den 13. marts 2030 kl. 16:30–19:00, Mødelokale 1" in body
    method, ics = calendar_of(message)
    # A second parser reads the invitation as the first does.
    parsed = vobject.readOne(ics.decode())
    assert method == "REQUEST" and parsed.method.value == "REQUEST"
    assert parsed.vevent.uid.value == meeting["uid"]
    assert int(parsed.vevent.sequence.value) == 1
    assert parsed.vevent.location.value == "Byrådssalen"
    feed = client.get("/calendar/roskilde/JA.ics")
    in_feed = icalendar.Calendar.from_ical(feed.data).walk("VEVENT")[0]
    assert (str(in_feed["UID"]), int(in_feed["SEQUENCE"])) == (meeting["uid"], 1)


def test_cancelled_meeting_mail_carries_a_cancel(runtime, client, committee):
    meeting = published_meeting(client, committee)
    client.post(f"/api/v1/meetings/{meeting['id']}/cancel", json={"reason": "For få sager."}, headers=committee.headers)
    deliver_own_events(runtime)

    _, message = mails(runtime, "meeting_cancelled")[0]
    assert "Begrundelse: For få sager." in text_of(message)
    method, ics = calendar_of(message)
    parsed = vobject.readOne(ics.decode())
    assert method == "CANCEL" and parsed.method.value == "CANCEL"
    assert parsed.vevent.status.value == "CANCELLED" and int(parsed.vevent.sequence.value) == 1


def test_a_reinstated_meeting_comes_back_with_a_request_and_a_higher_sequence(runtime, client, committee):
    meeting = published_meeting(client, committee)
    client.post(f"/api/v1/meetings/{meeting['id']}/cancel", json={"reason": "Fejl."}, headers=committee.headers)
    assert client.post(f"/api/v1/meetings/{meeting['id']}/reinstate", headers=committee.headers).status_code == 200
    deliver_own_events(runtime)

    _, message = mails(runtime, "meeting_reinstated")[0]
    assert message["Subject"].startswith("Mødet holdes alligevel: ")
    method, ics = calendar_of(message)
    parsed = vobject.readOne(ics.decode())
    assert method == "REQUEST" and parsed.vevent.status.value == "CONFIRMED"
    assert (parsed.vevent.uid.value, int(parsed.vevent.sequence.value)) == (meeting["uid"], 2)


def test_changed_agenda_names_the_items_added_removed_and_changed(runtime, client, committee):
    meeting = published_meeting(client, committee)
    detail = client.get(f"/api/v1/meetings/{meeting['id']}", headers=committee.headers).json
    first, closed = detail["items"][0], detail["items"][1]
    client.patch(f"/api/v1/items/{first['id']}", json={"sections": {"resume": "Nyt resumé."}}, headers=committee.headers)
    client.delete(f"/api/v1/meetings/{meeting['id']}/items/{closed['id']}", headers=committee.headers)
    client.post(f"/api/v1/meetings/{meeting['id']}/items", json={"title": "Ny sag", "case_number": "30/00003",
                "sections": {"resume": "Kort."}}, headers=committee.headers)
    assert client.post(f"/api/v1/meetings/{meeting['id']}/publish", headers=committee.headers).status_code == 200
    deliver_own_events(runtime)

    _, message = mails(runtime, "agenda_changed")[0]
    assert message["Subject"].startswith("Ændret dagsorden: ")
    body = text_of(message)
    assert "er ændret (version 2)" in body
    assert "Nye punkter:\n2. JA - Ny sag" in body
    assert "Punkter taget af dagsordenen:\n2. JA - Personalesag (Lukket punkt)" in body
    assert "Ændrede punkter:\n1. JA - Beskæftigelsesindsatsen (ændret: Resumé)" in body


def test_a_member_gets_only_the_kinds_chosen_and_nothing_after_stopping_all(runtime, client, committee):
    with runtime.uow() as uow:
        uow.session.add(NoticePreference(member_id=committee.members["Anne Andersen"], agenda=False))
        uow.session.add(NoticePreference(member_id=committee.members["Bo Bech"], stopped_at=utcnow()))
        uow.commit()
    published_meeting(client, committee)
    deliver_own_events(runtime)

    assert _recipients(runtime, "agenda_published") == []
    assert _recipients(runtime, "meeting_scheduled") == ["anne@roskilde.dk"]


def test_a_member_who_wants_no_invitations_gets_the_mail_without_one(runtime, client, committee):
    with runtime.uow() as uow:
        uow.session.add(NoticePreference(member_id=committee.members["Anne Andersen"], invitations=False))
        uow.commit()
    published_meeting(client, committee)
    deliver_own_events(runtime)

    by_recipient = dict(mails(runtime, "meeting_scheduled"))
    assert calendar_of(by_recipient["anne@roskilde.dk"]) is None
    assert calendar_of(by_recipient["bo@roskilde.dk"]) is not None


def test_an_event_handled_twice_adds_no_mail(runtime, client, committee):
    published_meeting(client, committee)
    deliver_own_events(runtime)
    count = len(mails(runtime))
    with runtime.engine.connect() as conn:
        envelopes = conn.execute(select(bus_tables.outbox.c.envelope)).scalars().all()
    consumer = runtime.consumer()
    for envelope in envelopes:
        if envelope["type"] in consumer.binding_keys:
            consumer.handle(envelope)
    # Even past the inbox, straight to the handler: the mail's key holds.
    handler = runtime.handlers["agenda.agenda.published.v1"]
    published = next(e for e in envelopes if e["type"] == "agenda.agenda.published.v1")
    with runtime.uow() as uow:
        handler(uow, parse_envelope(published))
        uow.commit()

    assert len(mails(runtime)) == count == 4


def test_handling_its_own_events_adds_nothing_to_the_meetings_history(runtime, client, committee):
    published_meeting(client, committee)
    with runtime.engine.connect() as conn:
        rows = conn.execute(select(func.count()).select_from(history_table)).scalar_one()

    deliver_own_events(runtime)

    with runtime.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(history_table)).scalar_one() == rows > 0


def test_a_meeting_that_has_begun_gets_no_notice_of_planning(runtime, client, committee):
    published_meeting(client, committee, date="2020-03-11")
    deliver_own_events(runtime)

    assert mails(runtime) == []


def test_approved_and_corrected_minutes_are_told_to_the_members(runtime, client, committee):
    meeting = published_meeting(client, committee)
    deliver_own_events(runtime)
    consumer = runtime.consumer()
    for version, reason in ((1, None), (2, "Punkt 1 manglede et mindretal.")):
        consumer.handle(build_envelope("decisions.minutes.approved.v1", {
            "meeting_id": meeting["id"], "committee_id": committee.id, "municipality_slug": "roskilde",
            "version": version, "approved_at": utcnow(), "correction_reason": reason}, source="/udvalg/decisions"))

    assert _recipients(runtime, "minutes_approved") == ["anne@roskilde.dk", "bo@roskilde.dk"]
    _, corrected = mails(runtime, "minutes_corrected")[0]
    assert corrected["Subject"].startswith("Referatet er rettet: ")
    body = text_of(corrected)
    assert "Begrundelse for rettelsen: Punkt 1 manglede et mindretal." in body
    assert f"Læs referatet: http://127.0.0.1:8000/decisions/referat/{meeting['id']}" in body
    with runtime.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(mail_tables.outbox)).scalar_one() == 8
