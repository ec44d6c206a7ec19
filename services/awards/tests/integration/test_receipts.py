"""The nominator's receipt by e-mail: to the address they gave, with their own data only,
once however often the form is sent; an address the server refuses is shown on the
receipt page in Danish, and the nomination is kept."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from services.awards.models import AwardRound, mail_tables
from services.awards.operations.personal_data import purge_expired
from services.awards.tests.integration.test_nomination_form import filled, form_path, stored
from shared.db.types import utcnow
from shared.mail.sender import MailSender
from shared.mail.transport import SmtpTransport

pytestmark = pytest.mark.integration


def _send(runtime, smtp_server) -> int:
    transport = SmtpTransport(smtp_server.host, smtp_server.port, starttls=False, timeout=5)
    return MailSender(runtime.engine, mail_tables, transport, mail_from="udvalg@localhost",
                      composers=runtime.mail.composers).send_due()


def _nominate(client, **changes):
    html = client.get(form_path()).get_data(as_text=True)
    return client.post(form_path(), data=filled(html, **changes))


def test_the_nominator_gets_a_receipt_with_the_reference_number_and_nothing_but_their_own_data(
        runtime, client, award_round, smtp_server):
    _nominate(client, nominator_email="bo@example.org", nominator_name="Bo Berg", company_name="Anden Virksomhed ApS")
    response = _nominate(client)

    assert _send(runtime, smtp_server) == 2
    (received,) = smtp_server.messages(to="anne.holm@example.org")
    nomination = next(n for n in stored(runtime) if n.nominator_email == "anne.holm@example.org")
    assert received.recipients == ("anne.holm@example.org",)
    assert received.subject == f"Kvittering for din indstilling til Virksomhedspris {nomination.submitted_at.year} ({nomination.reference})"
    text = received.text()
    assert "Kære Anne Holm" in text and f"Dit referencenummer er {nomination.reference}." in text
    assert "Hvalsø Tømrer & Snedker ApS (CVR-nr. 34175829)" in text
    assert f"Din kvittering: http://127.0.0.1:8000/awards/virksomhedspris/kvittering/{nomination.submission_id}" in text
    assert "Bo Berg" not in text and "Anden Virksomhed" not in text
    assert "List-Unsubscribe" not in received.message, "a receipt is no subscription"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Vi har sendt en kvittering til anne.holm@example.org." in page


def test_a_form_sent_twice_sends_one_receipt(runtime, client, award_round, smtp_server):
    html = client.get(form_path()).get_data(as_text=True)
    for _ in range(3):
        client.post(form_path(), data=filled(html))

    _send(runtime, smtp_server)

    assert len(stored(runtime)) == 1 and len(smtp_server.messages()) == 1


def test_an_address_the_server_refuses_is_shown_on_the_receipt_and_the_nomination_is_kept(
        runtime, client, award_round, smtp_server):
    smtp_server.refused.add("anne.holm@example.org")
    response = _nominate(client)

    waiting = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Vi sender en kvittering til anne.holm@example.org." in waiting
    assert _send(runtime, smtp_server) == 0

    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Vi kunne ikke sende kvitteringen til anne.holm@example.org" in page
    assert "Mailserveren afviste adressen anne.holm@example.org: 550" in page
    assert "Din indstilling er modtaget alligevel" in page
    (nomination,) = stored(runtime)
    assert nomination.reference in page and nomination.nominator_email == "anne.holm@example.org"


def test_deleting_the_nominators_data_forgets_the_address_the_receipt_went_to(runtime, client, award_round):
    _nominate(client)
    with runtime.uow() as uow:
        uow.session.execute(update(AwardRound).values(
            state="closed", opens_at=utcnow() - timedelta(days=500), closes_at=utcnow() - timedelta(days=450),
            ceremony_on=None))
        uow.commit()
        assert purge_expired(uow, 6, utcnow()).nominations == 1

    with runtime.engine.connect() as conn:
        row = conn.execute(select(mail_tables.outbox)).one()
    assert (row.recipient, row.message, row.sent_at) == ("", b"", None)
    assert row.rejected_at is not None, "a receipt never sent is not sent after the purge"


def test_the_form_stores_what_the_receipt_needs_and_the_sender_writes_it_then_drops_it(
        runtime, client, award_round, smtp_server):
    _nominate(client)
    with runtime.engine.connect() as conn:
        written = conn.execute(select(mail_tables.outbox)).one()
    assert written.message == b"", "the form's request composes no message"
    assert written.recipient == "anne.holm@example.org" and written.draft["data"]["recipient_name"] == "Anne Holm"

    assert _send(runtime, smtp_server) == 1

    (received,) = smtp_server.messages(to="anne.holm@example.org")
    assert received.message["Message-ID"] == written.draft["message_id"]
    assert "Kære Anne Holm" in received.html() and written.draft["data"]["nomination"]["reference"] in received.html()
    with runtime.engine.connect() as conn:
        sent = conn.execute(select(mail_tables.outbox)).one()
    assert (sent.message, sent.draft) == (b"", None), "the nominator's data leaves the outbox once sent"


def test_deleting_the_nominators_data_drops_the_unsent_receipts_draft(runtime, client, award_round):
    _nominate(client)
    with runtime.uow() as uow:
        uow.session.execute(update(AwardRound).values(
            state="closed", opens_at=utcnow() - timedelta(days=500), closes_at=utcnow() - timedelta(days=450),
            ceremony_on=None))
        uow.commit()
        purge_expired(uow, 6, utcnow())

    with runtime.engine.connect() as conn:
        row = conn.execute(select(mail_tables.outbox)).one()
    assert row.draft is None, "the draft holds the nominator's name"
