"""WTForms forms of the calendar pages; each carries its CSRF token and speaks Danish."""

from __future__ import annotations

import uuid

from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from services.agenda.calendar.domain.wheel import KIND_NAMES
from services.agenda.web.forms import MeetingForm, fold_choice
from shared.danish import MONTHS, WEEKDAYS
from shared.web.forms import DanishForm, fold_of, local_time_validator, options

MONTH_CHOICES = options([("", "(ud fra datoen)")] + [(i, name.capitalize()) for i, name in enumerate(MONTHS, 1)])


class EntryForm(DanishForm):
    zone = "Europe/Copenhagen"  # the municipality's; the view sets it
    kind = SelectField("Slags", choices=options(KIND_NAMES.items()))
    title = StringField("Titel", validators=[DataRequired("Skriv en titel."), Length(max=300, message="Højst 300 tegn.")])
    date = DateField("Dato", validators=[Optional()])
    month = SelectField("Måned (når der ikke er en dato)", choices=MONTH_CHOICES)
    start_time = TimeField("Starttidspunkt", validators=[Optional(), local_time_validator("date", "start_fold")])
    start_fold = fold_choice("Hvilket starttidspunkt?")
    end_time = TimeField("Sluttidspunkt", validators=[Optional(), local_time_validator("date", "end_fold")])
    end_fold = fold_choice("Hvilket sluttidspunkt?")
    place = StringField("Sted", validators=[Optional(), Length(max=300, message="Højst 300 tegn.")])
    owner = StringField("Ansvarlig", validators=[Optional(), Length(max=200, message="Højst 200 tegn.")])
    description = TextAreaField("Beskrivelse", validators=[Optional(), Length(max=5000, message="Højst 5000 tegn.")])
    meeting_id = SelectField("Hører til mødet", choices=options([("", "(intet møde)")]), validators=[Optional()])
    status = SelectField("Status", choices=options([("planned", "Planlagt"), ("cancelled", "Aflyst")]))
    public = BooleanField("Offentlig (vises på hjulet for alle og i de offentlige kalendere)", default=True)
    recurring = BooleanField("Går igen hvert år (kopieres, når årshjulet rulles til næste år)")

    def data_for_service(self) -> dict:
        return {
            "kind": self.kind.data,
            "title": self.title.data.strip(),
            "date": self.date.data,
            "month": int(self.month.data) if self.month.data else None,
            "start_time": self.start_time.data,
            "end_time": self.end_time.data,
            "start_fold": fold_of(self.start_fold),
            "end_fold": fold_of(self.end_fold),
            "place": (self.place.data or "").strip() or None,
            "owner": (self.owner.data or "").strip() or None,
            "description": (self.description.data or "").strip() or None,
            "meeting_id": uuid.UUID(self.meeting_id.data) if self.meeting_id.data else None,
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
    entry_id = SelectField("Dialogmøde", choices=options([("", "(intet dialogmøde endnu)")]), validators=[Optional()])

    def partner_list(self) -> list[str]:
        return [name.strip() for name in (self.partners.data or "").split(",") if name.strip()]

    def data_for_service(self) -> dict:
        return {"theme": self.theme.data.strip(), "place": (self.place.data or "").strip() or None,
                "partners": self.partner_list(),
                "entry_id": uuid.UUID(self.entry_id.data) if self.entry_id.data else None}

    def validate_partners(self, field):
        names = self.partner_list()
        if len(names) > 20:
            raise ValidationError("Højst 20 samarbejdspartnere.")
        if any(len(name) > 200 for name in names):
            raise ValidationError("Hvert navn må højst have 200 tegn.")


class RolloverForm(DanishForm):
    to_year = IntegerField("Rul frem til år", validators=[
        DataRequired("Skriv året."), NumberRange(min=2000, max=2100, message="Vælg et år mellem 2000 og 2100.")])
    ordinal = SelectField("Hvilken", choices=options([("1", "Første"), ("2", "Anden"), ("3", "Tredje"),
                                                      ("4", "Fjerde"), ("-1", "Sidste")]), default="2")
    weekday = SelectField("Ugedag", choices=options(enumerate(WEEKDAYS)), default="2")
    start_time = TimeField("Mødet begynder", validators=[DataRequired("Skriv hvornår møderne begynder (TT:MM).")])
    end_time = TimeField("Mødet slutter", validators=[Optional()])
    place = StringField("Mødested", validators=[DataRequired("Skriv hvor møderne holdes."),
                                                Length(max=300, message="Højst 300 tegn.")])
    skip_july = BooleanField("Sommerferie: intet møde i juli", default=True)
    skip_holidays = BooleanField("Flyt møder, der falder på en helligdag, til ugen efter", default=True)
    include_closing_days = BooleanField("Regn også grundlovsdag, juleaften og nytårsaften som fridage", default=True)
    dialogue_start_time = TimeField("Dialogmøde efter udvalgsmødet kl.", validators=[Optional()])

    # Checked here too, as on the meeting form: the rule must not reach the service layer half-valid.
    validate_end_time = MeetingForm.validate_end_time
