"""Taking a nomination from the public form: once, however often the form is sent."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from services.awards.domain.cvr import cvr_error, normalise_cvr
from services.awards.domain.references import new_reference
from services.awards.domain.window import WindowState, window_state
from services.awards.models import AwardRound, Nomination
from services.awards.operations.receipts import Receipts
from shared.db.uow import UnitOfWork
from shared.errors import Conflict, Invalid, NotFound
from shared.uploads import Upload

REFERENCE_ATTEMPTS = 5


class WindowClosed(Conflict):
    """The round does not take nominations now."""


@dataclass(frozen=True)
class NominationInput:
    submission_id: uuid.UUID
    company_name: str
    cvr: str
    company_address: str
    reasons: list[str]
    nominator_name: str
    nominator_email: str
    nominator_phone: str | None
    consent_text: str
    attachment: Upload | None = None


def nomination_by_submission(session, submission_id: uuid.UUID) -> Nomination | None:
    return session.scalar(select(Nomination).where(Nomination.submission_id == submission_id))


def _check(round_: AwardRound, data: NominationInput) -> None:
    errors: dict[str, list[str]] = {}
    problem = cvr_error(data.cvr)
    if problem:
        errors["cvr"] = [problem]
    if len(data.reasons) != len(round_.criteria):
        errors["reasons"] = ["Svar på kriterierne i runden."]
    elif not any(reason.strip() for reason in data.reasons):
        errors["reasons"] = ["Skriv under mindst ét kriterium, hvorfor virksomheden fortjener prisen."]
    if errors:
        raise Invalid("Indstillingen er ikke udfyldt korrekt.", errors)


def submit_nomination(uow: UnitOfWork, round_id: uuid.UUID, data: NominationInput, now: datetime,
                      receipts: Receipts | None = None) -> Nomination:
    """Store the nomination under a new reference number, with the receipt to the
    nominator's address in the same transaction. A form sent twice (double click, reload,
    back and send again) carries the same submission id and gets the nomination (and the
    one receipt) that was stored the first time.

    The insert is tried first and the unique submission id decides: a form sent once,
    the common case, costs one INSERT and no lookup."""
    session = uow.session
    round_ = session.get(AwardRound, round_id)
    if round_ is None:
        raise NotFound("Runden findes ikke.")
    for _attempt in range(REFERENCE_ATTEMPTS):
        state = window_state(round_.opens_at, round_.closes_at, now, round_open=round_.state == "open")
        if state is not WindowState.OPEN:
            existing = nomination_by_submission(session, data.submission_id)
            if existing is not None:
                return existing
            raise WindowClosed("Runden tager ikke imod indstillinger nu.")
        _check(round_, data)
        attachment = data.attachment
        nomination = Nomination(
            round_id=round_.id, reference=new_reference(round_.year), submission_id=data.submission_id,
            submitted_at=now, company_name=data.company_name, cvr=normalise_cvr(data.cvr),
            company_address=data.company_address, reasons=[r.strip() for r in data.reasons],
            nominator_name=data.nominator_name, nominator_email=data.nominator_email.lower(),
            nominator_phone=data.nominator_phone or None, consent_text=data.consent_text,
            attachment_name=attachment.filename if attachment else None,
            attachment_type=attachment.content_type if attachment else None,
            attachment=attachment.content if attachment else None, status="received",
        )
        session.add(nomination)
        try:
            if receipts is not None:
                receipts.enqueue(session, round_, nomination)
            uow.commit()
        except IntegrityError:
            # The same form committed first by another request (a double click), or (very
            # rarely) a reference number already in use: look, and for the latter draw anew.
            uow.rollback()
            existing = nomination_by_submission(session, data.submission_id)
            if existing is not None:
                return existing
            round_ = session.get(AwardRound, round_id)
            if round_ is None:
                raise NotFound("Runden findes ikke.") from None
            continue
        return nomination
    raise RuntimeError("no free reference number after several attempts")
