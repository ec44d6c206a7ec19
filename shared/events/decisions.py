"""Events the decisions service emits."""

from __future__ import annotations

from marshmallow import fields

from shared.events.fields import EventData, text, uuid


class PointAnswerData(EventData):
    point = fields.Integer(required=True, metadata={"description": "Recommendation point number"})
    text = text("The answer ('Indstillingen tiltrådt.')", required=True)


class AwardWinnerData(EventData):
    round_id = uuid("The award round (awards service)", required=True)
    candidate_id = uuid("The winning candidate from the round's shortlist", required=True)
    company_name = text("The winner's name", required=True)
    cvr = text("The winner's CVR number", required=True)
    reason = text("Why the committee chose the winner; public after the ceremony", required=True)


class DecisionRecorded(EventData):
    """A committee's decision on an agenda item was recorded or changed."""

    meeting_id = uuid("The meeting where it was decided", required=True)
    item_id = uuid("The agenda item (shared items have one id on every meeting)", required=True)
    committee_id = uuid("The deciding committee", required=True)
    decided_on = fields.Date(required=True)
    text = text("Decision text (may be empty when points are answered one by one)", required=True)
    point_answers = fields.List(fields.Nested(PointAnswerData), required=True)
    closed = fields.Boolean(required=True, metadata={"description": "The item is closed to the public"})
    award_winner = fields.Nested(AwardWinnerData, allow_none=True, load_default=None,
                                 metadata={"description": "Set when the item chooses an award's winner"})


class MinutesApproved(EventData):
    """Minutes were approved (locked); a correction after approval approves a new version."""

    meeting_id = uuid("Meeting", required=True)
    committee_id = uuid("Committee", required=True)
    municipality_slug = text("Municipality", required=True)
    version = fields.Integer(required=True, metadata={"description": "1, then 2 after a correction, ..."})
    approved_at = fields.AwareDateTime(required=True)
    correction_reason = text("Why a new version was made", allow_none=True, load_default=None)


DECISIONS_EVENTS = {
    "decisions.decision.recorded.v1": DecisionRecorded,
    "decisions.minutes.approved.v1": MinutesApproved,
}
