"""Events the awards service emits (the virksomhedspris).

No event carries a nominator's name or contact data: those stay in the awards service.
"""

from __future__ import annotations

from marshmallow import fields

from shared.events.fields import EventData, text, uuid


class CandidateData(EventData):
    candidate_id = uuid("The candidate (a company with its merged nominations) in the awards service", required=True)
    rank = fields.Integer(required=True, metadata={"description": "1 for the highest score"})
    company_name = text("Company name", required=True)
    cvr = text("CVR number, 8 digits", required=True)
    score = fields.Float(required=True, metadata={"description": "Sum over the criteria of the members' mean score"})
    nominations = fields.Integer(required=True, metadata={"description": "How many nominations name the company"})


class AnnexData(EventData):
    filename = text("File name, e.g. 'virksomhedspris-2019-kandidater.docx'", required=True)
    content_type = text("MIME type of the file", required=True)
    content_base64 = text("The file, base64-encoded", required=True)


class AgendaItemRequest(EventData):
    id = uuid("The id the agenda item is to have (chosen by the awards service, so that the "
              "decisions service can match the item to the round)", required=True)
    meeting_id = uuid("The meeting that treats the nominations", required=True)
    case_number = text("Sagsnummer", allow_none=True, load_default=None)


class RoundChanged(EventData):
    """A round was created, or its title, committee, deadline or state changed. While it
    is open (it takes nominations and is not closed), the deciding committee's members
    give its candidates points."""

    round_id = uuid("Round", required=True)
    municipality_id = uuid("Municipality", required=True)
    committee_id = uuid("The deciding committee, whose members score", required=True)
    year = fields.Integer(required=True, metadata={"description": "The award's year, e.g. 2019"})
    title = text("e.g. 'Virksomhedspris 2019'", required=True)
    closes_at = fields.AwareDateTime(required=True, metadata={"description": "Deadline for nominations"})
    open = fields.Boolean(required=True, metadata={
        "description": "The round is open: the committee's members score now. A round never opens again"})


class RoundClosed(EventData):
    """A round's nominations are closed and reviewed: the committee is to choose the winner
    from the shortlist in a closed item on the round's meeting."""

    round_id = uuid("Round", required=True)
    municipality_id = uuid("Municipality", required=True)
    committee_id = uuid("The deciding committee", required=True)
    year = fields.Integer(required=True, metadata={"description": "The award's year, e.g. 2019"})
    title = text("e.g. 'Virksomhedspris 2019'", required=True)
    criteria = fields.List(fields.String(), required=True, metadata={"description": "The criteria in order"})
    prize_amount = fields.Integer(required=True, metadata={"description": "Prize in whole kroner"})
    nominations_received = fields.Integer(required=True, metadata={"description": "Valid nominations received"})
    agenda_item = fields.Nested(AgendaItemRequest, required=True)
    shortlist = fields.List(fields.Nested(CandidateData), required=True)
    annex = fields.Nested(AnnexData, required=True, metadata={"description": "The shortlist as a Word annex"})


class CeremonyScheduled(EventData):
    """The award ceremony is set (or moved, or called off because the committee's last
    decision names no winner): it belongs in the committee's calendar. Carries no winner:
    the winner is public only after the ceremony."""

    round_id = uuid("Round", required=True)
    committee_id = uuid("The committee whose årshjul shows the ceremony", required=True)
    title = text("e.g. 'Overrækkelse af Virksomhedspris 2019'", required=True)
    date = fields.Date(required=True, metadata={"description": "Local date of the ceremony"})
    start_time = fields.Time(allow_none=True, load_default=None, metadata={"description": "Local start time"})
    place = text("Where", allow_none=True, load_default=None)
    description = text("Shown in the calendar", load_default="")
    cancelled = fields.Boolean(load_default=False, metadata={"description": "The ceremony is called off"})


AWARDS_EVENTS = {
    "awards.round.changed.v1": RoundChanged,
    "awards.round.closed.v1": RoundClosed,
    "awards.ceremony.scheduled.v1": CeremonyScheduled,
}
