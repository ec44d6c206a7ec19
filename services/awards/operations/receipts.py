"""The nominator's receipt by e-mail: only to the address they gave, only their own data.

Written into the mail outbox in the same transaction as the nomination, keyed by the
form's submission id, so a form sent twice gets one receipt. Personal data never travels
in an event: the awards service sends the receipt itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from services.awards.models import AwardRound, Nomination, mail_tables
from shared.danish import long_date
from shared.db.types import utcnow
from shared.mail.compose import Letter
from shared.mail.outbox import MailOutbox
from shared.mail.render import MailTemplates
from shared.web import service_url

TEMPLATES = MailTemplates(Path(__file__).parent.parent / "mail")
KIND = "nomination_receipt"
_outbox = mail_tables.outbox


class ReceiptState(Enum):
    WAITING = "waiting"
    SENT = "sent"
    REFUSED = "refused"


@dataclass(frozen=True)
class ReceiptStatus:
    state: ReceiptState
    recipient: str
    reason: str | None  # why it was refused, or why it is still waiting


@dataclass(frozen=True)
class Receipts:
    outbox: MailOutbox
    base_url: str

    def enqueue(self, session: Session, round_: AwardRound, nomination: Nomination) -> None:
        if not nomination.nominator_email:
            return
        municipality = round_.municipality
        subject = f"Kvittering for din indstilling til {round_.title} ({nomination.reference})"
        text, html = TEMPLATES.render(
            "receipt", subject=subject, recipient_name=nomination.nominator_name or "",
            sender_name=f"{municipality.name} · {round_.title}", round_=round_, nomination=nomination,
            received=nomination.submitted_at, zone=municipality.timezone,
            ceremony=long_date(round_.ceremony_on) if round_.ceremony_on else None,
            receipt_url=self.base_url + service_url("awards", f"/virksomhedspris/kvittering/{nomination.submission_id}"),
            round_url=self.base_url + service_url("awards", f"/virksomhedspris/{municipality.slug}/{round_.year}/"))
        letter = Letter(to=nomination.nominator_email, to_name=nomination.nominator_name or "", subject=subject,
                        text=text, html=html, from_name=municipality.name)
        self.outbox.enqueue(session, letter, key=f"receipt:{nomination.submission_id}", kind=KIND,
                            scope=str(round_.municipality_id), reference=str(nomination.submission_id))


def receipt_status(session: Session, nomination: Nomination) -> ReceiptStatus | None:
    row = session.execute(select(_outbox.c.recipient, _outbox.c.sent_at, _outbox.c.rejected_at, _outbox.c.last_error)
                          .where(_outbox.c.key == f"receipt:{nomination.submission_id}")).first()
    if row is None or not row.recipient:
        return None
    if row.sent_at is not None:
        return ReceiptStatus(ReceiptState.SENT, row.recipient, None)
    if row.rejected_at is not None:
        return ReceiptStatus(ReceiptState.REFUSED, row.recipient, row.last_error)
    return ReceiptStatus(ReceiptState.WAITING, row.recipient, row.last_error)


def forget_recipients(session: Session, nominations: list[Nomination]) -> None:
    """With the nominators' data, the address their receipt went to goes too (and a
    receipt never sent is not sent now)."""
    references = [str(nomination.submission_id) for nomination in nominations]
    if not references:
        return
    ours = _outbox.c.reference.in_(references)
    session.execute(update(_outbox).where(ours, _outbox.c.sent_at.is_(None), _outbox.c.rejected_at.is_(None))
                    .values(rejected_at=utcnow(), last_error="Ikke sendt: indstillerens persondata er slettet."))
    session.execute(update(_outbox).where(ours).values(recipient="", message=b""))


def receipts_to(session: Session, municipality_id, email: str) -> list[dict]:
    """The receipts sent to an address, for the export of everything held about it."""
    rows = session.execute(select(_outbox.c.subject, _outbox.c.created_at, _outbox.c.sent_at, _outbox.c.rejected_at,
                                  _outbox.c.last_error)
                           .where(_outbox.c.kind == KIND, _outbox.c.scope == str(municipality_id),
                                  _outbox.c.recipient == email.strip().lower())
                           .order_by(_outbox.c.id))
    return [{"emne": row.subject, "skrevet": row.created_at.isoformat(),
             "sendt": row.sent_at.isoformat() if row.sent_at else None,
             "afvist": row.rejected_at.isoformat() if row.rejected_at else None,
             "mailserverens_svar": row.last_error} for row in rows]
