"""The nominator's receipt by e-mail: only to the address they gave, only their own data.

Written into the mail outbox in the same transaction as the nomination, keyed by the
form's submission id, so a form sent twice gets one receipt. The form stores a draft; the
mail sender composes the letter when it sends it, so the form's answer does not wait for
templates and MIME. Personal data never travels
in an event: the awards service sends the receipt itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from services.awards.models import AwardRound, Nomination, mail_tables
from shared.danish import long_date
from shared.db.types import utcnow
from shared.mail.compose import Letter
from shared.mail.drafts import Composer, Draft
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
        """The receipt as a draft: the form's request only stores what it needs, and the
        mail sender writes it (receipt_letter) when it sends it."""
        if not nomination.nominator_email:
            return
        municipality = round_.municipality
        subject = f"Kvittering for din indstilling til {round_.title} ({nomination.reference})"
        data = {
            "subject": subject, "recipient_name": nomination.nominator_name or "", "municipality": municipality.name,
            "round": {"title": round_.title}, "zone": municipality.timezone,
            "nomination": {"company_name": nomination.company_name, "cvr": nomination.cvr,
                           "reference": nomination.reference},
            "received": nomination.submitted_at.isoformat(),
            "ceremony_on": round_.ceremony_on.isoformat() if round_.ceremony_on else None,
            "receipt_url": self.base_url + service_url("awards", f"/virksomhedspris/kvittering/{nomination.submission_id}"),
            "round_url": self.base_url + service_url("awards", f"/virksomhedspris/{municipality.slug}/{round_.year}/"),
        }
        self.outbox.enqueue_draft(session, Draft(to=nomination.nominator_email, subject=subject, data=data),
                                  key=f"receipt:{nomination.submission_id}", kind=KIND,
                                  scope=str(round_.municipality_id), reference=str(nomination.submission_id))


def receipt_letter(recipient: str, data: Mapping[str, Any]) -> Letter:
    """The receipt's Danish text and HTML from what the form stored (the mail sender's
    composer of KIND)."""
    ceremony_on = data["ceremony_on"]
    text, html = TEMPLATES.render(
        "receipt", subject=data["subject"], recipient_name=data["recipient_name"],
        sender_name=f"{data['municipality']} · {data['round']['title']}", round_=data["round"],
        nomination=data["nomination"], received=datetime.fromisoformat(data["received"]), zone=data["zone"],
        ceremony=long_date(date.fromisoformat(ceremony_on)) if ceremony_on else None,
        receipt_url=data["receipt_url"], round_url=data["round_url"])
    return Letter(to=recipient, to_name=data["recipient_name"], subject=data["subject"], text=text, html=html,
                  from_name=data["municipality"])


COMPOSERS: Mapping[str, Composer] = {KIND: receipt_letter}


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
    session.execute(update(_outbox).where(ours).values(recipient="", message=b"", draft=None))


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
