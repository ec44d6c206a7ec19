"""The mail outbox and its sender against a real SMTP server (aiosmtpd) and PostgreSQL:
each mail delivered exactly once, none lost while the server is away, a refused
address recorded without holding up the others."""

from __future__ import annotations

import mailbox
import threading
from datetime import timedelta
from email.utils import parsedate_to_datetime

import pytest
from sqlalchemy import MetaData, select

from shared.db.engine import make_engine, make_session_factory
from shared.db.types import utcnow
from shared.mail.compose import Letter, parse_sender
from shared.mail.drafts import Draft
from shared.mail.outbox import MailOutbox
from shared.mail.sender import MailSender
from shared.mail.tables import define_mail_tables
from shared.mail.transport import MaildirTransport, SmtpTransport
from tests.support.fixtures import wait_for

pytestmark = pytest.mark.integration

SENDER = "Udvalg <udvalg@kommune.dk>"


class MailService:
    """The mail outbox on its own database, as a service holds it."""

    def __init__(self, url: str) -> None:
        self.metadata = MetaData()
        self.tables = define_mail_tables(self.metadata)
        self.engine = make_engine(url)
        self.metadata.create_all(self.engine)
        self.sessions = make_session_factory(self.engine)
        self.outbox = MailOutbox(self.tables, parse_sender(SENDER))

    def enqueue(self, to: str, key: str, *, commit: bool = True) -> bool:
        with self.sessions() as session:
            added = self.outbox.enqueue(session, Letter(to=to, subject=f"Besked {key}", text=f"Besked {key}\n",
                                                        html=f"<p>Besked {key}</p>"), key=key, kind="test")
            if commit:
                session.commit()
        return added

    def enqueue_draft(self, to: str, key: str, *, kind: str = "greeting") -> bool:
        with self.sessions() as session:
            added = self.outbox.enqueue_draft(session, Draft(to=to, subject=f"Hilsen {key}", data={"name": key}),
                                              key=key, kind=kind)
            session.commit()
        return added

    def sender(self, transport, **options) -> MailSender:
        return MailSender(self.engine, self.tables, transport, mail_from="udvalg@kommune.dk",
                          poll_seconds=0.05, composers={"greeting": _greeting}, **options)

    def rows(self):
        with self.engine.connect() as conn:
            return conn.execute(select(self.tables.outbox).order_by(self.tables.outbox.c.id)).all()


def _greeting(recipient: str, data) -> Letter:
    return Letter(to="somebody.else@example.org", to_name=data["name"], subject=f"Hilsen {data['name']}",
                  text=f"Kære {data['name']}\n", html=f"<p>Kære {data['name']}</p>", from_name="Lejre Kommune")


@pytest.fixture
def mail(fresh_database):
    service = MailService(fresh_database())
    yield service
    service.engine.dispose()


def _smtp(server) -> SmtpTransport:
    return SmtpTransport(server.host, server.port, starttls=False, timeout=5)


def _keys(server) -> list[str]:
    return sorted(str(m.message["Subject"]).removeprefix("Besked ") for m in server.messages())


def test_mail_is_delivered_once_and_marked_sent(mail, smtp_server):
    mail.enqueue("anne@kommune.dk", "1")

    assert mail.sender(_smtp(smtp_server)).send_due() == 1
    assert mail.sender(_smtp(smtp_server)).send_due() == 0

    (received,) = smtp_server.messages()
    assert received.recipients == ("anne@kommune.dk",)
    assert received.mail_from == "udvalg@kommune.dk"
    assert received.text() == "Besked 1\n"
    (row,) = mail.rows()
    assert row.sent_at is not None and row.attempts == 1 and row.last_error is None


def test_the_same_key_twice_is_one_mail(mail, smtp_server):
    assert mail.enqueue("anne@kommune.dk", "event-1:anne") is True
    assert mail.enqueue("anne@kommune.dk", "event-1:anne") is False

    mail.sender(_smtp(smtp_server)).send_due()
    assert len(smtp_server.messages()) == 1 and len(mail.rows()) == 1


def test_a_mail_whose_transaction_rolled_back_is_never_sent(mail, smtp_server):
    mail.enqueue("anne@kommune.dk", "1", commit=False)

    assert mail.sender(_smtp(smtp_server)).send_due() == 0
    assert smtp_server.messages() == [] and mail.rows() == []


def test_a_draft_is_composed_by_its_kinds_composer_when_sent_and_goes_only_to_its_address(mail, smtp_server):
    mail.enqueue_draft("anne@kommune.dk", "Anne")
    (written,) = mail.rows()
    assert written.message == b"" and written.draft["data"] == {"name": "Anne"}

    assert mail.sender(_smtp(smtp_server)).send_due() == 1

    (received,) = smtp_server.messages()
    assert received.recipients == ("anne@kommune.dk",)
    assert str(received.message["To"]) == "Anne <anne@kommune.dk>", "the row's address, not the composer's"
    assert str(received.message["From"]) == "Lejre Kommune <udvalg@kommune.dk>"
    assert received.subject == "Hilsen Anne" and received.text() == "Kære Anne\n"
    assert received.message["Message-ID"] == written.draft["message_id"], "drawn when the row was written"
    assert parsedate_to_datetime(str(received.message["Date"])) == written.created_at.replace(microsecond=0)
    (sent,) = mail.rows()
    assert sent.sent_at is not None and sent.message == b"" and sent.draft is None


def test_a_draft_no_composer_can_write_waits_and_holds_up_no_other_mail(mail, smtp_server):
    mail.enqueue_draft("anne@kommune.dk", "Anne", kind="unknown")
    mail.enqueue_draft("bo@kommune.dk", "Bo")

    assert mail.sender(_smtp(smtp_server)).send_due() == 1

    assert [m.recipients for m in smtp_server.messages()] == [("bo@kommune.dk",)]
    waiting, _sent = mail.rows()
    assert waiting.sent_at is None and waiting.rejected_at is None and waiting.next_attempt_at > utcnow()
    assert waiting.last_error == "Afsenderen kan ikke skrive e-mails af typen unknown."
    assert waiting.draft is not None, "kept for when a sender that can write it runs"


def test_mail_due_while_the_server_is_away_is_delivered_exactly_once_when_it_returns(mail, smtp_server):
    smtp_server.stop()
    for number in range(30):
        mail.enqueue(f"medlem{number}@kommune.dk", f"{number:02d}")
    sender = mail.sender(_smtp(smtp_server), max_backoff_seconds=0.5)
    stop = threading.Event()
    thread = threading.Thread(target=sender.run, args=(stop,))
    thread.start()
    try:
        wait_for(lambda: any(row.last_error for row in mail.rows()), timeout=10, message="a failed attempt")
        assert all(row.sent_at is None and row.rejected_at is None for row in mail.rows())
        assert "svarer ikke" in mail.rows()[0].last_error

        smtp_server.start()
        wait_for(lambda: all(row.sent_at for row in mail.rows()), timeout=30, message="every mail sent")
    finally:
        stop.set()
        thread.join(timeout=10)

    assert _keys(smtp_server) == [f"{number:02d}" for number in range(30)]
    assert len(smtp_server.messages()) == 30


def test_a_refused_address_is_recorded_and_the_others_are_delivered(mail, smtp_server):
    smtp_server.refused.add("forkert@kommune.dk")
    mail.enqueue("anne@kommune.dk", "1")
    mail.enqueue("forkert@kommune.dk", "2")
    mail.enqueue("bo@kommune.dk", "3")

    assert mail.sender(_smtp(smtp_server)).send_due() == 2
    assert mail.sender(_smtp(smtp_server)).send_due() == 0

    assert _keys(smtp_server) == ["1", "3"]
    rows = {row.recipient: row for row in mail.rows()}
    refused = rows["forkert@kommune.dk"]
    assert refused.sent_at is None and refused.rejected_at is not None
    assert refused.last_error.startswith("Mailserveren afviste adressen forkert@kommune.dk: 550")


def test_an_address_refused_for_now_is_tried_again_later_then_delivered(mail, smtp_server):
    smtp_server.deferred.add("travl@kommune.dk")
    mail.enqueue("travl@kommune.dk", "1")
    sender = mail.sender(_smtp(smtp_server), retry_delays=[timedelta(minutes=1)])

    assert sender.send_due() == 0
    (row,) = mail.rows()
    assert row.next_attempt_at > utcnow() and "450" in row.last_error
    assert sender.send_due() == 0, "not due again before its delay"

    smtp_server.deferred.clear()
    assert sender.send_due(now=utcnow() + timedelta(minutes=2)) == 1
    assert len(smtp_server.messages()) == 1


def test_a_mail_refused_for_now_for_days_is_given_up_and_recorded(mail, smtp_server):
    smtp_server.deferred.add("travl@kommune.dk")
    mail.enqueue("travl@kommune.dk", "1")

    mail.sender(_smtp(smtp_server)).send_due(now=utcnow() + timedelta(days=4))

    (row,) = mail.rows()
    assert row.rejected_at is not None and row.last_error.startswith("Opgivet efter 3 døgn.")


def test_two_senders_at_once_never_send_a_mail_twice(mail, smtp_server):
    for number in range(60):
        mail.enqueue(f"medlem{number}@kommune.dk", f"{number:02d}")
    senders = [mail.sender(_smtp(smtp_server), batch_size=5) for _ in range(2)]
    stop = threading.Event()
    threads = [threading.Thread(target=s.run, args=(stop,)) for s in senders]
    for thread in threads:
        thread.start()
    try:
        wait_for(lambda: all(row.sent_at for row in mail.rows()), timeout=30, message="every mail sent")
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=10)

    assert _keys(smtp_server) == [f"{number:02d}" for number in range(60)]


def test_the_embedded_default_delivers_to_a_maildir(tmp_path):
    service = MailService(f"sqlite:///{tmp_path / 'mail.sqlite'}")
    service.enqueue("anne@kommune.dk", "1")

    assert service.sender(MaildirTransport(tmp_path / "mail")).send_due() == 1

    (message,) = mailbox.Maildir(tmp_path / "mail", create=False)
    assert message["Delivered-To"] == "anne@kommune.dk"
    assert message["Subject"] == "Besked 1"
    assert service.rows()[0].sent_at is not None
    service.engine.dispose()
