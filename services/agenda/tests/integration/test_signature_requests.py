"""The decisions service asks the members present to sign the approved minutes: each gets
a mail (if they want it) and sees the request on their start page until they sign, and a
correction takes it away until the corrected version asks again."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from services.agenda.models import Member, history_table
from services.agenda.operations.accounts import ensure_user
from services.agenda.tests.conftest import PASSWORD
from services.agenda.tests.integration.notices_support import (
    committee_with_members,
    deliver_own_events,
    mails,
    published_meeting,
    text_of,
)
from shared.db.types import utcnow
from shared.events import build_envelope
from tests.support.pages import log_in, post_form

pytestmark = pytest.mark.integration


@pytest.fixture
def committee(client, accounts):
    return committee_with_members(client, accounts)


@pytest.fixture
def meeting(runtime, client, committee):
    found = published_meeting(client, committee)
    deliver_own_events(runtime)
    return found


class Decisions:
    """Plays the decisions service: its events, built from the shared contract."""

    def __init__(self, runtime, committee, meeting) -> None:
        self.consumer = runtime.consumer()
        self.committee, self.meeting = committee, meeting

    def send(self, event_type: str, data: dict) -> None:
        self.consumer.handle(build_envelope(event_type, {"meeting_id": self.meeting["id"], **data},
                                            source="/udvalg/decisions"))

    def approve(self, version: int = 1) -> None:
        self.send("decisions.minutes.approved.v1", {"committee_id": self.committee.id, "municipality_slug": "roskilde",
                                                    "version": version, "approved_at": utcnow()})

    def ask(self, *names: str, version: int = 1, reminder: bool = False) -> None:
        self.send("decisions.minutes.signatures_requested.v1", {
            "committee_id": self.committee.id, "municipality_slug": "roskilde", "version": version,
            "member_ids": [self.committee.members[name] for name in names], "reminder": reminder,
            "requested_at": utcnow()})

    def signed(self, name: str, version: int = 1) -> None:
        self.send("decisions.minutes.signed.v1", {
            "committee_id": self.committee.id, "version": version, "member_id": self.committee.members[name],
            "name": name, "signed_at": utcnow(), "reservation": None})

    def reopen(self, version: int = 1) -> None:
        self.send("decisions.minutes.reopened.v1", {"version": version, "reason": "Punkt 1 var forkert."})


@pytest.fixture
def decisions(runtime, committee, meeting):
    return Decisions(runtime, committee, meeting)


def _start_page(runtime, client, committee, name="Anne Andersen") -> str:
    with runtime.uow() as uow:
        member = uow.session.get(Member, uuid.UUID(committee.members[name]))
        ensure_user(uow.session, email="anne.login@roskilde.dk", name=name, password=PASSWORD, role="member",
                    municipality_id=member.municipality_id, member_id=member.id)
        uow.commit()
    log_in(client, "anne.login@roskilde.dk", PASSWORD)
    return client.get("/start").get_data(as_text=True)


def test_each_member_asked_gets_a_mail_with_the_link_to_sign(runtime, decisions, meeting):
    decisions.approve()
    decisions.ask("Anne Andersen")

    (to, message), = mails(runtime, "minutes_signature")
    assert to == "anne@roskilde.dk"
    assert message["Subject"] == "Referatet venter på din underskrift: Udvalget for Job & Arbejdsmarked onsdag den 13. marts 2030"
    body = text_of(message)
    assert f"Underskriv referatet: http://127.0.0.1:8000/decisions/referat/{meeting['id']}/underskrift" in body
    assert "Fortroligt" not in body


def test_a_reminder_says_so_and_a_member_who_turned_signature_mails_off_gets_none(runtime, client, decisions,
                                                                                 committee):
    _start_page(runtime, client, committee, "Anne Andersen")
    post_form(client, "/mig/beskeder", data={"receive": "y", "minutes": "y"})
    decisions.approve()
    decisions.ask("Anne Andersen", "Bo Bech", reminder=True)

    (to, message), = mails(runtime, "minutes_signature")
    assert to == "bo@roskilde.dk" and message["Subject"].startswith("Påmindelse: referatet venter på din underskrift")


def test_the_start_page_asks_for_the_signature_until_the_member_has_signed(runtime, client, decisions, committee,
                                                                          meeting):
    decisions.approve()
    decisions.ask("Anne Andersen", "Bo Bech")
    page = _start_page(runtime, client, committee)
    assert "Referater til underskrift" in page
    assert f'href="/decisions/referat/{meeting["id"]}/underskrift">Underskriv referatet' in page

    decisions.signed("Anne Andersen")
    assert "Underskriv referatet" not in client.get("/start").get_data(as_text=True)


def test_a_correction_takes_the_request_away_and_the_corrected_version_asks_again(runtime, client, decisions,
                                                                                   committee):
    decisions.approve()
    decisions.ask("Anne Andersen")
    decisions.signed("Anne Andersen")
    decisions.reopen()
    decisions.ask("Anne Andersen")  # late, for the version being corrected: void
    assert "Underskriv referatet" not in _start_page(runtime, client, committee)

    decisions.approve(version=2)
    decisions.ask("Anne Andersen", version=2)
    assert "Underskriv referatet" in client.get("/start").get_data(as_text=True)


def test_the_meeting_history_tells_who_was_asked_and_who_signed(runtime, decisions):
    decisions.approve()
    decisions.ask("Anne Andersen", "Bo Bech")
    decisions.signed("Bo Bech")

    with runtime.engine.connect() as conn:
        told = conn.execute(select(history_table.c.action).order_by(history_table.c.id)).scalars().all()
    assert "2 medlemmer er bedt om at underskrive referatet (version 1)." in told
    assert "Bo Bech har underskrevet referatet (version 1)." in told
