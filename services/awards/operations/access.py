"""Loading rows on behalf of a principal. The secretariat manages its own municipality's
rounds; the deciding committee's members score. A row of another municipality is
answered as missing."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, contains_eager

from services.awards.models import AwardRound, CommitteeCopy, MunicipalityCopy, Nomination
from shared.auth import Principal
from shared.errors import Forbidden, NotFound
from shared.periods import in_period


def require_login(principal: Principal) -> None:
    if not principal.is_authenticated:
        raise Forbidden("Log ind for at se siden.")


def municipality_by_slug(session: Session, slug: str) -> MunicipalityCopy:
    found = session.scalar(select(MunicipalityCopy).where(MunicipalityCopy.slug == slug))
    if found is None:
        raise NotFound(f"Kommunen »{slug}« findes ikke.")
    return found


def managed_municipality(session: Session, principal: Principal) -> MunicipalityCopy:
    """The secretary's own municipality."""
    require_login(principal)
    if principal.role != "secretary" or principal.municipality_id is None:
        raise Forbidden("Siden er for kommunens udvalgssekretærer.")
    found = session.get(MunicipalityCopy, principal.municipality_id)
    if found is None:
        raise Forbidden("Din kommune er ikke kendt af denne tjeneste endnu.")
    return found


def managed_round(session: Session, principal: Principal, round_id: uuid.UUID) -> AwardRound:
    require_login(principal)
    found = session.get(AwardRound, round_id)
    if found is None or not principal.manages(found.municipality_id):
        raise NotFound("Runden findes ikke.")
    return found


def managed_nomination(session: Session, principal: Principal, nomination_id: uuid.UUID) -> Nomination:
    require_login(principal)
    found = session.get(Nomination, nomination_id)
    if found is None or not principal.manages(found.round.municipality_id):
        raise NotFound("Indstillingen findes ikke.")
    return found


def sits_on(committee: CommitteeCopy, principal: Principal) -> bool:
    """The member sits on the committee today (a former member scores no more)."""
    today = date.today()
    return principal.member_id is not None and any(
        member["member_id"] == str(principal.member_id) and in_period(today, member.get("starts_on"), member.get("ends_on"))
        for member in committee.members)


def scoring_round(session: Session, principal: Principal, round_id: uuid.UUID) -> AwardRound:
    """A round the principal scores: they sit on its deciding committee."""
    require_login(principal)
    found = session.get(AwardRound, round_id)
    if found is None or not principal.belongs_to(found.municipality_id):
        raise NotFound("Runden findes ikke.")
    if not sits_on(found.committee, principal):
        raise Forbidden("Kun medlemmer af det udvalg, der vælger vinderen, giver point.")
    return found


def public_round(session: Session, slug: str, year: int) -> AwardRound:
    """The round with its municipality, in one statement (the public form's every request)."""
    found = session.scalar(
        select(AwardRound).join(AwardRound.municipality).options(contains_eager(AwardRound.municipality))
        .where(MunicipalityCopy.slug == slug, AwardRound.year == year))
    if found is None:
        municipality = municipality_by_slug(session, slug)
        raise NotFound(f"{municipality.name} har ingen virksomhedspris for {year}.")
    return found
