"""marshmallow schemas at the agenda API's edge: what may come in, what goes out."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from marshmallow import (
    Schema,
    ValidationError,
    fields,
    post_load,
    pre_load,
    validate,
    validates,
    validates_schema,
)

from services.agenda.domain.rules import CLOSED_PLACEMENTS, NUMBERING_SCHEMES
from shared.events.fields import ITEM_KINDS, MEETING_STATUSES, MEMBER_ROLES, SECTION_KINDS
from shared.housestyle import CLOSED_IN_PUBLIC, MARKER_POSITIONS
from shared.schemas import InputSchema

# Words the portal's own paths use cannot be a municipality's slug (/<slug>/ is its page).
RESERVED_SLUGS = ("agenda", "decisions", "awards", "api", "login", "logout", "start", "sekretariat", "calendar",
                  "kalender", "aarshjul", "mig", "static", "healthz", "bilag", "moeder", "punkter", "referat", "admin",
                  "adgangskode")
SLUG = validate.And(
    validate.Regexp(r"^[a-z0-9](?:[a-z0-9-]{0,58}[a-z0-9])?$", error="Brug små bogstaver, tal og bindestreg."),
    validate.NoneOf(RESERVED_SLUGS, error="Ordet bruges af systemet; vælg en anden kortform."),
)
CODE = validate.Regexp(r"^[A-ZÆØÅ]{1,6}$", error="Brug 1-6 store bogstaver, fx KF.")
PARTY = validate.Regexp(r"^[A-ZÆØÅ]{1,3}$", error="Brug partibogstavet, fx O.")
SECTION_KEY = validate.Regexp(r"^[a-z][a-z0-9_]{0,39}$", error="Brug små bogstaver, tal og _.")


def text(max_length: int, **kwargs) -> fields.String:
    required = kwargs.pop("required", False)
    minimum = 1 if required else 0
    return fields.String(required=required, validate=validate.Length(min=minimum, max=max_length), **kwargs)


# --- municipality settings -------------------------------------------------------------
# Shapes and ranges only: whether a house style can be used as a whole (a decision
# section, a case-number format its own example fits ...) is domain.house_style's check.

class WholeNested(fields.Nested):
    """A nested object that is always given whole: a PATCH's partial loading does not
    reach into it, so its defaults apply (a section without `kind` is a text section)."""

    def _deserialize(self, value, attr, data, partial=None, **kwargs):
        return super()._deserialize(value, attr, data, partial=None, **kwargs)


class AgendaRulesSchema(InputSchema):
    first_number = fields.Integer(validate=validate.Range(min=0, max=100000))
    numbering = fields.String(validate=validate.OneOf(NUMBERING_SCHEMES))
    first_item_title = text(300, allow_none=True)
    last_item_title = text(300, allow_none=True)
    closed_items = fields.String(validate=validate.OneOf(CLOSED_PLACEMENTS))
    case_number_pattern = text(200)
    case_number_example = text(40)


class SectionSpecSchema(InputSchema):
    key = fields.String(validate=SECTION_KEY, metadata={"description": "Made from the title when left out"})
    title = text(100, required=True)
    kind = fields.String(load_default="text", validate=validate.OneOf(SECTION_KINDS))
    required = fields.Boolean(load_default=False)
    public = fields.Boolean(load_default=True)
    default_text = text(20000, load_default="")


class DocumentStyleSchema(InputSchema):
    case_number_label = text(100)
    decision_heading = text(200)
    absence_label = text(100)
    closed_marker = text(100)
    closed_marker_position = fields.String(validate=validate.OneOf(MARKER_POSITIONS))
    title_with_code = fields.Boolean()
    date_label = text(100)
    place_label = text(100)
    participants_label = text(100)
    closed_in_public = fields.String(validate=validate.OneOf(CLOSED_IN_PUBLIC))


class MunicipalityCreateSchema(InputSchema):
    slug = fields.String(required=True, validate=SLUG)
    name = text(200, required=True)
    timezone = fields.String(load_default="Europe/Copenhagen", validate=validate.Length(min=1, max=60))
    address = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=300),
                            metadata={"description": "Default meeting place, e.g. the town hall's address"})
    # Settings left out keep their defaults (or, in a PATCH, their current values).
    agenda_rules = fields.Nested(AgendaRulesSchema)
    section_template = fields.List(WholeNested(SectionSpecSchema), validate=validate.Length(min=1, max=40))
    document_style = fields.Nested(DocumentStyleSchema)

    @validates("timezone")
    def _known_zone(self, value, **kwargs):
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
            raise ValidationError("Ukendt tidszone.") from exc


class MunicipalityUpdateSchema(MunicipalityCreateSchema):
    active = fields.Boolean(metadata={"description": "Platform administrators only: false ends every login of "
                                                    "the municipality's users; its data is kept"})

    class Meta:
        exclude = ("slug",)


class MunicipalitySchema(Schema):
    id = fields.UUID()
    slug = fields.String()
    name = fields.String()
    timezone = fields.String()
    address = fields.String(allow_none=True)
    active = fields.Boolean()
    agenda_rules = fields.Dict()
    section_template = fields.List(fields.Dict())
    document_style = fields.Dict()


# --- committees and members --------------------------------------------------------------

class CommitteeInputSchema(InputSchema):
    name = text(200, required=True)
    code = fields.String(load_default=None, allow_none=True, validate=CODE,
                         metadata={"description": "Prefix before item titles, e.g. 'JA'; none if the committee has none"})
    default_place = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=300),
                                  metadata={"description": "Proposed for new meetings (else the municipality's address)"})
    default_start_time = fields.Time(load_default=None, allow_none=True,
                                     metadata={"description": "Proposed start time for new meetings"})

    @pre_load
    def empty_to_none(self, data, **kwargs):
        if isinstance(data, dict):
            return {k: (None if k in ("code", "default_place", "default_start_time") and v == "" else v)
                    for k, v in data.items()}
        return data


class CommitteeCloseSchema(InputSchema):
    closed_on = fields.Date(required=True, metadata={"description": "Last day; open memberships end then"})


class MemberInputSchema(InputSchema):
    name = text(200, required=True)
    party = fields.String(load_default=None, allow_none=True, validate=PARTY)
    email = fields.Email(load_default=None, allow_none=True)

    @pre_load
    def empty_to_none(self, data, **kwargs):
        if isinstance(data, dict):
            return {k: (None if k in ("party", "email") and v == "" else v) for k, v in data.items()}
        return data


class MemberSchema(Schema):
    id = fields.UUID()
    name = fields.String()
    party = fields.String(allow_none=True)
    email = fields.String(allow_none=True)


class PeriodMixin:
    @validates_schema
    def _period(self, data, **kwargs):
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            raise ValidationError("Slutdatoen ligger før startdatoen.", "ends_on")


class MembershipInputSchema(PeriodMixin, InputSchema):
    member_id = fields.UUID(required=True)
    role = fields.String(load_default="member", validate=validate.OneOf(MEMBER_ROLES))
    starts_on = fields.Date(load_default=None, allow_none=True)
    ends_on = fields.Date(load_default=None, allow_none=True)


class MembershipUpdateSchema(PeriodMixin, InputSchema):
    role = fields.String(validate=validate.OneOf(MEMBER_ROLES))
    starts_on = fields.Date(allow_none=True)
    ends_on = fields.Date(allow_none=True)


class MembershipSchema(Schema):
    id = fields.UUID()
    member = fields.Nested(MemberSchema, only=("id", "name", "party"))
    role = fields.String()
    starts_on = fields.Date(allow_none=True)
    ends_on = fields.Date(allow_none=True)


class CommitteeSchema(Schema):
    id = fields.UUID()
    municipality_slug = fields.String(attribute="municipality.slug")
    name = fields.String()
    code = fields.String(allow_none=True)
    slug = fields.String(metadata={"description": "Name in addresses when the committee has no code"})
    default_place = fields.String(allow_none=True)
    default_start_time = fields.Time(allow_none=True)
    closed_on = fields.Date(allow_none=True)
    memberships = fields.List(fields.Nested(MembershipSchema), data_key="members")


# --- meetings ----------------------------------------------------------------------------

FOLD = validate.OneOf((0, 1), error="Brug 0 for første gang og 1 for anden gang, et klokkeslæt forekommer.")


def fold_field(**kwargs) -> fields.Integer:
    """Which occurrence of a local time shown twice (autumn's 02:30) is meant: 0 the first
    (summer time, as iCalendar reads it), 1 the second."""
    return fields.Integer(validate=FOLD, metadata={"description": "0: første gang (sommertid), 1: anden gang"},
                          **kwargs)


class MeetingTimesMixin:
    @validates_schema
    def _end_after_start(self, data, **kwargs):
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            raise ValidationError("Sluttidspunktet skal ligge efter starttidspunktet.", "end_time")


class MeetingCreateSchema(MeetingTimesMixin, InputSchema):
    date = fields.Date(required=True)
    start_time = fields.Time(required=True)
    end_time = fields.Time(load_default=None, allow_none=True)
    start_fold = fold_field(load_default=0)
    end_fold = fold_field(load_default=0)
    place = text(300, required=True)
    standard_items = fields.Boolean(load_default=False, metadata={
        "description": "Put the municipality's standard opening and closing items on the agenda"})


class MeetingRescheduleSchema(MeetingTimesMixin, InputSchema):
    date = fields.Date()
    start_time = fields.Time()
    end_time = fields.Time(allow_none=True)
    start_fold = fold_field()
    end_fold = fold_field()
    place = text(300)

    @validates_schema
    def _something(self, data, **kwargs):
        if not data:
            raise ValidationError("Angiv mindst én af dato, tidspunkt eller mødested.", "_schema")


class MeetingCancelSchema(InputSchema):
    reason = fields.String(required=True, validate=validate.Length(
        min=1, max=1000, error="Skriv en begrundelse (højst {max} tegn). Den vises for medlemmerne."))


class MeetingQuerySchema(InputSchema):
    municipality = fields.String(validate=SLUG)
    committee = fields.UUID()
    year = fields.Integer(validate=validate.Range(min=1970, max=2200))
    status = fields.String(validate=validate.OneOf(MEETING_STATUSES))


class SectionOutSchema(Schema):
    key = fields.String()
    title = fields.String()
    kind = fields.String()
    body = fields.String()
    public = fields.Boolean()


class RecommendationSchema(InputSchema):
    intro = text(300, load_default=None, allow_none=True,
                 metadata={"description": "Left out: the municipality's standard lead-in"})
    points = fields.List(text(2000), required=True, validate=validate.Length(max=30))


class AgendaItemSchema(Schema):
    id = fields.UUID()
    number = fields.Integer()
    owner_code = fields.String(allow_none=True)
    title = fields.String()
    display_title = fields.String()
    case_number = fields.String(allow_none=True)
    kind = fields.String()
    closed = fields.Boolean()
    sections = fields.List(fields.Nested(SectionOutSchema))
    recommendation = fields.Nested(RecommendationSchema, allow_none=True)
    attachments = fields.List(fields.String())
    committees = fields.List(fields.Dict())


class MeetingSchema(Schema):
    id = fields.UUID()
    uid = fields.String()
    committee = fields.Dict()
    municipality_slug = fields.String()
    date = fields.Date()
    start_time = fields.Time()
    end_time = fields.Time(allow_none=True)
    starts_at = fields.AwareDateTime()
    ends_at = fields.AwareDateTime(allow_none=True)
    timezone = fields.String()
    place = fields.String()
    status = fields.String()
    sequence = fields.Integer()
    agenda_version = fields.Integer()
    has_unpublished_changes = fields.Boolean()
    cancel_reason = fields.String(allow_none=True)
    item_count = fields.Integer()


class MeetingDetailSchema(MeetingSchema):
    items = fields.List(fields.Nested(AgendaItemSchema))


class PublishResultSchema(Schema):
    meeting = fields.Nested(MeetingSchema)
    version = fields.Integer()


# --- items -------------------------------------------------------------------------------

class ItemInputSchema(InputSchema):
    title = text(300, required=True)
    kind = fields.String(load_default="case", validate=validate.OneOf(ITEM_KINDS))
    case_number = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=40))
    closed = fields.Boolean(load_default=False)
    sections = fields.Dict(
        keys=fields.String(validate=SECTION_KEY),
        values=fields.String(validate=validate.Length(max=100_000)),
        load_default=dict,
    )
    recommendation = fields.Nested(RecommendationSchema, load_default=None, allow_none=True)
    attachments = fields.List(text(300), load_default=list, validate=validate.Length(max=100))
    position = fields.Integer(validate=validate.Range(min=1), load_default=None)

    @post_load
    def empty_case_number(self, data, **kwargs):
        if data.get("case_number") == "":
            data["case_number"] = None
        return data


class ItemUpdateSchema(ItemInputSchema):
    class Meta:
        exclude = ("position",)


class ItemOrderSchema(InputSchema):
    item_ids = fields.List(fields.UUID(), required=True, validate=validate.Length(min=1))


class PlacementSchema(InputSchema):
    meeting_id = fields.UUID(required=True)


# --- accounts ----------------------------------------------------------------------------

class TokenRequestSchema(InputSchema):
    # Looked up, not judged (see LoginForm): any address an account has may log in.
    email = text(254, required=True)
    password = fields.String(required=True, validate=validate.Length(min=1, max=500))
    label = text(100, load_default="API")


class TokenSchema(Schema):
    id = fields.UUID()
    token = fields.String()
    label = fields.String()


class MemberLinkMixin:
    @validates_schema
    def _member_link(self, data, **kwargs):
        if data.get("role") == "member" and not data.get("member_id"):
            raise ValidationError("Et udvalgsmedlems konto skal knyttes til medlemmet.", "member_id")


class UserCreateSchema(MemberLinkMixin, InputSchema):
    email = fields.Email(required=True, validate=validate.Length(max=254))
    name = text(200, required=True)
    role = fields.String(required=True, validate=validate.OneOf(("secretary", "member")))
    member_id = fields.UUID(load_default=None, allow_none=True)


class UserUpdateSchema(MemberLinkMixin, InputSchema):
    name = text(200)
    role = fields.String(validate=validate.OneOf(("secretary", "member")))
    member_id = fields.UUID(allow_none=True)
    active = fields.Boolean(metadata={"description": "false ends the account's login sessions and tokens at once"})


class PasswordLinkSchema(Schema):
    url = fields.String(metadata={"description": "Lets the user set a password once; show or send it to them"})
    expires_at = fields.AwareDateTime()


class UserSchema(Schema):
    id = fields.UUID()
    email = fields.String()
    name = fields.String()
    role = fields.String()
    municipality_id = fields.UUID(allow_none=True)
    member_id = fields.UUID(allow_none=True)
    active = fields.Boolean()
    password_set = fields.Boolean(attribute="has_password")


class CreatedUserSchema(UserSchema):
    password_link = fields.Nested(PasswordLinkSchema)


class MeSchema(Schema):
    authenticated = fields.Boolean()
    role = fields.String()
    user_id = fields.UUID(allow_none=True)
    municipality_id = fields.UUID(allow_none=True)
    member_id = fields.UUID(allow_none=True)
    name = fields.String()
