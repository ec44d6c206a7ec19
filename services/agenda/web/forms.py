"""WTForms forms of the agenda pages; each carries its CSRF token and speaks Danish."""

from __future__ import annotations

from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from services.agenda.domain.rules import recommendation_intro
from shared.web.forms import DanishForm, fold_of, local_time_validator, options


class LoginForm(DanishForm):
    # The account is looked up, not the address judged: a login form has no business refusing
    # a domain (the demo administrator's is admin@udvalg.local).
    email = EmailField("E-mail", validators=[DataRequired("Skriv din e-mail."), Length(max=254)])
    password = PasswordField("Adgangskode", validators=[DataRequired("Skriv din adgangskode."), Length(max=500)])


def fold_choice(label: str) -> RadioField:
    """Which occurrence of a time shown twice; its choices are filled when the time is one."""
    return RadioField(label, choices=[], validate_choice=False, validators=[Optional()])


class SetPasswordForm(DanishForm):
    password = PasswordField("Ny adgangskode", validators=[DataRequired("Vælg en adgangskode."), Length(max=500)])
    repeat = PasswordField("Gentag adgangskoden", validators=[DataRequired("Skriv adgangskoden igen.")])

    def validate_repeat(self, field):
        if self.password.data and field.data != self.password.data:
            raise ValidationError("De to adgangskoder er ikke ens.")


class MeetingForm(DanishForm):
    # The municipality's time zone: the view sets it; times are checked against it.
    zone = "Europe/Copenhagen"
    date = DateField("Dato", validators=[DataRequired("Vælg mødets dato.")])
    start_time = TimeField("Starttidspunkt", validators=[DataRequired("Skriv hvornår mødet begynder (TT:MM)."),
                                                          local_time_validator("date", "start_fold")])
    start_fold = fold_choice("Hvilket starttidspunkt?")
    end_time = TimeField("Sluttidspunkt", validators=[Optional(), local_time_validator("date", "end_fold")])
    end_fold = fold_choice("Hvilket sluttidspunkt?")
    place = StringField("Mødested", validators=[DataRequired("Skriv hvor mødet holdes."), Length(max=300)])

    def times(self) -> dict:
        """Date and times as the service layer takes them."""
        return {"date": self.date.data, "start_time": self.start_time.data, "end_time": self.end_time.data,
                "start_fold": fold_of(self.start_fold), "end_fold": fold_of(self.end_fold)}

    def validate_end_time(self, field):
        if field.data and self.start_time.data and field.data <= self.start_time.data:
            raise ValidationError("Sluttidspunktet skal ligge efter starttidspunktet.")


class NewItemForm(DanishForm):
    title = StringField("Titel", validators=[DataRequired("Skriv punktets titel."), Length(max=300)])
    kind = SelectField("Slags", choices=options([("case", "Sag (med sagsnummer)"), ("standing", "Fast punkt (fx Eventuelt)")]))
    case_number = StringField("Sagsnummer", validators=[Optional(), Length(max=40)])
    closed = BooleanField("Lukket punkt (vises ikke for offentligheden)")


class CancelForm(DanishForm):
    reason = TextAreaField("Begrundelse (vises for medlemmerne og i kalenderne)", validators=[
        DataRequired("Skriv hvorfor mødet aflyses."), Length(max=1000)])


class NewMeetingForm(MeetingForm):
    copy_from = HiddenField()
    copy_items = BooleanField("Kopiér de faste punkter", default=True)
    # For a committee's first meeting: the municipality's standard opening and closing items.
    standard_items = BooleanField("Sæt standardpunkterne på dagsordenen", default=True)


class AttachmentForm(DanishForm):
    file = FileField("Vælg fil", validators=[FileRequired("Vælg en fil at uploade.")],
                     description="PDF, Word, Excel, PowerPoint, PNG eller JPEG, højst 15 MB.")


class PlaceForm(DanishForm):
    meeting_id = SelectField("Sæt også punktet på et andet udvalgs møde", validators=[DataRequired("Vælg et møde.")])


def item_form(text_sections, formdata=None, item=None, template=()) -> DanishForm:
    """The item's form with one Markdown field per text section of the municipality's
    template; the recommendation's lead-in starts as the municipality's own."""

    titles = {spec.kind: spec.title for spec in template}

    class ItemForm(NewItemForm):
        recommendation_intro = StringField("Indledning", default=recommendation_intro(template),
                                           validators=[Length(max=300)])
        recommendation_points = TextAreaField(
            "Punkter", validators=[Length(max=20000)],
            description="Ét punkt pr. linje, fx »at udvalget godkender ...«. Numrene sættes automatisk.")
        attachment_names = TextAreaField(f"{titles.get('attachments', 'Bilag')} uden fil (navne)",
                                         validators=[Length(max=10000)], description="Ét bilag pr. linje.")

    for spec in text_sections:
        setattr(ItemForm, f"section_{spec.key}", TextAreaField(spec.title, validators=[Length(max=100_000)]))
    form = ItemForm(formdata=formdata)
    if formdata is None and item is not None:
        form.title.data = item.title
        form.kind.data = item.kind
        form.case_number.data = item.case_number or ""
        form.closed.data = item.closed
        recommendation = item.recommendation or {}
        form.recommendation_intro.data = recommendation.get("intro", recommendation_intro(template))
        form.recommendation_points.data = "\n".join(recommendation.get("points", []))
        form.attachment_names.data = "\n".join(item.attachments or [])
        for spec in text_sections:
            form[f"section_{spec.key}"].data = (item.sections or {}).get(spec.key, "")
    return form


def item_data(form, text_sections) -> dict:
    """What the form says, in the shape the service layer takes."""
    points = [line.strip() for line in (form.recommendation_points.data or "").splitlines() if line.strip()]
    return {
        "title": form.title.data.strip(),
        "kind": form.kind.data,
        "case_number": (form.case_number.data or "").strip() or None,
        "closed": bool(form.closed.data),
        "sections": {spec.key: form[f"section_{spec.key}"].data or "" for spec in text_sections},
        "recommendation": {"intro": form.recommendation_intro.data.strip(), "points": points} if points else None,
        "attachments": [line.strip() for line in (form.attachment_names.data or "").splitlines() if line.strip()],
    }


class MunicipalityForm(DanishForm):
    name = StringField("Kommunens navn", validators=[DataRequired("Skriv kommunens navn."), Length(max=200)])
    timezone = StringField("Tidszone", default="Europe/Copenhagen",
                           validators=[DataRequired("Skriv tidszonen, fx Europe/Copenhagen."), Length(max=60)])
    address = StringField("Adresse (standardmødested)", validators=[Optional(), Length(max=300)])


class NewMunicipalityForm(MunicipalityForm):
    slug = StringField("Kortform i adresserne", validators=[DataRequired("Skriv kortformen."), Length(max=60)])
    secretary_name = StringField("Sekretærens navn", validators=[DataRequired("Skriv sekretærens navn."),
                                                                 Length(max=200)])
    secretary_email = EmailField("Sekretærens e-mail", validators=[DataRequired("Skriv sekretærens e-mail."),
                                                                   Length(max=254)])


class AccountForm(DanishForm):
    name = StringField("Navn", validators=[DataRequired("Skriv brugerens navn."), Length(max=200)])
    email = EmailField("E-mail", validators=[DataRequired("Skriv brugerens e-mail."), Length(max=254)])


class NewUserForm(AccountForm):
    role = SelectField("Rolle", choices=options([("secretary", "Sekretær"), ("member", "Udvalgsmedlem")]))
    member_id = SelectField("Udvalgsmedlem", choices=[], validate_choice=False)


class UserRoleForm(DanishForm):
    name = StringField("Navn", validators=[DataRequired("Skriv brugerens navn."), Length(max=200)])
    role = SelectField("Rolle", choices=options([("secretary", "Sekretær"), ("member", "Udvalgsmedlem")]))
    member_id = SelectField("Udvalgsmedlem", choices=[], validate_choice=False)


ROLE_LABELS = {"chair": "Formand", "vice_chair": "Næstformand", "member": "Medlem", "substitute": "Stedfortræder"}


class CommitteeForm(DanishForm):
    name = StringField("Udvalgets navn", validators=[DataRequired("Skriv udvalgets navn."), Length(max=200)])
    code = StringField("Kode (valgfri)", validators=[Optional(), Length(max=10)])
    default_place = StringField("Fast mødested", validators=[Optional(), Length(max=300)])
    default_start_time = TimeField("Fast mødetidspunkt", validators=[Optional()])


class CloseCommitteeForm(DanishForm):
    closed_on = DateField("Udvalgets sidste dag", validators=[DataRequired("Vælg udvalgets sidste dag.")])


class MemberForm(DanishForm):
    name = StringField("Navn", validators=[DataRequired("Skriv medlemmets navn."), Length(max=200)])
    party = StringField("Parti (bogstav)", validators=[Optional(), Length(max=5)])
    email = EmailField("E-mail", validators=[Optional(), Length(max=254)])


class MembershipForm(DanishForm):
    role = SelectField("Rolle", choices=options(ROLE_LABELS.items()))
    starts_on = DateField("Fra og med", validators=[Optional()])
    ends_on = DateField("Til og med", validators=[Optional()])


class NewMembershipForm(MembershipForm):
    member_id = SelectField("Medlem", validators=[DataRequired("Vælg et medlem.")], validate_choice=False)
