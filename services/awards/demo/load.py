"""Loads Lejre's award: the Virksomhedspris 2019 of the reference minutes (item 5 of 8
January 2020: its six criteria, the 10.000 kr. prize and the 4 × 5.000 kr. budget),
nominated, reviewed, scored and decided at the meeting of 15 April 2020; and a round of
this year whose nomination window is open on the day the demo is loaded, so the public
form can be tried at once.

Everything goes through the service layer, once the agenda service's events about Lejre,
its committee and its meetings have arrived. The 2019 round was decided before the
system was in use, so its decision is written here directly instead of arriving from
the decisions service (the demo agenda already holds its closed item)."""

from __future__ import annotations

import json
import time
import uuid
from datetime import date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select

from services.awards.config import AwardsOptions
from services.awards.domain.consent import consent_statement
from services.awards.models import AwardRound, CommitteeCopy, MeetingCopy, MunicipalityCopy
from services.awards.operations.nominations import NominationInput, submit_nomination
from services.awards.operations.review import mark_invalid, merge, record_scores
from services.awards.operations.rounds import announce_ceremony, announce_round, create_round
from shared.auth import SYSTEM, Principal
from shared.log import get_logger
from shared.runtime import ServiceRuntime

log = get_logger(__name__)

DATA = Path(__file__).parent / "lejre.json"


def _copies(runtime: ServiceRuntime, data: dict) -> tuple | None:
    past_meeting = date.fromisoformat(data["past_round"]["meeting_date"])
    with runtime.uow() as uow:
        session = uow.session
        municipality = session.scalar(select(MunicipalityCopy).where(MunicipalityCopy.slug == data["municipality"]))
        if municipality is None:
            return None
        committee = session.scalar(select(CommitteeCopy).where(
            CommitteeCopy.municipality_id == municipality.id, CommitteeCopy.code == data["committee"]))
        if committee is None or not committee.members:
            return None
        meeting = session.scalar(select(MeetingCopy).where(
            MeetingCopy.committee_id == committee.id, MeetingCopy.date == past_meeting))
        if meeting is None:
            return None
        uow.session.expunge_all()  # read on after the unit of work ends
        return municipality, committee, meeting


def _wait_for_copies(runtime: ServiceRuntime, data: dict, timeout: float) -> tuple | None:
    deadline = time.monotonic() + timeout
    while True:
        found = _copies(runtime, data)
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


def load_demo(runtime: ServiceRuntime, timeout: float = 60.0) -> bool:
    """Load the demo unless it is there; returns whether it loaded."""
    data = json.loads(DATA.read_text(encoding="utf-8"))
    copies = _wait_for_copies(runtime, data, timeout)
    if copies is None:
        log.warning("demo.awards_skipped", reason="the agenda service's demo committee and meetings have not arrived")
        return False
    municipality, committee, meeting = copies
    with runtime.uow() as uow:
        if uow.session.scalar(select(AwardRound.id).where(AwardRound.municipality_id == municipality.id)):
            return False
    consent = consent_statement(municipality.name, AwardsOptions.from_env().personal_data_months)
    _past_round(runtime, data["past_round"], municipality, committee, meeting, consent)
    _current_round(runtime, data["current_round"], municipality, committee, consent)
    log.info("demo.loaded", service="awards")
    return True


def _nominate(runtime: ServiceRuntime, round_id: uuid.UUID, specs: list[dict], first: datetime, consent: str) -> list:
    ids = []
    for number, spec in enumerate(specs):
        with runtime.uow() as uow:
            nomination = submit_nomination(uow, round_id, NominationInput(
                submission_id=uuid.uuid4(), company_name=spec["company_name"], cvr=spec["cvr"],
                company_address=spec["company_address"], reasons=spec["reasons"],
                nominator_name=spec["nominator_name"], nominator_email=spec["nominator_email"],
                nominator_phone=spec["nominator_phone"], consent_text=consent,
            ), first + timedelta(hours=5 * number + 1))
            ids.append(nomination.id)
    return ids


def _past_round(runtime, spec: dict, municipality, committee, meeting, consent: str) -> None:
    zone = ZoneInfo(municipality.timezone)
    with runtime.uow() as uow:
        round_ = create_round(uow, SYSTEM, municipality.id, {
            **{key: spec[key] for key in ("year", "title", "description", "criteria", "prize_amount",
                                          "budget_lines", "case_number", "ceremony_place")},
            "opens_at": datetime.fromisoformat(spec["opens_at"]).replace(tzinfo=zone),
            "closes_at": datetime.fromisoformat(spec["closes_at"]).replace(tzinfo=zone),
            "committee_id": committee.id, "meeting_id": meeting.id,
            "ceremony_on": date.fromisoformat(spec["ceremony_on"]),
            "ceremony_time": clock.fromisoformat(spec["ceremony_time"]), "shortlist_size": 3,
        })
        round_id, opens_at = round_.id, round_.opens_at
    ids = _nominate(runtime, round_id, spec["nominations"], opens_at, consent)
    for target, other in spec["merges"]:
        with runtime.uow() as uow:
            merge(uow, SYSTEM, ids[target], ids[other])
    for index, reason in spec["invalid"].items():
        with runtime.uow() as uow:
            mark_invalid(uow, SYSTEM, ids[int(index)], reason)
    members = {m["name"]: uuid.UUID(m["member_id"]) for m in committee.members}
    companies = {spec["nominations"][target]["company_name"]: ids[target] for target, _ in spec["merges"]}
    companies.update({n["company_name"]: ids[i] for i, n in enumerate(spec["nominations"])
                      if n["company_name"] not in companies and str(i) not in spec["invalid"]})
    for name, given in spec["scores"].items():
        member = Principal(role="member", user_id=uuid.uuid4(), municipality_id=municipality.id,
                           member_id=members[name], name=name)
        for company, values in given.items():
            with runtime.uow() as uow:
                record_scores(uow, member, companies[company], dict(enumerate(values)))
    winner = spec["winner"]
    with runtime.uow() as uow:
        round_ = uow.session.get(AwardRound, round_id)
        round_.state, round_.closed_at = "decided", round_.closes_at
        round_.winner_id, round_.winner_reason = ids[winner["nomination"]], winner["reason"]
        round_.decided_on = date.fromisoformat(winner["decided_on"])
        announce_round(uow, round_)
        announce_ceremony(uow, round_)
        uow.commit()


def _current_round(runtime, spec: dict, municipality, committee, consent: str) -> None:
    zone = ZoneInfo(municipality.timezone)
    today = datetime.now(zone).date()
    opens_on = today - timedelta(days=spec["opens_days_ago"])
    with runtime.uow() as uow:
        round_ = create_round(uow, SYSTEM, municipality.id, {
            "year": today.year, "title": f"Virksomhedspris {today.year}",
            **{key: spec[key] for key in ("description", "criteria", "prize_amount", "budget_lines", "ceremony_place")},
            "opens_at": datetime.combine(opens_on, clock(0, 0), tzinfo=zone),
            "closes_at": datetime.combine(today + timedelta(days=spec["closes_in_days"]), clock(23, 59), tzinfo=zone),
            "case_number": None, "committee_id": committee.id, "meeting_id": None,
            "ceremony_on": today + timedelta(days=spec["ceremony_in_days"]),
            "ceremony_time": clock.fromisoformat(spec["ceremony_time"]), "shortlist_size": 5,
        })
        round_id, opens_at = round_.id, round_.opens_at
    _nominate(runtime, round_id, spec["nominations"], opens_at, consent)
