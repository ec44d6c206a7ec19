"""Forms of the awards pages; every form carries its CSRF token. Forms whose fields
depend on the round (one field per criterion) are built per request."""

from __future__ import annotations

import uuid
from datetime import datetime, time
from functools import lru_cache
from zoneinfo import ZoneInfo

from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TelField,
    TextAreaField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from services.awards.domain.budget import budget_text, parse_budget
from services.awards.domain.cvr import cvr_error
from services.awards.domain.scoring import MAX_SCORE, MIN_SCORE
from services.awards.models import AwardRound
from shared.web.forms import DanishForm, local_time_validator

REASON_MAX = 3000
PHONE = r"^(\+|00)?[\d\s\-]{8,20}$"


def _max(length: int) -> Length:
    return Length(max=length, message=f"Højst {length:,} tegn.".replace(",", "."))


def _valid_cvr(_form, field) -> None:
    problem = cvr_error(field.data or "")
    if problem:
        raise ValidationError(problem)


def _formdata(submitted: bool) -> dict:
    """A submitted form reads the request (fields and files); a new one starts empty."""
    return {} if submitted else {"formdata": None}


def nomination_form(round_: AwardRound, submitted: bool) -> DanishForm:
    """The public form: the company, why it deserves the prize per criterion, who
    nominates, consent, an optional attachment, and a honeypot field people never see."""
    return _nomination_form_class(tuple(round_.criteria))(**_formdata(submitted))


@lru_cache(maxsize=64)
def _nomination_form_class(criteria: tuple[str, ...]) -> type[DanishForm]:
    """One form class per set of criteria, made once: building a WTForms class (its
    fields, validators and their patterns) on every request cost more than using it."""

    class NominationForm(DanishForm):
        submission_id = HiddenField()
        company_name = StringField("Virksomhedens navn", validators=[
            DataRequired("Skriv virksomhedens navn."), _max(200)], render_kw={"autocomplete": "organization"})
        cvr = StringField("CVR-nummer", validators=[_valid_cvr], render_kw={
            "inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"})
        company_address = StringField("Virksomhedens adresse", validators=[
            DataRequired("Skriv virksomhedens adresse."), _max(300)])
        nominator_name = StringField("Dit navn", validators=[DataRequired("Skriv dit navn."), _max(200)],
                                     render_kw={"autocomplete": "name"})
        nominator_email = EmailField("Din e-mail", validators=[
            DataRequired("Skriv din e-mailadresse."), Email("Skriv en gyldig e-mailadresse, fx navn@eksempel.dk."),
            _max(254)], render_kw={"autocomplete": "email"})
        nominator_phone = TelField("Dit telefonnummer (valgfrit)", validators=[
            Optional(), Regexp(PHONE, message="Skriv et telefonnummer med mindst 8 cifre, fx 46 46 46 46.")],
            render_kw={"autocomplete": "tel", "inputmode": "tel"})
        consent = BooleanField("Jeg giver samtykke til, at mine oplysninger behandles som beskrevet ovenfor.",
                               validators=[DataRequired("Du skal give samtykke for at kunne indstille.")])
        attachment = FileField("Bilag (valgfrit): PDF eller billede (PNG eller JPEG), højst 10 MB",
                               render_kw={"accept": ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"})
        # The honeypot: hidden from people (and screen readers); programs that fill every field fill it.
        website = StringField("Lad dette felt stå tomt", render_kw={"autocomplete": "off", "tabindex": "-1"})

        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self.reason_errors: list[str] = []

        def validate(self, extra_validators=None) -> bool:
            valid = super().validate(extra_validators)
            self.reason_errors = []
            if not any((self[f"reason_{i}"].data or "").strip() for i in range(len(criteria))):
                self.reason_errors = ["Skriv under mindst ét kriterium, hvorfor virksomheden fortjener prisen."]
                valid = False
            return valid

    for index, criterion in enumerate(criteria):
        setattr(NominationForm, f"reason_{index}", TextAreaField(criterion, validators=[_max(REASON_MAX)]))
    return NominationForm


def reasons_of(form, count: int) -> list[str]:
    return [(form[f"reason_{i}"].data or "").strip() for i in range(count)]


class RoundForm(DanishForm):
    zone = "Europe/Copenhagen"  # the municipality's; the view sets it
    year = IntegerField("Prisens år", validators=[InputRequired("Skriv prisens år."), NumberRange(
        2000, 2100, "Skriv et årstal mellem 2000 og 2100.")])
    title = StringField("Titel", validators=[DataRequired("Skriv rundens titel."), _max(200)])
    description = TextAreaField("Beskrivelse (vises på den offentlige side)", validators=[_max(10_000)])
    criteria = TextAreaField("Kriterier", validators=[DataRequired("Skriv mindst ét kriterium."), _max(10_000)],
                             description="Ét kriterium pr. linje.")
    prize_amount = IntegerField("Prisens størrelse i kroner", validators=[
        InputRequired("Skriv prisens beløb i hele kroner."), NumberRange(0, 10_000_000, "Skriv et beløb i hele kroner.")])
    budget = TextAreaField("Budget", validators=[_max(5_000)],
                           description="Én post pr. linje: tekst, lodret streg, beløb, fx »Traktement | 5.000«.")
    opens_on = DateField("Indstillinger fra (dato)", validators=[InputRequired("Vælg datoen, hvor runden åbner.")])
    opens_time = TimeField("Fra kl.", default=time(0, 0), validators=[InputRequired("Skriv klokkeslæt (TT:MM)."),
                                                                      local_time_validator("opens_on")])
    closes_on = DateField("Frist (dato)", validators=[InputRequired("Vælg fristen for indstillinger.")])
    closes_time = TimeField("Frist kl.", default=time(23, 59), validators=[InputRequired("Skriv klokkeslæt (TT:MM)."),
                                                                           local_time_validator("closes_on")])
    case_number = StringField("Sagsnummer (valgfrit)", validators=[Optional(), _max(40)])
    committee_id = SelectField("Udvalget, der vælger vinderen", validators=[DataRequired("Vælg udvalget.")])
    meeting_id = SelectField("Mødet, hvor indstillingerne behandles", validators=[Optional()])
    ceremony_on = DateField("Prisoverrækkelse (dato)", validators=[Optional()])
    ceremony_time = TimeField("Prisoverrækkelse kl.", validators=[Optional(), local_time_validator("ceremony_on")])
    ceremony_place = StringField("Sted for prisoverrækkelsen", validators=[Optional(), _max(300)])
    shortlist_size = IntegerField("Antal kandidater i bilaget til udvalget", default=5, validators=[
        InputRequired("Skriv et antal."), NumberRange(1, 20, "Vælg mellem 1 og 20.")])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.budget_lines: list[dict] = []

    def validate_budget(self, field) -> None:
        self.budget_lines, problems = parse_budget(field.data or "")
        if problems:
            raise ValidationError(" ".join(problems))

    def fill(self, round_: AwardRound, zone: str) -> None:
        local = ZoneInfo(zone)
        for key in ("year", "title", "description", "prize_amount", "case_number", "ceremony_on", "ceremony_time",
                    "ceremony_place", "shortlist_size"):
            self[key].data = getattr(round_, key)
        self.criteria.data = "\n".join(round_.criteria)
        self.budget.data = budget_text(round_.budget_lines)
        opens, closes = round_.opens_at.astimezone(local), round_.closes_at.astimezone(local)
        self.opens_on.data, self.opens_time.data = opens.date(), opens.time()
        self.closes_on.data, self.closes_time.data = closes.date(), closes.time()
        self.committee_id.data = str(round_.committee_id)
        self.meeting_id.data = str(round_.meeting_id) if round_.meeting_id else ""

    def data_for(self, zone: str) -> dict:
        """What the form says, in the shape the service layer takes."""
        local = ZoneInfo(zone)
        return {
            "year": self.year.data,
            "title": self.title.data.strip(),
            "description": (self.description.data or "").strip(),
            "criteria": [line.strip() for line in (self.criteria.data or "").splitlines() if line.strip()],
            "prize_amount": self.prize_amount.data,
            "budget_lines": self.budget_lines,
            "opens_at": datetime.combine(self.opens_on.data, self.opens_time.data, tzinfo=local),
            "closes_at": datetime.combine(self.closes_on.data, self.closes_time.data, tzinfo=local),
            "case_number": (self.case_number.data or "").strip() or None,
            "committee_id": _uuid(self.committee_id.data),
            "meeting_id": _uuid(self.meeting_id.data),
            **ceremony_data(self),
            "shortlist_size": self.shortlist_size.data,
        }


def _uuid(value: str | None) -> uuid.UUID | None:
    return uuid.UUID(value) if value else None


def ceremony_data(form) -> dict:
    return {
        "ceremony_on": form.ceremony_on.data,
        "ceremony_time": form.ceremony_time.data,
        "ceremony_place": (form.ceremony_place.data or "").strip() or None,
    }


class CeremonyForm(DanishForm):
    zone = "Europe/Copenhagen"  # the municipality's; the view sets it
    ceremony_on = DateField("Prisoverrækkelse (dato)", validators=[Optional()])
    ceremony_time = TimeField("Prisoverrækkelse kl.", validators=[Optional(), local_time_validator("ceremony_on")])
    ceremony_place = StringField("Sted for prisoverrækkelsen", validators=[Optional(), _max(300)])


class InvalidForm(DanishForm):
    reason = TextAreaField("Hvorfor afvises indstillingen?", validators=[
        DataRequired("Skriv en begrundelse."), _max(2000)])


class MergeForm(DanishForm):
    other_id = HiddenField(validators=[DataRequired("Vælg en indstilling.")])


class ExportForm(DanishForm):
    email = EmailField("E-mailadresse", validators=[
        DataRequired("Skriv e-mailadressen."), Email("Skriv en gyldig e-mailadresse."), _max(254)])


SCORE_CHOICES = [SelectChoice("", "Ikke vurderet")] + [
    SelectChoice(str(value), str(value)) for value in range(MIN_SCORE, MAX_SCORE + 1)]


def score_form(criteria: list[str], current: dict[int, int], submitted: bool) -> DanishForm:
    class ScoreForm(DanishForm):
        pass

    for index, criterion in enumerate(criteria):
        setattr(ScoreForm, f"criterion_{index}", SelectField(criterion, choices=SCORE_CHOICES, validators=[Optional()]))
    form = ScoreForm(**_formdata(submitted))
    if not submitted:
        for index in range(len(criteria)):
            form[f"criterion_{index}"].data = str(current[index]) if index in current else ""
    return form


def score_values(form, count: int) -> dict[int, int | None]:
    return {i: int(form[f"criterion_{i}"].data) if form[f"criterion_{i}"].data else None for i in range(count)}
