"""Forms whose own messages are Danish.

WTForms ships no Danish translation, so a field that cannot read its input ("abc" in a
number field, a date typed as 31.1.2026, a tampered choice) would answer in English.
A form built on DanishForm answers in Danish; messages given to validators stay as given.
"""

from __future__ import annotations

from datetime import date

import marshmallow
from flask_wtf import FlaskForm
from wtforms import FieldList, FormField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from shared.control_characters import MESSAGE as CONTROL_CHARACTER_MESSAGE
from shared.control_characters import has_forbidden_characters
from shared.danish import long_date
from shared.dates import MESSAGE as DATE_MESSAGE
from shared.dates import out_of_range
from shared.errors import DomainError
from shared.localtime import is_ambiguous, missing_time_message, occurrence_names
from shared.web.attributes import use_for_wtforms

use_for_wtforms()

DANISH = {
    "This field is required.": "Feltet skal udfyldes.",
    "Invalid input.": "Ugyldig værdi.",
    "Invalid email address.": "Ugyldig e-mailadresse.",
    "Not a valid choice.": "Vælg en af mulighederne.",
    "Invalid Choice: could not coerce.": "Vælg en af mulighederne.",
    "Not a valid datetime value.": "Skriv dato og klokkeslæt, fx 2026-01-31 16:30.",
    "Not a valid date value.": "Skriv datoen som ÅÅÅÅ-MM-DD, fx 2026-01-31.",
    "Not a valid time value.": "Skriv klokkeslættet som TT:MM, fx 16:30.",
    "Not a valid integer value.": "Skriv et helt tal.",
    "Not a valid decimal value.": "Skriv et tal.",
    "Not a valid float value.": "Skriv et tal.",
    "Field must be at least %(min)d character long.": "Skriv mindst %(min)d tegn.",
    "Field must be at least %(min)d characters long.": "Skriv mindst %(min)d tegn.",
    "Field cannot be longer than %(max)d character.": "Højst %(max)d tegn.",
    "Field cannot be longer than %(max)d characters.": "Højst %(max)d tegn.",
    "Field must be exactly %(max)d character long.": "Skriv præcis %(max)d tegn.",
    "Field must be exactly %(max)d characters long.": "Skriv præcis %(max)d tegn.",
    "Field must be between %(min)d and %(max)d characters long.": "Skriv mellem %(min)d og %(max)d tegn.",
    "Number must be at least %(min)s.": "Tallet skal være mindst %(min)s.",
    "Number must be at most %(max)s.": "Tallet må højst være %(max)s.",
    "Number must be between %(min)s and %(max)s.": "Tallet skal ligge mellem %(min)s og %(max)s.",
}


class DanishTranslations:
    def gettext(self, text: str) -> str:
        return DANISH.get(text, text)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return self.gettext(singular if count == 1 else plural)


class DanishForm(FlaskForm):
    class Meta:
        def get_translations(self, form) -> DanishTranslations:
            return DanishTranslations()

    def validate(self, extra_validators=None) -> bool:
        """The fields' own checks, and for every field: no control characters in what was
        sent (checked as sent, before any filter strips it; see shared.control_characters),
        and a date only in the range the system takes (shared.dates)."""
        valid = super().validate(extra_validators)
        for field in _leaves(self):
            if any(isinstance(raw, str) and has_forbidden_characters(raw) for raw in field.raw_data or ()):
                field.errors = [*field.errors, CONTROL_CHARACTER_MESSAGE]
                valid = False
            elif isinstance(field.data, date) and out_of_range(field.data):
                field.errors = [*field.errors, DATE_MESSAGE]
                valid = False
        return valid


def _leaves(fields):
    """Every field that holds what was sent, inside lists of sub-forms too."""
    for field in fields:
        if isinstance(field, FieldList):
            yield from _leaves(field.entries)
        elif isinstance(field, FormField):
            yield from _leaves(field.form)
        else:
            yield field


class ConfirmForm(DanishForm):
    """Only a CSRF token: for buttons that change something (Log ud, Offentliggør,
    Godkend referatet, Luk runden)."""


def field_errors(form, exc: DomainError, field_of=lambda name: name) -> list[str]:
    """Put each of the service layer's messages beside its field (`field_of` maps an
    error's path to the form's field name); returns the messages no field takes."""
    rest = []
    for name, messages in exc.errors.items():
        field = field_of(name)
        if field in form:
            form[field].errors = list(messages)
        else:
            rest.extend(messages)
    return rest


def schema_load(form, schema, data: dict, field_of=lambda name: name) -> dict | None:
    """Load `data` with the API's input schema, so a page and the API judge input by the same
    rules; on failure each message goes beside its field and None is returned."""
    try:
        return schema.load(data)
    except marshmallow.ValidationError as exc:
        errors = exc.messages if isinstance(exc.messages, dict) else {"_schema": exc.messages}
        rest = field_errors(form, DomainError("", {name: _flat(messages) for name, messages in errors.items()}),
                            field_of)
        if rest:
            form.form_errors.extend(rest)
        return None


def _flat(messages) -> list[str]:
    if isinstance(messages, dict):
        return [text for value in messages.values() for text in _flat(value)]
    if isinstance(messages, list):
        return [text for value in messages for text in _flat(value)]
    return [str(messages)]


def options(pairs) -> list[SelectChoice]:
    """(value, label) pairs as the choices of a select, radio or checkbox list."""
    return [SelectChoice(str(value), label) for value, label in pairs]


def local_time_validator(day_field: str, fold_field: str | None = None):
    """An inline WTForms validator for a time field: the time must exist on the day in
    the form's `zone` (02:30 on the last Sunday of March does not); a time shown twice
    (02:30 on the last Sunday of October) asks which occurrence in `fold_field`, whose
    choices it fills. Without a `fold_field` the first occurrence is meant."""

    def check(form, field) -> None:
        day, clock, zone = form[day_field].data, field.data, form.zone
        if not day or not clock:
            return
        problem = missing_time_message(day, clock, zone)
        if problem:
            raise ValidationError(problem)
        if fold_field is None or not is_ambiguous(day, clock, zone):
            return
        fold = form[fold_field]
        fold.choices = options(zip(("0", "1"), occurrence_names(day, clock, zone), strict=True))
        if fold.data not in ("0", "1"):
            raise ValidationError(f"Klokken {clock:%H:%M} forekommer to gange {long_date(day)}, fordi urene stilles "
                                  f"tilbage. Vælg hvilken gang nedenfor.")

    return check


def fold_of(field) -> int:
    """The occurrence a fold field chose: 1 for the second, else 0."""
    return 1 if field.data == "1" else 0
