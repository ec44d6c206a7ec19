"""The house-style page's form: the item sections as a list the secretary can add to,
rename, reorder and remove from, the documents' wording, and the agenda rules.

Reordering, adding and removing are buttons in the form (no JavaScript needed): each
posts the whole form and comes back with the list changed and nothing stored yet.
"""

from __future__ import annotations

from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from services.agenda.domain.house_style import KIND_NAMES, HouseStyle
from services.agenda.domain.rules import AgendaRules, SectionSpec
from shared.housestyle import DocumentStyle
from shared.web.forms import DanishForm, DanishTranslations, options

CLOSED_IN_PUBLIC_CHOICES = [
    ("hidden", "Kun punktets nummer og mærket (fx »Punkt 7: Lukket punkt«)"),
    ("title", "Nummer og titel med mærket"),
    ("title_and_decision", "Nummer, titel med mærket og udvalgets beslutning"),
]
KIND_CHOICES = list(KIND_NAMES.items())


class SectionForm(Form):
    """One section; a sub-form of HouseStyleForm (the outer form carries the CSRF token
    and checks every sub-form's fields for control characters)."""

    class Meta:
        def get_translations(self, form) -> DanishTranslations:
            return DanishTranslations()

    key = HiddenField()
    title = StringField("Overskrift", validators=[Length(max=100)])
    kind = SelectField("Type", choices=options(KIND_CHOICES))
    required = BooleanField("Skal udfyldes, før dagsordenen kan offentliggøres")
    public = BooleanField("Vises i de offentlige udgaver")
    default_text = TextAreaField("Standardtekst i nye punkter", validators=[Length(max=20000)])


class HouseStyleForm(DanishForm):
    sections = FieldList(FormField(SectionForm), min_entries=0, max_entries=40)
    new_title = StringField("Nyt afsnit", validators=[Length(max=100)])
    new_kind = SelectField("Type", choices=options(KIND_CHOICES))

    case_number_label = StringField("Betegnelse for sagsnummeret", validators=[Length(max=100)])
    decision_heading = StringField("Overskrift over en beslutning", validators=[Length(max=200)])
    absence_label = StringField("Ord for et medlem, der ikke deltager", validators=[Length(max=100)])
    closed_marker = StringField("Mærke for et lukket punkt", validators=[Length(max=100)])
    closed_marker_position = RadioField("Mærket står", choices=options([("after", "efter titlen"),
                                                                        ("before", "før titlen")]))
    title_with_code = BooleanField("Titler begynder med udvalgets kode (fx »KF - «)")
    date_label = StringField("Mødeblokken: datoens betegnelse", validators=[Length(max=100)])
    place_label = StringField("Mødeblokken: mødestedets betegnelse", validators=[Length(max=100)])
    participants_label = StringField("Mødeblokken: deltagernes betegnelse", validators=[Length(max=100)])
    closed_in_public = RadioField("Det ser offentligheden af et lukket punkt", choices=options(CLOSED_IN_PUBLIC_CHOICES))

    closed_items = RadioField("Lukkede punkter står", choices=options([("last", "sidst, efter de åbne sager"),
                                                                      ("first", "først, før de åbne sager")]))
    first_item_title = StringField("Standardpunkt først på dagsordenen", validators=[Length(max=300)])
    last_item_title = StringField("Standardpunkt sidst på dagsordenen", validators=[Length(max=300)])
    numbering = RadioField("Nummerering", choices=options([("per_meeting", "forfra på hvert møde"),
                                                           ("per_year", "fortløbende gennem året")]))
    first_number = IntegerField("Første nummer", validators=[
        InputRequired("Skriv et tal, fx 1."), NumberRange(min=0, max=100000)])
    case_number_pattern = StringField("Sagsnummerets format (regulært udtryk)", validators=[Optional(), Length(max=200)])
    case_number_example = StringField("Et sagsnummer i det format", validators=[Length(max=40)])


STYLE_FIELDS = ("case_number_label", "decision_heading", "absence_label", "closed_marker", "closed_marker_position",
                "title_with_code", "date_label", "place_label", "participants_label", "closed_in_public")
RULE_FIELDS = ("closed_items", "first_item_title", "last_item_title", "numbering", "first_number",
               "case_number_pattern", "case_number_example")
SECTION_FIELDS = ("key", "title", "kind", "required", "public", "default_text")


def form_data(house: HouseStyle) -> dict:
    """The form's values for a house style."""
    rules = house.rules.to_dict()
    return {
        "sections": [{name: getattr(spec, name) for name in SECTION_FIELDS} for spec in house.template],
        **{name: getattr(house.style, name) for name in STYLE_FIELDS},
        **{name: (rules[name] if rules[name] is not None else "") for name in RULE_FIELDS},
    }


def submitted(form: HouseStyleForm) -> dict:
    """What was sent, as form_data gives it (for a form built again after a list change)."""
    return {
        "sections": [{name: entry.form[name].data for name in SECTION_FIELDS} for entry in form.sections],
        **{name: form[name].data for name in STYLE_FIELDS + RULE_FIELDS},
    }


def house_from(data: dict) -> HouseStyle:
    """The house style the form describes, valid or not (the domain checks it)."""
    style = DocumentStyle.from_dict({name: _text(data[name]) if isinstance(data[name], str) else data[name]
                                     for name in STYLE_FIELDS})
    rules = AgendaRules.from_dict({
        **{name: data[name] for name in RULE_FIELDS},
        "first_number": data["first_number"] if isinstance(data["first_number"], int) else 1,
        "case_number_pattern": (data["case_number_pattern"] or "").strip(),
        "case_number_example": (data["case_number_example"] or "").strip(),
    })
    template = tuple(SectionSpec(
        key=entry["key"] or "", title=_text(entry["title"]), kind=entry["kind"] or "text",
        required=bool(entry["required"]), public=bool(entry["public"]),
        default_text=(entry["default_text"] or "").strip()) for entry in data["sections"])
    return HouseStyle(rules, template, style)


def _text(value: str | None) -> str:
    return (value or "").strip()
