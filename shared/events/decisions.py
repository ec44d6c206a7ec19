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
                                 metadata={"description": "Set when the item chooses an award's winner; None when "
                                                          "the decision names none (a later decision stands)"})
    recorded_at = fields.AwareDateTime(allow_none=True, load_default=None, metadata={
        "description": "When this version of the decision was recorded: a consumer keeps the latest"})


class ParticipantData(EventData):
    name = text("Member's name", required=True)
    party = text("Party letter", allow_none=True, load_default=None)
    absent = fields.Boolean(required=True, metadata={"description": "Afbud"})
    substitute = text("Who stood in (stedfortræder)", allow_none=True, load_default=None)


class DecisionBlockData(EventData):
    committee_name = text("The deciding committee", required=True)
    decided_on = fields.Date(required=True)
    minority = text("Minority statement", allow_none=True, load_default=None)
    text = text("Decision text", required=True)
    point_answers = fields.List(fields.Nested(PointAnswerData), required=True)
    not_taking_part = fields.List(fields.String(), required=True,
                                  metadata={"description": "Members who did not take part, as printed ('Name (P)')"})
    absent = fields.List(fields.String(), required=True, metadata={"description": "Absent members, as printed"})


class ItemDecisionsData(EventData):
    item_id = uuid("The agenda item", required=True)
    closed = fields.Boolean(required=True, metadata={"description": "The item is closed to the public"})
    decisions = fields.List(fields.Nested(DecisionBlockData), required=True,
                            metadata={"description": "Every committee's decision up to this meeting, in date order"})


class MinutesApproved(EventData):
    """Minutes were approved (locked); a correction after approval approves a new version."""

    meeting_id = uuid("Meeting", required=True)
    committee_id = uuid("Committee", required=True)
    municipality_slug = text("Municipality", required=True)
    version = fields.Integer(required=True, metadata={"description": "1, then 2 after a correction, ..."})
    approved_at = fields.AwareDateTime(required=True)
    correction_reason = text("Why a new version was made", allow_none=True, load_default=None)
    participants = fields.List(fields.Nested(ParticipantData), load_default=list,
                               metadata={"description": "Attendance as the minutes list it"})
    items = fields.List(fields.Nested(ItemDecisionsData), load_default=list,
                        metadata={"description": "The decisions of the approved minutes, per agenda item"})


class MinutesReopened(EventData):
    """Approved minutes were opened for a correction; a new approval follows."""

    meeting_id = uuid("Meeting", required=True)
    version = fields.Integer(required=True, metadata={"description": "The approved version being corrected"})
    reason = text("Why the minutes are corrected", required=True)


class SignaturesRequested(EventData):
    """The approved minutes wait for the signatures of the members named: on approval
    (everyone present), and when the secretariat sends a reminder (those who have not
    signed). A correction voids the signatures (decisions.minutes.reopened.v1); the next
    approval asks again."""

    meeting_id = uuid("Meeting", required=True)
    committee_id = uuid("Committee", required=True)
    municipality_slug = text("Municipality", required=True)
    version = fields.Integer(required=True, metadata={"description": "The approved version to be signed"})
    member_ids = fields.List(fields.UUID(), required=True,
                             metadata={"description": "The members (agenda service's ids) asked to sign"})
    reminder = fields.Boolean(required=True, metadata={"description": "A reminder, not the first request"})
    requested_at = fields.AwareDateTime(required=True)


class ReservationData(EventData):
    item_id = uuid("The agenda item the reservation concerns", required=True)
    number = fields.Integer(required=True, metadata={"description": "The item's number on the agenda"})
    closed = fields.Boolean(required=True, metadata={"description": "The item is closed: the text is not public"})
    text = text("What the member holds to be wrong in the record of the item", required=True)


class MinutesSigned(EventData):
    """A member who was present signed the approved minutes (underskriftsblad), with or
    without a reservation (forbehold) on one item."""

    meeting_id = uuid("Meeting", required=True)
    committee_id = uuid("Committee", required=True)
    version = fields.Integer(required=True, metadata={"description": "The approved version signed"})
    member_id = uuid("The member who signed (agenda service's id)", required=True)
    name = text("The member's name as the minutes list it", required=True)
    signed_at = fields.AwareDateTime(required=True)
    reservation = fields.Nested(ReservationData, allow_none=True, load_default=None,
                                metadata={"description": "The member's reservation; None for a plain signature"})


DECISIONS_EVENTS = {
    "decisions.decision.recorded.v1": DecisionRecorded,
    "decisions.minutes.approved.v1": MinutesApproved,
    "decisions.minutes.reopened.v1": MinutesReopened,
    "decisions.minutes.signatures_requested.v1": SignaturesRequested,
    "decisions.minutes.signed.v1": MinutesSigned,
}
