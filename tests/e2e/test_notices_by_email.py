"""Notices by e-mail on the production path: the agenda service under gunicorn, its
worker over RabbitMQ, and a real SMTP server (aiosmtpd) in the test process.

Publishing an agenda, moving the meeting and cancelling it reach every member of the
committee (and nobody who opted out) with calendar invitations another iCal parser reads
as the same event; mail that falls due while the SMTP server is away arrives, once each,
when it returns, even across a worker restart."""

from __future__ import annotations

from collections import Counter

import icalendar
import pytest
import requests
import vobject
from sqlalchemy import create_engine, select

from services.agenda.bootstrap import MIGRATIONS as AGENDA_MIGRATIONS
from services.agenda.models import Member
from services.agenda.notices.models import mail_tables
from services.agenda.operations.accounts import ensure_user
from services.agenda.tests.conftest import runtime_for
from shared.db.engine import normalise_url
from shared.db.migrate import upgrade_to_head
from tests.support.fixtures import wait_for
from tests.support.pages import csrf_token
from tests.support.processes import Processes, free_port

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.messaging]

PASSWORD = "e2e-adgangskode"
MEMBERS = {"Anne Andersen": "anne@lejre.dk", "Bo Bech": "bo@lejre.dk", "Carl Carlsen": "carl@lejre.dk"}


class System:
    def __init__(self, tmp_path, agenda_db: str, broker_url: str, smtp_server, runtime) -> None:
        self.agenda_db = agenda_db
        self.runtime = runtime
        self.smtp = smtp_server
        self.processes = Processes(tmp_path, {
            "AGENDA_DATABASE_URL": agenda_db,
            "UDVALG_BROKER_URL": broker_url,
            "UDVALG_SECRET_KEY": "e2e",
            "UDVALG_VAR_DIR": str(tmp_path / "var"),
            "UDVALG_LOG_FORMAT": "json",
            "UDVALG_RELAY_POLL_SECONDS": "0.2",
            "UDVALG_MAIL_FROM": "Udvalg <udvalg@lejre.dk>",
            "UDVALG_MAIL_MAX_BACKOFF_SECONDS": "1",
            **smtp_server.env,
        })
        self.processes.run("agenda-migrate", "-m", "services.agenda", "migrate")
        self.worker = self.processes.start("agenda-worker", "-m", "services.agenda", "worker")
        self.base = self.processes.start_gunicorn("agenda", free_port())
        self.http = requests.Session()
        token = self.http.post(f"{self.base}/api/v1/tokens", json={"email": "admin@e2e.dk", "password": PASSWORD})
        self.http.headers["Authorization"] = f"Bearer {token.json()['token']}"
        self.engine = create_engine(normalise_url(agenda_db))

    def api(self, method: str, path: str, **body) -> dict:
        response = self.http.request(method, f"{self.base}/api/v1{path}", json=body)
        assert response.status_code in (200, 201), response.text
        return response.json()

    def restart_worker(self) -> None:
        self.worker.terminate()
        self.worker.wait(timeout=60)
        self.worker = self.processes.start("agenda-worker-2", "-m", "services.agenda", "worker")

    def outbox(self):
        with self.engine.connect() as conn:
            return conn.execute(select(mail_tables.outbox).order_by(mail_tables.outbox.c.id)).all()

    def close(self) -> None:
        self.processes.stop_all()
        self.engine.dispose()


@pytest.fixture
def system(tmp_path, pg_template, fresh_database, broker_url, smtp_server):
    agenda_db = fresh_database(pg_template("agenda", lambda u: upgrade_to_head(u, AGENDA_MIGRATIONS)))
    runtime = runtime_for(agenda_db)
    with runtime.uow() as uow:
        ensure_user(uow.session, email="admin@e2e.dk", name="Admin", password=PASSWORD, role="admin")
        uow.commit()
    running = System(tmp_path, agenda_db, broker_url, smtp_server, runtime)
    yield running
    running.close()
    runtime.dispose()


def _committee(system) -> dict:
    system.api("POST", "/municipalities", slug="lejre", name="Lejre Kommune")
    committee = system.api("POST", "/municipalities/lejre/committees", name="Udvalget for Job & Arbejdsmarked",
                           code="JA")
    ids = {}
    for name, address in MEMBERS.items():
        member = system.api("POST", "/municipalities/lejre/members", name=name, party="A", email=address)
        system.api("POST", f"/committees/{committee['id']}/members", member_id=member["id"], role="member")
        ids[name] = member["id"]
    committee["member_ids"] = ids
    return committee


def _opt_out(system, member_id: str) -> None:
    """Carl logs in and turns every mail off on his own page."""
    with system.runtime.uow() as uow:
        member = uow.session.get(Member, member_id)
        ensure_user(uow.session, email="carl.login@lejre.dk", name="Carl Carlsen", password=PASSWORD, role="member",
                    municipality_id=member.municipality_id, member_id=member.id)
        uow.commit()
    browser = requests.Session()
    login = browser.get(f"{system.base}/login")
    browser.post(f"{system.base}/login", data={"csrf_token": csrf_token(login.text), "email": "carl.login@lejre.dk",
                                               "password": PASSWORD})
    page = browser.get(f"{system.base}/mig/beskeder")
    assert page.status_code == 200 and "carl@lejre.dk" in page.text
    saved = browser.post(f"{system.base}/mig/beskeder", data={"csrf_token": csrf_token(page.text)})
    assert "Du har stoppet alle e-mails fra Udvalg" in saved.text


def _received_by(system, address: str):
    return system.smtp.messages(to=address)


def _wait_for_mails(system, count: int, message: str) -> None:
    wait_for(lambda: len(system.smtp.messages()) >= count, timeout=60, message=message)


def _invitation(received) -> tuple[str, bytes]:
    part = received.part("text/calendar")
    assert part is not None, received.subject
    return str(part.get_param("method")), part.get_content().encode()


def test_publishing_moving_and_cancelling_a_meeting_mail_every_member_but_one_who_opted_out(system):
    committee = _committee(system)
    _opt_out(system, committee["member_ids"]["Carl Carlsen"])

    meeting = system.api("POST", f"/committees/{committee['id']}/meetings", date="2030-06-12", start_time="16:30",
                         end_time="18:30", place="Mødelokale 1")
    _wait_for_mails(system, 2, "the new meeting's invitations")
    system.api("POST", f"/meetings/{meeting['id']}/items", title="Orientering om ledigheden", case_number="30/00042",
               sections={"sagsfremstilling": "Status."})
    system.api("POST", f"/meetings/{meeting['id']}/publish")
    _wait_for_mails(system, 4, "the agenda's notices")
    system.api("POST", f"/meetings/{meeting['id']}/reschedule", date="2030-06-19", start_time="17:00",
               place="Byrådssalen")
    _wait_for_mails(system, 6, "the move's notices")
    system.api("POST", f"/meetings/{meeting['id']}/cancel", reason="Ingen sager.")
    _wait_for_mails(system, 8, "the cancellation's notices")

    assert _received_by(system, "carl@lejre.dk") == []
    for address in ("anne@lejre.dk", "bo@lejre.dk"):
        received = _received_by(system, address)
        assert [m.subject.split(":")[0] for m in received] == [
            "Nyt møde", "Dagsorden", "Mødet er flyttet", "Mødet er aflyst"]
        assert all(m.recipients == (address,) and m.mail_from == "udvalg@lejre.dk" for m in received)
        new, agenda, moved, cancelled = received
        assert "1. JA - Orientering om ledigheden" in agenda.text()
        assert "Nyt tidspunkt: onsdag den 19. juni 2030 kl. 17:00" in moved.text()
        assert "Begrundelse: Ingen sager." in cancelled.text()
        assert agenda.part("text/calendar") is None

        method, first = _invitation(new)
        assert method == "REQUEST"
        method, update = _invitation(moved)
        # A second iCal parser reads the moved meeting as the same event, one change later.
        parsed_first, parsed = vobject.readOne(first.decode()), vobject.readOne(update.decode())
        assert method == "REQUEST" and parsed.method.value == "REQUEST"
        assert parsed.vevent.uid.value == parsed_first.vevent.uid.value == meeting["uid"]
        assert int(parsed.vevent.sequence.value) > int(parsed_first.vevent.sequence.value)
        assert parsed.vevent.location.value == "Byrådssalen"
        assert parsed.vevent.attendee.value == f"mailto:{address}"
        method, cancel = _invitation(cancelled)
        parsed_cancel = icalendar.Calendar.from_ical(cancel)
        assert method == "CANCEL" and str(parsed_cancel["METHOD"]) == "CANCEL"
        event = parsed_cancel.walk("VEVENT")[0]
        assert (str(event["UID"]), str(event["STATUS"])) == (meeting["uid"], "CANCELLED")
        assert int(event["SEQUENCE"]) > int(parsed.vevent.sequence.value)

    feed = icalendar.Calendar.from_ical(requests.get(f"{system.base}/calendar/lejre/JA.ics").content)
    in_feed = feed.walk("VEVENT")[0]
    assert (str(in_feed["UID"]), int(in_feed["SEQUENCE"])) == (meeting["uid"], int(event["SEQUENCE"]))


def test_mail_due_while_the_smtp_server_is_away_arrives_exactly_once_when_it_returns(system):
    system.smtp.stop()
    committee = _committee(system)
    for day in ("2030-06-12", "2030-08-14", "2030-09-11"):
        meeting = system.api("POST", f"/committees/{committee['id']}/meetings", date=day, start_time="16:30",
                             place="Mødelokale 1")
        system.api("POST", f"/meetings/{meeting['id']}/items", title="Orientering", case_number="30/00042",
                   sections={"sagsfremstilling": "Status."})
        system.api("POST", f"/meetings/{meeting['id']}/publish")
    expected = 3 * 2 * len(MEMBERS)  # three meetings, planned and published, to every member

    wait_for(lambda: len(system.outbox()) == expected and any(row.last_error for row in system.outbox()),
             timeout=60, message="every notice written and a failed attempt to send one")
    assert all(row.sent_at is None and row.rejected_at is None for row in system.outbox())
    assert "svarer ikke" in next(row.last_error for row in system.outbox() if row.last_error)

    system.restart_worker()
    system.smtp.start()
    wait_for(lambda: all(row.sent_at for row in system.outbox()), timeout=90, message="every notice sent")

    received = Counter((m.recipients, m.subject) for m in system.smtp.messages())
    print(f"\n{len(system.smtp.messages())} e-mails modtaget, {len(received)} forskellige, "
          f"{len(system.outbox())} i udbakken")
    assert len(received) == expected and set(received.values()) == {1}
