"""Nominators' personal data: deleted a configurable number of months after the round
ends, and exported on request (everything held about one e-mail address)."""

from __future__ import annotations

import base64
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from services.awards.domain.retention import purge_is_due
from services.awards.domain.window import round_end
from services.awards.models import AwardRound, Nomination
from services.awards.operations.receipts import forget_recipients, receipts_to
from shared.auth import Principal
from shared.db.uow import UnitOfWork
from shared.errors import Forbidden


@dataclass(frozen=True)
class PurgeResult:
    rounds: int
    nominations: int


def round_ended_on(round_: AwardRound) -> date:
    zone = ZoneInfo(round_.municipality.timezone)
    return round_end(round_.closes_at.astimezone(zone), round_.ceremony_on)


def _local_day(round_: AwardRound, now: datetime) -> date:
    return now.astimezone(ZoneInfo(round_.municipality.timezone)).date()


def anonymise(nomination: Nomination, now: datetime) -> None:
    """The nominator's name, e-mail, phone and attachment go; the company and the reasons
    (the round's history) stay."""
    nomination.nominator_name = None
    nomination.nominator_email = None
    nomination.nominator_phone = None
    nomination.attachment = None
    nomination.attachment_name = None
    nomination.attachment_type = None
    nomination.anonymised_at = now


def purge_expired(uow: UnitOfWork, months: int, now: datetime) -> PurgeResult:
    """Anonymise the nominations of every round that ended at least `months` ago. Safe to
    run again: a purged round is skipped."""
    rounds = nominations = 0
    candidates = uow.session.scalars(select(AwardRound).where(
        AwardRound.state != "open", AwardRound.personal_data_deleted_at.is_(None)))
    for round_ in list(candidates):
        if not purge_is_due(round_ended_on(round_), months, _local_day(round_, now)):
            continue
        due = list(uow.session.scalars(select(Nomination).where(
            Nomination.round_id == round_.id, Nomination.anonymised_at.is_(None))))
        for nomination in due:
            anonymise(nomination, now)
            nominations += 1
        forget_recipients(uow.session, due)
        round_.personal_data_deleted_at = now
        rounds += 1
    uow.commit()
    return PurgeResult(rounds=rounds, nominations=nominations)


def export_for_email(session, principal: Principal, municipality_id: uuid.UUID, email: str) -> dict:
    """Everything the municipality's award holds about the e-mail address (GDPR art. 15
    and 20), as JSON-ready data; the attachments base64-encoded."""
    if not principal.manages(municipality_id):
        raise Forbidden("Kun kommunens sekretariat kan udlevere personoplysninger.")
    rows = session.scalars(
        select(Nomination).join(AwardRound, Nomination.round_id == AwardRound.id)
        .where(AwardRound.municipality_id == municipality_id,
               func.lower(Nomination.nominator_email) == email.strip().lower())
        .order_by(Nomination.submitted_at))
    return {
        "e-mail": email.strip().lower(),
        "kvitteringer": receipts_to(session, municipality_id, email),
        "indstillinger": [{
            "runde": row.round.title,
            "referencenummer": row.reference,
            "modtaget": row.submitted_at.isoformat(),
            "indstiller": {"navn": row.nominator_name, "e-mail": row.nominator_email, "telefon": row.nominator_phone},
            "samtykke": row.consent_text,
            "virksomhed": {"navn": row.company_name, "cvr": row.cvr, "adresse": row.company_address},
            "begrundelser": [{"kriterium": criterion, "tekst": reason}
                             for criterion, reason in zip(row.round.criteria, row.reasons)],
            "status": "afvist" if row.status == "invalid" else "modtaget",
            "afvist_fordi": row.invalid_reason,
            "bilag": None if row.attachment is None else {
                "navn": row.attachment_name, "type": row.attachment_type,
                "indhold_base64": base64.b64encode(row.attachment).decode("ascii")},
        } for row in rows],
    }
