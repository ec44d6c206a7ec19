"""marshmallow at the calendar API's edge: what may come in, what goes out."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from services.agenda.calendar.models import ENTRY_KINDS, ENTRY_STATUSES
from services.agenda.schemas import MeetingTimesMixin, fold_field, text
from shared.schemas import InputSchema

MONTH = validate.Range(min=1, max=12, error="Vælg en måned fra 1 til 12.")
YEAR = validate.Range(min=2000, max=2100, error="Vælg et år mellem 2000 og 2100.")


class EntryInputSchema(InputSchema):
    kind = fields.String(required=True, validate=validate.OneOf(ENTRY_KINDS))
    title = text(300, required=True)
    description = text(5000, load_default=None, allow_none=True)
    date = fields.Date(load_default=None, allow_none=True)
    month = fields.Integer(load_default=None, allow_none=True, validate=MONTH)
    start_time = fields.Time(load_default=None, allow_none=True)
    end_time = fields.Time(load_default=None, allow_none=True)
    start_fold = fold_field(load_default=0)
    end_fold = fold_field(load_default=0)
    place = text(300, load_default=None, allow_none=True)
    owner = text(200, load_default=None, allow_none=True)
    public = fields.Boolean(load_default=True)
    recurring = fields.Boolean(load_default=False)
    status = fields.String(load_default="planned", validate=validate.OneOf(ENTRY_STATUSES))
    meeting_id = fields.UUID(load_default=None, allow_none=True)
    item_id = fields.UUID(load_default=None, allow_none=True)


class EntrySchema(Schema):
    id = fields.UUID()
    uid = fields.String()
    committee_id = fields.UUID()
    year = fields.Integer()
    month = fields.Integer()
    date = fields.Date(allow_none=True)
    start_time = fields.Time(allow_none=True)
    end_time = fields.Time(allow_none=True)
    kind = fields.String()
    title = fields.String()
    description = fields.String(allow_none=True)
    place = fields.String(allow_none=True)
    owner = fields.String(allow_none=True)
    public = fields.Boolean()
    recurring = fields.Boolean()
    status = fields.String()
    sequence = fields.Integer()
    meeting_id = fields.UUID(allow_none=True)
    item_id = fields.UUID(allow_none=True)
    external_ref = fields.String(allow_none=True)


class ThemeInputSchema(InputSchema):
    theme = text(1000, required=True)
    place = text(300, load_default=None, allow_none=True)
    partners = fields.List(text(200, required=True), load_default=list, validate=validate.Length(max=20))
    entry_id = fields.UUID(load_default=None, allow_none=True)


class ThemeSchema(Schema):
    id = fields.UUID()
    committee_id = fields.UUID()
    year = fields.Integer()
    month = fields.Integer()
    theme = fields.String()
    place = fields.String(allow_none=True)
    partners = fields.List(fields.String())
    entry_id = fields.UUID(allow_none=True)


class WheelSchema(Schema):
    committee = fields.Dict()
    year = fields.Integer()
    entries = fields.List(fields.Nested(EntrySchema))
    themes = fields.List(fields.Nested(ThemeSchema))


class RuleSchema(MeetingTimesMixin, InputSchema):
    weekday = fields.Integer(load_default=2, validate=validate.Range(min=0, max=6),
                             metadata={"description": "0 = mandag ... 6 = søndag"})
    ordinal = fields.Integer(load_default=2, validate=validate.OneOf((1, 2, 3, 4, -1)),
                             metadata={"description": "1-4, eller -1 for den sidste i måneden"})
    start_time = fields.Time(required=True)
    end_time = fields.Time(load_default=None, allow_none=True)
    place = text(300, required=True)
    skip_months = fields.List(fields.Integer(validate=MONTH), load_default=lambda: [7],
                              validate=validate.Length(max=12))
    skip_holidays = fields.Boolean(load_default=True)
    include_closing_days = fields.Boolean(load_default=True)
    dialogue_start_time = fields.Time(load_default=None, allow_none=True)


class RolloverInputSchema(InputSchema):
    from_year = fields.Integer(required=True, validate=YEAR)
    to_year = fields.Integer(required=True, validate=YEAR)
    rule = fields.Nested(RuleSchema, required=True)
    preview = fields.Boolean(load_default=True, metadata={"description": "true: vis kun, hvad der ville blive oprettet"})


class PlannedMeetingSchema(Schema):
    date = fields.Date()
    start_time = fields.Time()
    end_time = fields.Time(allow_none=True)
    place = fields.String()
    moved_from = fields.Date(allow_none=True)
    reason = fields.String(allow_none=True)
    note = fields.String()
    exists = fields.Boolean()


class PlannedEntrySchema(Schema):
    kind = fields.String()
    title = fields.String()
    month = fields.Integer()
    date = fields.Date(allow_none=True)
    start_time = fields.Time(allow_none=True)
    place = fields.String(allow_none=True)
    exists = fields.Boolean()


class SkippedMonthSchema(Schema):
    month = fields.Integer()
    reason = fields.String()


class RolloverSchema(Schema):
    preview = fields.Boolean()
    from_year = fields.Integer()
    to_year = fields.Integer()
    rule = fields.String()
    meetings = fields.List(fields.Nested(PlannedMeetingSchema))
    skipped = fields.List(fields.Nested(SkippedMonthSchema))
    dialogue_meetings = fields.List(fields.Nested(PlannedEntrySchema))
    entries = fields.List(fields.Nested(PlannedEntrySchema))
    new_meetings = fields.Integer()
    new_entries = fields.Integer()


class CalendarTokenSchema(Schema):
    member_id = fields.UUID()
    created_at = fields.AwareDateTime()
    https_url = fields.String()
    webcal_url = fields.String()


class TokenStatusSchema(Schema):
    member_id = fields.UUID()
    name = fields.String()
    active = fields.Boolean()
    created_at = fields.AwareDateTime(allow_none=True)
