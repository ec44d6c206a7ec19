"""Rounds: creating and changing them, closing them (which puts the shortlist before the
committee), and recording the winner the committee chose."""

from __future__ import annotations

import base64
import uuid
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from services.awards.documents.annex import annex_filename, build_annex
from services.awards.domain.decisions import is_latest_decision
from services.awards.domain.window import RoundDates, round_date_errors, winner_is_public
from services.awards.models import (
    AwardRound,
    CommitteeCopy,
    MeetingCopy,
    MunicipalityCopy,
    Nomination,
)
from services.awards.operations.access import managed_round
from services.awards.operations.review import (
    candidate_groups,
    ranked_shortlist,
    valid_nomination_count,
)
from shared.auth import Principal
from shared.danish import long_date, long_meeting_datetime
from shared.db.uow import UnitOfWork
from shared.errors import Conflict, Forbidden, Invalid
from shared.log import get_logger
from shared.uploads import DOCX

log = get_logger(__name__)

ROUND_FIELDS = ("year", "title", "description", "criteria", "prize_amount", "budget_lines", "opens_at", "closes_at",
                "case_number", "committee_id", "meeting_id", "ceremony_on", "ceremony_time", "ceremony_place",
                "shortlist_size")
CEREMONY_FIELDS = ("ceremony_on", "ceremony_time", "ceremony_place")
MEETING_OPEN_FOR_ITEMS = ("planned", "published")
STATE_NAMES = {"open": "åben", "closed": "lukket", "decided": "afgjort"}


def local_today(round_: AwardRound) -> date:
    return datetime.now(ZoneInfo(round_.municipality.timezone)).date()


def _check(session, municipality_id: uuid.UUID, data: dict, round_id: uuid.UUID | None = None) -> None:
    """Rules a round's values must keep together; raises Invalid keyed by form field."""
    errors: dict[str, list[str]] = {}
    committee = session.get(CommitteeCopy, data["committee_id"])
    if committee is None or committee.municipality_id != municipality_id:
        errors["committee_id"] = ["Vælg et af kommunens udvalg."]
    meeting = session.get(MeetingCopy, data["meeting_id"]) if data.get("meeting_id") else None
    if data.get("meeting_id") and (meeting is None or meeting.committee_id != data["committee_id"]):
        errors["meeting_id"] = ["Vælg et møde i det udvalg, der vælger vinderen."]
    criteria = [c.strip() for c in data["criteria"] if c.strip()]
    if not criteria:
        errors["criteria"] = ["Skriv mindst ét kriterium."]
    elif len(criteria) > 12:
        errors["criteria"] = ["Højst 12 kriterier."]
    data["criteria"] = criteria
    zone = session.get(MunicipalityCopy, municipality_id).timezone
    errors.update(round_date_errors(RoundDates(
        year=data["year"], opens_at=data["opens_at"].astimezone(ZoneInfo(zone)),
        closes_at=data["closes_at"].astimezone(ZoneInfo(zone)), ceremony_on=data.get("ceremony_on"),
        meeting_on=meeting.date if meeting is not None else None)))
    same_year = session.scalar(select(AwardRound.id).where(
        AwardRound.municipality_id == municipality_id, AwardRound.year == data["year"]))
    if same_year is not None and same_year != round_id:
        errors["year"] = [f"Der er allerede en runde for {data['year']}."]
    if errors:
        raise Invalid("Runden er ikke udfyldt korrekt.", errors)


# How the history names a changed field.
FIELD_NAMES = {"year": "år", "title": "titel", "description": "beskrivelse", "criteria": "kriterier",
               "prize_amount": "prisens størrelse", "budget_lines": "budget", "opens_at": "start",
               "closes_at": "frist", "case_number": "sagsnummer", "committee_id": "udvalg", "meeting_id": "møde",
               "ceremony_on": "prisoverrækkelse", "ceremony_time": "tidspunkt", "ceremony_place": "sted",
               "shortlist_size": "antal kandidater"}


def _local(round_: AwardRound, moment: datetime) -> str:
    return long_meeting_datetime(moment, round_.municipality.timezone)


def create_round(uow: UnitOfWork, principal: Principal, municipality_id: uuid.UUID, data: dict) -> AwardRound:
    if not principal.manages(municipality_id):
        raise Forbidden("Kun kommunens sekretariat kan oprette en runde.")
    session = uow.session
    still_open = open_round(session, municipality_id)
    if still_open is not None:
        raise Conflict(f"{still_open.title} er stadig åben. Luk den, før en ny runde oprettes.")
    _check(session, municipality_id, data)
    round_ = AwardRound(municipality_id=municipality_id, state="open", **{k: data[k] for k in ROUND_FIELDS if k in data})
    session.add(round_)
    try:
        session.flush()
        announce_round(uow, round_)
        uow.record_action(round_.id, f"Runden er oprettet: indstillinger fra {_local(round_, round_.opens_at)} "
                                     f"til {_local(round_, round_.closes_at)}.")
        uow.commit()
    except IntegrityError as exc:
        # Two secretaries creating a round at the same moment: the database keeps one.
        uow.rollback()
        raise Conflict("Der er allerede en åben runde eller en runde for samme år.") from exc
    return round_


def update_round(uow: UnitOfWork, principal: Principal, round_id: uuid.UUID, data: dict) -> AwardRound:
    """Change a round that still takes nominations (criteria, window, meeting, ...)."""
    round_ = managed_round(uow.session, principal, round_id)
    if round_.state != "open":
        raise Conflict(f"Runden er {STATE_NAMES[round_.state]}; kun prisoverrækkelsen kan ændres.")
    _check(uow.session, round_.municipality_id, data, round_.id)
    if len(data["criteria"]) != len(round_.criteria) and _has_nominations(uow.session, round_):
        raise Invalid("Kriterierne kan ikke ændres i antal, når der er kommet indstillinger.",
                      {"criteria": ["Der er indstillinger, som svarer på de nuværende kriterier."]})
    changed = [key for key in ROUND_FIELDS if key in data and getattr(round_, key) != data[key]]
    for key in changed:
        setattr(round_, key, data[key])
    if changed:
        uow.record_action(round_.id, "Runden er ændret: " + ", ".join(FIELD_NAMES.get(k, k) for k in changed) + ".")
    if set(changed) & {"title", "committee_id", "closes_at", "year"}:
        announce_round(uow, round_)
    uow.commit()
    return round_


def announce_round(uow: UnitOfWork, round_: AwardRound) -> None:
    """Tell the agenda service which committee's members score the round's candidates,
    until when, and whether they still do (their start page lists the open rounds)."""
    uow.publish("awards.round.changed.v1", {
        "round_id": round_.id, "municipality_id": round_.municipality_id, "committee_id": round_.committee_id,
        "year": round_.year, "title": round_.title, "closes_at": round_.closes_at, "open": round_.state == "open",
    }, subject=f"rounds/{round_.id}")


def _has_nominations(session, round_: AwardRound) -> bool:
    return session.scalar(select(Nomination.id).where(Nomination.round_id == round_.id).limit(1)) is not None


def update_ceremony(uow: UnitOfWork, principal: Principal, round_id: uuid.UUID, data: dict) -> AwardRound:
    """Date, time and place of the ceremony, in any state; a decided round's calendar entry follows."""
    round_ = managed_round(uow.session, principal, round_id)
    ceremony_on = data.get("ceremony_on")
    if ceremony_on is not None and ceremony_on < round_.closes_at.astimezone(ZoneInfo(round_.municipality.timezone)).date():
        raise Invalid("Prisoverrækkelsen er ikke udfyldt korrekt.",
                      {"ceremony_on": ["Prisoverrækkelsen skal ligge efter fristen for indstillinger."]})
    for key in CEREMONY_FIELDS:
        setattr(round_, key, data.get(key))
    if round_.state != "decided":  # a decided round's history gets the ceremony from its event
        where = f"{long_date(round_.ceremony_on)}" if round_.ceremony_on else "ingen dato"
        uow.record_action(round_.id, f"Prisoverrækkelsen er ændret: {where}.")
    if round_.state == "decided":
        announce_ceremony(uow, round_)
    uow.commit()
    return round_


def close_round(uow: UnitOfWork, principal: Principal, round_id: uuid.UUID, now: datetime) -> AwardRound:
    """End the nominations and put the shortlist before the committee: the agenda service
    puts a closed item with the annex on the round's meeting."""
    session = uow.session
    round_ = managed_round(session, principal, round_id)
    if round_.state != "open":
        raise Conflict("Runden er allerede lukket.")
    errors: dict[str, list[str]] = {}
    if round_.meeting is None:
        errors["meeting_id"] = ["Vælg først mødet, hvor udvalget vælger vinderen."]
    elif round_.meeting.status not in MEETING_OPEN_FOR_ITEMS:
        errors["meeting_id"] = ["Mødet er afholdt eller aflyst. Vælg et andet møde."]
    groups = candidate_groups(session, round_)
    if not groups:
        errors["candidates"] = ["Runden har ingen gyldige indstillinger."]
    if errors:
        raise Invalid("Runden kan ikke lukkes endnu.", errors)
    shortlist = ranked_shortlist(session, round_, groups)
    round_.state = "closed"
    round_.closed_at = now
    round_.closes_at = min(round_.closes_at, now)
    round_.agenda_item_id = uuid.uuid4()
    annex = build_annex(round_, shortlist, groups)
    announce_round(uow, round_)
    uow.publish("awards.round.closed.v1", {
        "round_id": round_.id,
        "municipality_id": round_.municipality_id,
        "committee_id": round_.committee_id,
        "year": round_.year,
        "title": round_.title,
        "criteria": list(round_.criteria),
        "prize_amount": round_.prize_amount,
        "nominations_received": valid_nomination_count(session, round_),
        "agenda_item": {"id": round_.agenda_item_id, "meeting_id": round_.meeting_id,
                        "case_number": round_.case_number},
        "shortlist": [{
            "candidate_id": row.candidate.id, "rank": row.rank, "company_name": row.candidate.company_name,
            "cvr": row.candidate.cvr, "score": row.total,
            "nominations": row.candidate.nominations,
        } for row in shortlist],
        "annex": {"filename": annex_filename(round_), "content_type": DOCX,
                  "content_base64": base64.b64encode(annex).decode("ascii")},
    }, subject=f"rounds/{round_.id}")
    uow.commit()
    return round_


def ceremony_title(round_: AwardRound) -> str:
    return f"Overrækkelse af {round_.title}"


def announce_ceremony(uow: UnitOfWork, round_: AwardRound, *, cancelled: bool = False) -> None:
    """Tell the agenda service the ceremony's date and place, for the committee's årshjul;
    `cancelled` when the committee's decision no longer names a winner to honour."""
    if round_.ceremony_on is None:
        return
    uow.publish("awards.ceremony.scheduled.v1", {
        "cancelled": cancelled,
        "round_id": round_.id,
        "committee_id": round_.committee_id,
        "title": ceremony_title(round_),
        "date": round_.ceremony_on,
        "start_time": round_.ceremony_time,
        "place": round_.ceremony_place,
        "description": f"{round_.title} overrækkes ved et arrangement med virksomheden og medarbejderne.",
    }, subject=f"rounds/{round_.id}")


def apply_decision(uow: UnitOfWork, item_id: uuid.UUID, award: dict | None, decided_on: date,
                   recorded_at: datetime | None) -> AwardRound | None:
    """The committee decided on an agenda item (a decision event). On a round's item the
    latest decision stands: it names the winner, another winner, or none, and the round,
    its public page and the ceremony in the committee's calendar follow. Decisions on
    other items, and an award the service does not know, are left alone (the latter logged)."""
    session = uow.session
    round_ = session.scalar(select(AwardRound).where(AwardRound.agenda_item_id == item_id))
    if round_ is None and award is not None:
        round_ = session.get(AwardRound, award["round_id"])
    if round_ is None or round_.state == "open":
        if award is not None:
            log.warning("awards.unknown_winner", round_id=str(award["round_id"]), candidate_id=str(award["candidate_id"]))
        return None
    if not is_latest_decision(recorded_at, round_.decision_recorded_at):
        return round_
    winner = session.get(Nomination, award["candidate_id"]) if award is not None else None
    if award is not None and (winner is None or winner.round_id != round_.id):
        log.warning("awards.unknown_winner", round_id=str(award["round_id"]), candidate_id=str(award["candidate_id"]))
        return None
    round_.decision_recorded_at = recorded_at or round_.decision_recorded_at
    had_winner = round_.state == "decided"
    if award is None or winner is None:
        round_.winner_id = round_.winner_reason = round_.decided_on = None
        round_.state = "closed"
        if had_winner:
            announce_ceremony(uow, round_, cancelled=True)
        return round_
    round_.winner_id = winner.id
    round_.winner_reason = award["reason"].strip()
    round_.decided_on = decided_on
    round_.state = "decided"
    announce_ceremony(uow, round_)
    return round_


def rounds_of(session, municipality_id: uuid.UUID) -> list[AwardRound]:
    return list(session.scalars(select(AwardRound).where(AwardRound.municipality_id == municipality_id)
                                .order_by(AwardRound.year.desc())))


def public_winner(session, round_: AwardRound) -> Nomination | None:
    """The winner, once the ceremony is over (it is announced there)."""
    return public_winners(session, [round_])[round_.id]


def public_winners(session, rounds: list[AwardRound]) -> dict[uuid.UUID, Nomination | None]:
    """`public_winner` of each round, read in one statement however many rounds there are."""
    shown = {round_.id: round_.winner_id for round_ in rounds
             if round_.state == "decided" and round_.winner_id is not None
             and winner_is_public(round_.ceremony_on, local_today(round_))}
    winners = {row.id: row for row in session.scalars(
        select(Nomination).where(Nomination.id.in_(list(shown.values()))))} if shown else {}
    return {round_.id: winners.get(shown[round_.id]) if round_.id in shown else None for round_ in rounds}


def open_round(session, municipality_id: uuid.UUID) -> AwardRound | None:
    return session.scalar(select(AwardRound).where(AwardRound.municipality_id == municipality_id,
                                                   AwardRound.state == "open"))


def committees_of(session, municipality_id: uuid.UUID) -> list[CommitteeCopy]:
    return list(session.scalars(select(CommitteeCopy).where(CommitteeCopy.municipality_id == municipality_id)
                                .order_by(CommitteeCopy.name)))


def meetings_of(session, municipality_id: uuid.UUID) -> list[MeetingCopy]:
    """Meetings the nominations can be treated at: the municipality's, not cancelled."""
    return list(session.scalars(
        select(MeetingCopy).join(CommitteeCopy).where(CommitteeCopy.municipality_id == municipality_id,
                                                      MeetingCopy.status != "cancelled")
        .order_by(MeetingCopy.date)))
