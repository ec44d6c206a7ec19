"""The calendar part's JSON API under /api/v1/: årshjul, dialogue themes, roll-over and
members' feed links."""

from __future__ import annotations

import uuid

from flask_smorest import Blueprint

from services.agenda.api.context import principal, uow
from services.agenda.calendar.domain.rollover import MeetingRule
from services.agenda.calendar.links import subscribe_links
from services.agenda.calendar.operations import rollover, tokens, wheel
from services.agenda.calendar.schemas import (
    CalendarTokenSchema,
    EntryInputSchema,
    EntrySchema,
    RolloverInputSchema,
    RolloverSchema,
    ThemeInputSchema,
    ThemeSchema,
    TokenStatusSchema,
    WheelSchema,
)
from services.agenda.operations.queries import get_committee
from shared.errors import NotFound

blp = Blueprint("calendar", __name__, url_prefix="/api/v1", description="Årshjul, dialogtemaer og kalendere")


def _month(month: int) -> int:
    if not 1 <= month <= 12:
        raise NotFound("Måneden findes ikke.")
    return month


@blp.route("/committees/<uuid:committee_id>/aarshjul/<year:year>", methods=["GET"])
@blp.response(200, WheelSchema)
def get_wheel(committee_id: uuid.UUID, year: int):
    """The committee's årshjul for the year: public entries, or all for the municipality's users."""
    with uow() as unit:
        committee = get_committee(unit.session, committee_id)
        everything = wheel.sees_everything(principal(), committee.municipality_id)
        return {
            "committee": {"id": committee.id, "code": committee.code, "name": committee.name},
            "year": year,
            "entries": wheel.year_entries(unit.session, committee.id, year, include_private=everything),
            "themes": wheel.year_themes(unit.session, committee.id, year),
        }


@blp.route("/committees/<uuid:committee_id>/aarshjul/<year:year>/entries", methods=["POST"])
@blp.arguments(EntryInputSchema)
@blp.response(201, EntrySchema)
def create_entry(data, committee_id: uuid.UUID, year: int):
    with uow() as unit:
        return wheel.create_entry(unit, principal(), committee_id, year, data)


@blp.route("/aarshjul/entries/<uuid:entry_id>", methods=["PATCH"])
@blp.arguments(EntryInputSchema(partial=True))
@blp.response(200, EntrySchema)
def update_entry(data, entry_id: uuid.UUID):
    """Change an entry; a new date, time, place or status raises its calendar SEQUENCE."""
    with uow() as unit:
        return wheel.update_entry(unit, principal(), entry_id, data)


@blp.route("/aarshjul/entries/<uuid:entry_id>", methods=["DELETE"])
@blp.response(204)
def delete_entry(entry_id: uuid.UUID):
    with uow() as unit:
        wheel.delete_entry(unit, principal(), entry_id)


@blp.route("/committees/<uuid:committee_id>/aarshjul/<year:year>/themes/<int:month>", methods=["PUT"])
@blp.arguments(ThemeInputSchema)
@blp.response(200, ThemeSchema)
def set_theme(data, committee_id: uuid.UUID, year: int, month: int):
    """Set the month's dialogue theme: theme, place, partners and its dialogue meeting."""
    with uow() as unit:
        return wheel.set_theme(unit, principal(), committee_id, year, _month(month), data)


@blp.route("/committees/<uuid:committee_id>/aarshjul/<year:year>/themes/<int:month>", methods=["DELETE"])
@blp.response(204)
def delete_theme(committee_id: uuid.UUID, year: int, month: int):
    with uow() as unit:
        wheel.delete_theme(unit, principal(), committee_id, year, _month(month))


def rollover_data(result: rollover.Rollover, preview: bool) -> dict:
    return {
        "preview": preview,
        "from_year": result.from_year,
        "to_year": result.to_year,
        "rule": result.rule.describe(),
        "meetings": [{**vars(m.planned), "note": m.planned.note, "exists": m.exists} for m in result.meetings],
        "skipped": [vars(s) for s in result.skipped],
        "dialogue_meetings": [vars(e) for e in result.dialogue_meetings],
        "entries": [vars(e) for e in result.entries],
        "new_meetings": result.new_meeting_count,
        "new_entries": result.new_entry_count,
    }


def rule_of(data: dict) -> MeetingRule:
    return MeetingRule(
        weekday=data["weekday"], ordinal=data["ordinal"], start_time=data["start_time"],
        end_time=data.get("end_time"), place=data["place"], skip_months=frozenset(data["skip_months"]),
        skip_holidays=data["skip_holidays"], include_closing_days=data["include_closing_days"],
        dialogue_start_time=data.get("dialogue_start_time"))


@blp.route("/committees/<uuid:committee_id>/rollover", methods=["POST"])
@blp.arguments(RolloverInputSchema)
@blp.response(200, RolloverSchema)
def roll_over(data, committee_id: uuid.UUID):
    """Roll the årshjul over to a later year. With preview (the default) nothing is saved:
    the answer shows the meetings the rule places (holidays moved to the week after, July
    left out) and the entries carried over. With preview=false they are created."""
    rule = rule_of(data["rule"])
    with uow() as unit:
        if data["preview"]:
            result = rollover.preview(unit.session, principal(), committee_id, data["from_year"], data["to_year"], rule)
        else:
            result = rollover.apply(unit, principal(), committee_id, data["from_year"], data["to_year"], rule)
        return rollover_data(result, data["preview"])


@blp.route("/me/calendar-token", methods=["POST"])
@blp.response(201, CalendarTokenSchema)
def rotate_own_token():
    """A committee member makes a new private calendar link; the old one stops working.
    The link is shown only in this answer."""
    with uow() as unit:
        record, token = tokens.rotate_own_token(unit, principal())
        links = subscribe_links("calendar_pages.private_feed", token=token)
        return {"member_id": record.member_id, "created_at": record.created_at,
                "https_url": links["https"], "webcal_url": links["webcal"]}


@blp.route("/municipalities/<slug>/calendar-tokens", methods=["GET"])
@blp.response(200, TokenStatusSchema(many=True))
def list_tokens(slug: str):
    """Which members have an active private calendar link (secretaries only)."""
    with uow() as unit:
        return [{"member_id": member.id, "name": member.name, "active": record is not None,
                 "created_at": record.created_at if record else None}
                for member, record in tokens.municipality_tokens(unit.session, principal(), slug)]


@blp.route("/members/<uuid:member_id>/calendar-token", methods=["DELETE"])
@blp.response(204)
def revoke_token(member_id: uuid.UUID):
    """Revoke a member's private calendar link (secretaries only); the link answers 404 from now on."""
    with uow() as unit:
        tokens.revoke_member_token(unit, principal(), member_id)
