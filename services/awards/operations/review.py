"""The secretariat's review of a round's nominations (search, invalid, merge) and the
committee members' scores, ranked into the shortlist."""

from __future__ import annotations

import uuid

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from services.awards.domain import scoring
from services.awards.domain.nominations import NominationFacts, candidates, merge_error
from services.awards.models import AwardRound, Nomination, Score
from services.awards.operations.access import managed_nomination, scoring_round
from shared.auth import Principal
from shared.db.uow import UnitOfWork
from shared.errors import Conflict, Invalid, NotFound


def _require_open(round_: AwardRound) -> None:
    if round_.state != "open":
        raise Conflict("Runden er lukket; indstillingerne kan ikke længere ændres.")


def nominations_of(session: Session, round_: AwardRound, query: str = "") -> list[Nomination]:
    """The round's nominations, newest first; `query` searches company, CVR number,
    reference and nominator."""
    statement = select(Nomination).where(Nomination.round_id == round_.id)
    words = query.strip()
    if words:
        pattern = f"%{words.casefold()}%"
        digits = words.replace(" ", "")
        statement = statement.where(or_(
            func.lower(Nomination.company_name).like(pattern),
            func.lower(Nomination.nominator_name).like(pattern),
            func.lower(Nomination.nominator_email).like(pattern),
            func.lower(Nomination.reference).like(pattern),
            Nomination.cvr.like(f"%{digits}%"),
        ))
    return list(session.scalars(statement.order_by(Nomination.submitted_at.desc())))


def same_company(session: Session, nomination: Nomination) -> list[Nomination]:
    """The round's other nominations with the same CVR number."""
    return list(session.scalars(select(Nomination).where(
        Nomination.round_id == nomination.round_id, Nomination.cvr == nomination.cvr, Nomination.id != nomination.id)
        .order_by(Nomination.submitted_at)))


def valid_nomination_count(session: Session, round_: AwardRound) -> int:
    return session.execute(select(func.count(Nomination.id)).where(
        Nomination.round_id == round_.id, Nomination.status == "received")).scalar_one()


def candidate_groups(session: Session, round_: AwardRound) -> dict[uuid.UUID, list[Nomination]]:
    """Each candidate (one per company) with its nominations: the one that stands for the
    company first, then the others, oldest first."""
    rows = {str(row.id): row for row in session.scalars(select(Nomination).where(
        Nomination.round_id == round_.id, Nomination.status == "received").order_by(Nomination.submitted_at))}
    return {rows[lead].id: [rows[key] for key in members]
            for lead, members in candidates([_facts(row) for row in rows.values()]).items()}


def ranking(session: Session, round_: AwardRound,
            groups: dict[uuid.UUID, list[Nomination]] | None = None) -> list[scoring.RankedCandidate]:
    groups = candidate_groups(session, round_) if groups is None else groups
    candidates = [scoring.Candidate(id=str(cid), company_name=rows[0].company_name, cvr=rows[0].cvr,
                                    nominations=len(rows)) for cid, rows in groups.items()]
    scores = [scoring.Score(str(s.candidate_id), str(s.member_id), s.criterion, s.value)
              for s in session.scalars(select(Score).where(Score.candidate_id.in_(list(groups))))]
    return scoring.rank_candidates(candidates, scores, len(round_.criteria))


def ranked_shortlist(session: Session, round_: AwardRound,
                     groups: dict[uuid.UUID, list[Nomination]]) -> list[scoring.RankedCandidate]:
    return scoring.shortlist(ranking(session, round_, groups), round_.shortlist_size)


def mark_invalid(uow: UnitOfWork, principal: Principal, nomination_id: uuid.UUID, reason: str) -> Nomination:
    """Set a nomination aside with a reason; nominations merged into it become candidates again."""
    nomination = managed_nomination(uow.session, principal, nomination_id)
    _require_open(nomination.round)
    if not reason.strip():
        raise Invalid("Skriv hvorfor indstillingen afvises.", {"reason": ["Skriv en begrundelse."]})
    nomination.status = "invalid"
    nomination.invalid_reason = reason.strip()
    successor = None
    for merged in uow.session.scalars(select(Nomination).where(Nomination.merged_into_id == nomination.id)
                                      .order_by(Nomination.submitted_at)):
        merged.merged_into_id = None if successor is None else successor.id
        successor = successor or merged
    nomination.merged_into_id = None
    uow.session.execute(delete(Score).where(Score.candidate_id == nomination.id))
    uow.record_action(nomination.round_id, f"Indstilling {nomination.reference} ({nomination.company_name}) er afvist: "
                                           f"{nomination.invalid_reason}")
    uow.commit()
    return nomination


def restore(uow: UnitOfWork, principal: Principal, nomination_id: uuid.UUID) -> Nomination:
    """Undo a rejection: the nomination is a candidate of its own again."""
    nomination = managed_nomination(uow.session, principal, nomination_id)
    _require_open(nomination.round)
    nomination.status = "received"
    nomination.invalid_reason = None
    uow.record_action(nomination.round_id, f"Indstilling {nomination.reference} ({nomination.company_name}) "
                                           "er genoprettet.")
    uow.commit()
    return nomination


def _facts(nomination: Nomination) -> NominationFacts:
    return NominationFacts(id=str(nomination.id), round_id=str(nomination.round_id), cvr=nomination.cvr,
                           valid=nomination.valid,
                           merged_into=str(nomination.merged_into_id) if nomination.merged_into_id else None)


def merge(uow: UnitOfWork, principal: Principal, target_id: uuid.UUID, other_id: uuid.UUID) -> Nomination:
    """Show `other` (and what was merged into it) under `target`: one candidate for the
    company. Points given to `other` are dropped; members score the candidate."""
    session = uow.session
    target = managed_nomination(session, principal, target_id)
    try:
        other = managed_nomination(session, principal, other_id)
    except NotFound as exc:
        raise Invalid("Vælg en indstilling fra samme runde.", {"other_id": ["Indstillingen findes ikke."]}) from exc
    _require_open(target.round)
    problem = merge_error(_facts(target), _facts(other))
    if problem:
        raise Invalid("Indstillingerne kan ikke lægges sammen.", {"other_id": [problem]})
    for merged in session.scalars(select(Nomination).where(Nomination.merged_into_id == other.id)):
        merged.merged_into_id = target.id
    other.merged_into_id = target.id
    session.execute(delete(Score).where(Score.candidate_id == other.id))
    uow.record_action(target.round_id, f"Indstilling {other.reference} er lagt sammen med {target.reference} "
                                       f"({target.company_name}).")
    uow.commit()
    return target


def candidate_of(session: Session, principal: Principal, candidate_id: uuid.UUID) -> tuple[AwardRound, list[Nomination]]:
    """A candidate a committee member scores, with its nominations."""
    nomination = session.get(Nomination, candidate_id)
    if nomination is None:
        raise NotFound("Kandidaten findes ikke.")
    round_ = scoring_round(session, principal, nomination.round_id)
    group = candidate_groups(session, round_).get(candidate_id)
    if group is None:
        raise NotFound("Kandidaten findes ikke (indstillingen er lagt sammen med en anden eller afvist).")
    return round_, group


def member_scores(session: Session, member_id: uuid.UUID | None,
                  candidate_ids: list[uuid.UUID]) -> dict[uuid.UUID, dict[int, int]]:
    """The member's points per candidate and criterion; none for someone who is no member."""
    found: dict[uuid.UUID, dict[int, int]] = {}
    if member_id is None:
        return found
    for score in session.scalars(select(Score).where(Score.member_id == member_id,
                                                     Score.candidate_id.in_(candidate_ids))):
        found.setdefault(score.candidate_id, {})[score.criterion] = score.value
    return found


def record_scores(uow: UnitOfWork, principal: Principal, candidate_id: uuid.UUID,
                  values: dict[int, int | None]) -> None:
    """The member's points for the candidate per criterion (index → 0..5, None to withdraw)."""
    session = uow.session
    round_, _group = candidate_of(session, principal, candidate_id)
    _require_open(round_)
    errors = {}
    for criterion, value in values.items():
        if not 0 <= criterion < len(round_.criteria):
            errors[f"criterion_{criterion}"] = ["Ukendt kriterium."]
        elif value is not None and (problem := scoring.score_error(value)):
            errors[f"criterion_{criterion}"] = [problem]
    if errors:
        raise Invalid("Pointene er ikke udfyldt korrekt.", errors)
    existing = {s.criterion: s for s in session.scalars(select(Score).where(
        Score.candidate_id == candidate_id, Score.member_id == principal.member_id))}
    for criterion, value in values.items():
        score = existing.get(criterion)
        if value is None:
            if score is not None:
                session.delete(score)
        elif score is None:
            session.add(Score(candidate_id=candidate_id, member_id=principal.member_id, criterion=criterion, value=value))
        else:
            score.value = value
    uow.commit()
