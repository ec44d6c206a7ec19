"""WTForms forms of the calendar pages; every FlaskForm carries its CSRF token."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, IntegerField, SelectField, StringField, TextAreaField, TimeField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from services.agenda.calendar.domain.holidays import MONTH_NAMES, WEEKDAY_NAMES
from services.agenda.calendar.operations.wheel import KIND_NAMES

# WTForms has no Danish translation: the messages its fields raise themselves, in Danish.
_DANISH = {
    "Not a valid date value.": "Skriv en gyldig dato.",
    "Not a valid time value.": "Skriv et gyldigt tidspunkt (TT:MM).",
    "Not a valid choice.": "Vælg en af mulighederne.",
    "Invalid Choice: could not coerce.": "Vælg en af mulighederne.",
    "Not a valid integer value.": "Skriv et helt tal.",
    "This field is required.": "Feltet skal udfyldes.",
}


class _DanishTranslations:
    def gettext(self, string):
        return _DANISH.get(string, string)

    def ngettext(self, singular, plural, n):
        return _DANISH.get(singular if n == 1 else plural, singular if n == 1 else plural)


class DanishForm(FlaskForm):
    class Meta:
        def get_translations(self, form):
            return _DanishTranslations()


MONTH_CHOICES = [("", "(ud fra datoen)")] + [(str(i), name.capitalize()) for i, name in enumerate(MONTH_NAMES, 1)]


class EntryForm(DanishForm):
    kind = SelectField("Slags", choices=list(KIND_NAMES.items()))
    title = StringField("Titel", validators=[DataRequired("Skriv en titel."), Length(max=300, message="Højst 300 tegn.")])
    date = DateField("Dato", validators=[Optional()])
    month = SelectField("Måned (når der ikke er en dato)", choices=MONTH_CHOICES)
    start_time = TimeField("Starttidspunkt", validators=[Optional()])
    end_time = TimeField("Sluttidspunkt", validators=[Optional()])
    place = StringField("Sted", validators=[Optional(), Length(max=300, message="Højst 300 tegn.")])
    owner = StringField("Ansvarlig", validators=[Optional(), Length(max=200, message="Højst 200 tegn.")])
    description = TextAreaField("Beskrivelse", validators=[Optional(), Length(max=5000, message="Højst 5000 tegn.")])
    meeting_id = SelectField("Hører til mødet", choices=[("", "(intet møde)")], validators=[Optional()])
    status = SelectField("Status", choices=[("planned", "Planlagt"), ("cancelled", "Aflyst")])
    public = BooleanField("Offentlig (vises på hjulet for alle og i de offentlige kalendere)", default=True)
    recurring = BooleanField("Går igen hvert år (kopieres, når årshjulet rulles til næste år)")

    def __init__(self, *args, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.year = year

    def validate_date(self, field):
        if field.data and field.data.year != self.year:
            raise ValidationError(f"Datoen skal ligge i {self.year}.")

    def validate_month(self, field):
        if not field.data and not self.date.data and not self.date.errors:
            raise ValidationError("Vælg en dato eller en måned.")

    def validate_start_time(self, field):
        if field.data and not self.date.data:
            raise ValidationError("Et tidspunkt kræver en dato.")

    def validate_end_time(self, field):
        if field.data and (not self.start_time.data or field.data <= self.start_time.data):
            raise ValidationError("Sluttidspunktet skal ligge efter starttidspunktet.")

    def data_for_service(self) -> dict:
        return {
            "kind": self.kind.data,
            "title": self.title.data.strip(),
            "date": self.date.data,
            "month": self.date.data.month if self.date.data else int(self.month.data),
            "start_time": self.start_time.data,
            "end_time": self.end_time.data,
            "place": (self.place.data or "").strip() or None,
            "owner": (self.owner.data or "").strip() or None,
            "description": (self.description.data or "").strip() or None,
            "meeting_id": self.meeting_id.data or None,
            "status": self.status.data,
            "public": bool(self.public.data),
            "recurring": bool(self.recurring.data),
        }


class ThemeForm(DanishForm):
    theme = TextAreaField("Tema", validators=[DataRequired("Skriv månedens tema."),
                                              Length(max=1000, message="Højst 1000 tegn.")])
    place = StringField("Sted", validators=[Optional(), Length(max=300, message="Højst 300 tegn.")])
    partners = StringField("Samarbejdspartnere", validators=[Optional(), Length(max=2000, message="For lang.")],
                           description="Adskil med komma, fx Beskæftigelsesforum, UU")
    entry_id = SelectField("Dialogmøde", choices=[("", "(intet dialogmøde endnu)")], validators=[Optional()])

    def partner_list(self) -> list[str]:
        return [name.strip() for name in (self.partners.data or "").split(",") if name.strip()]

    def validate_partners(self, field):
        names = self.partner_list()
        if len(names) > 20:
            raise ValidationError("Højst 20 samarbejdspartnere.")
        if any(len(name) > 200 for name in names):
            raise ValidationError("Hvert navn må højst have 200 tegn.")


class RolloverForm(DanishForm):
    to_year = IntegerField("Rul frem til år", validators=[
        DataRequired("Skriv året."), NumberRange(min=2000, max=2100, message="Vælg et år mellem 2000 og 2100.")])
    ordinal = SelectField("Hvilken", choices=[("1", "Første"), ("2", "Anden"), ("3", "Tredje"), ("4", "Fjerde"),
                                              ("-1", "Sidste")], default="2")
    weekday = SelectField("Ugedag", choices=[(str(i), name) for i, name in enumerate(WEEKDAY_NAMES)], default="2")
    start_time = TimeField("Mødet begynder", validators=[DataRequired("Skriv hvornår møderne begynder (TT:MM).")])
    end_time = TimeField("Mødet slutter", validators=[Optional()])
    place = StringField("Mødested", validators=[DataRequired("Skriv hvor møderne holdes."),
                                                Length(max=300, message="Højst 300 tegn.")])
    skip_july = BooleanField("Sommerferie: intet møde i juli", default=True)
    skip_holidays = BooleanField("Flyt møder, der falder på en helligdag, til ugen efter", default=True)
    include_closing_days = BooleanField("Regn også grundlovsdag, juleaften og nytårsaften som fridage", default=True)
    dialogue_start_time = TimeField("Dialogmøde efter udvalgsmødet kl.", validators=[Optional()])

    def __init__(self, *args, from_year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.from_year = from_year

    def validate_to_year(self, field):
        if field.data is not None and field.data <= self.from_year:
            raise ValidationError(f"Vælg et år efter {self.from_year}.")

    def validate_end_time(self, field):
        if field.data and self.start_time.data and field.data <= self.start_time.data:
            raise ValidationError("Sluttidspunktet skal ligge efter starttidspunktet.")
