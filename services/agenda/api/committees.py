"""Committees, members and memberships."""

from __future__ import annotations

import uuid

from flask_smorest import Blueprint

from services.agenda.api.context import principal, uow
from services.agenda.operations import committees, queries
from services.agenda.schemas import (
    CommitteeCloseSchema,
    CommitteeInputSchema,
    CommitteeSchema,
    MemberInputSchema,
    MemberSchema,
    MembershipInputSchema,
    MembershipSchema,
    MembershipUpdateSchema,
)

blp = Blueprint("committees", __name__, url_prefix="/api/v1", description="Udvalg og medlemmer")


@blp.route("/municipalities/<slug>/committees", methods=["GET"])
@blp.response(200, CommitteeSchema(many=True))
def list_committees(slug: str):
    with uow() as unit:
        return queries.list_committees(unit.session, slug)


@blp.route("/municipalities/<slug>/committees", methods=["POST"])
@blp.arguments(CommitteeInputSchema)
@blp.response(201, CommitteeSchema)
def create_committee(data, slug: str):
    with uow() as unit:
        return committees.create_committee(unit, principal(), slug, data)


@blp.route("/committees/<uuid:committee_id>", methods=["GET"])
@blp.response(200, CommitteeSchema)
def get_committee(committee_id: uuid.UUID):
    with uow() as unit:
        return queries.get_committee(unit.session, committee_id)


@blp.route("/committees/<uuid:committee_id>", methods=["PATCH"])
@blp.arguments(CommitteeInputSchema(partial=True))
@blp.response(200, CommitteeSchema)
def update_committee(data, committee_id: uuid.UUID):
    with uow() as unit:
        return committees.update_committee(unit, principal(), committee_id, data)


@blp.route("/municipalities/<slug>/members", methods=["GET"])
@blp.response(200, MemberSchema(many=True))
def list_members(slug: str):
    """All politicians of the municipality, with contact data (secretaries only)."""
    with uow() as unit:
        return queries.list_members(unit.session, principal(), slug)


@blp.route("/municipalities/<slug>/members", methods=["POST"])
@blp.arguments(MemberInputSchema)
@blp.response(201, MemberSchema)
def register_member(data, slug: str):
    with uow() as unit:
        return committees.register_member(unit, principal(), slug, data)


@blp.route("/members/<uuid:member_id>", methods=["PATCH"])
@blp.arguments(MemberInputSchema(partial=True))
@blp.response(200, MemberSchema)
def update_member(data, member_id: uuid.UUID):
    with uow() as unit:
        return committees.update_member(unit, principal(), member_id, data)


@blp.route("/committees/<uuid:committee_id>/members", methods=["POST"])
@blp.arguments(MembershipInputSchema)
@blp.response(201, MembershipSchema)
def add_membership(data, committee_id: uuid.UUID):
    """Seat a member on the committee, with role and period."""
    with uow() as unit:
        return committees.add_membership(unit, principal(), committee_id, data)


@blp.route("/committees/<uuid:committee_id>/members/<uuid:membership_id>", methods=["PATCH"])
@blp.arguments(MembershipUpdateSchema(partial=True))
@blp.response(200, MembershipSchema)
def update_membership(data, committee_id: uuid.UUID, membership_id: uuid.UUID):
    """Change a membership's role or period (e.g. its last day when the member leaves)."""
    with uow() as unit:
        return committees.update_membership(unit, principal(), committee_id, membership_id, data)


@blp.route("/committees/<uuid:committee_id>/close", methods=["POST"])
@blp.arguments(CommitteeCloseSchema)
@blp.response(200, CommitteeSchema)
def close_committee(data, committee_id: uuid.UUID):
    """Close (nedlæg) a committee: no new meetings; everything it did stays."""
    with uow() as unit:
        return committees.close_committee(unit, principal(), committee_id, data["closed_on"])


@blp.route("/committees/<uuid:committee_id>/reopen", methods=["POST"])
@blp.response(200, CommitteeSchema)
def reopen_committee(committee_id: uuid.UUID):
    with uow() as unit:
        return committees.reopen_committee(unit, principal(), committee_id)


@blp.route("/committees/<uuid:committee_id>/members/<uuid:membership_id>", methods=["DELETE"])
@blp.response(204)
def remove_membership(committee_id: uuid.UUID, membership_id: uuid.UUID):
    with uow() as unit:
        committees.remove_membership(unit, principal(), committee_id, membership_id)
