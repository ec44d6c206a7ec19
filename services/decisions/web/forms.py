"""Forms for the meeting's attendance and decisions. Some fields depend on the meeting
(its members, the item's recommendation points), so those forms are built per request."""

from __future__ import annotations

from wtforms import (
    BooleanField,
    DateField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from services.decisions.domain.decision_text import QUICK_DECISIONS, quick_choice_for
from shared.web.forms import DanishForm, options


class CorrectionForm(DanishForm):
    reason = TextAreaField("Hvorfor skal referatet rettes?", validators=[Length(max=2000, message="Højst 2000 tegn.")])


class CheckboxList(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def attendance_form(attendance: list, formdata=None) -> DanishForm:
    class AttendanceForm(DanishForm):
        pass

    for person in attendance:
        key = person.member_id.hex
        setattr(AttendanceForm, f"absent_{key}", BooleanField("Afbud", default=person.absent))
        setattr(AttendanceForm, f"substitute_{key}", StringField(
            "Stedfortræder", default=person.substitute or "",
            validators=[Optional(), Length(max=200, message="Højst 200 tegn.")]))
    return AttendanceForm(formdata=formdata)


def decision_form(points: int, members: list[dict], decision=None, default_day=None, formdata=None,
                  candidates: list[dict] | None = None) -> DanishForm:
    """`candidates`: on an award's item, the shortlist the winner is chosen from."""

    class DecisionForm(DanishForm):
        quick = RadioField("Standardtekst", choices=options([("", "Egen tekst")] + [(t, t) for t in QUICK_DECISIONS]),
                           default="", validators=[Optional()])
        text = TextAreaField("Beslutning", validators=[Length(max=20000, message="Højst 20.000 tegn.")],
                             render_kw={"data-saved": decision.text if decision is not None else ""})
        not_taking_part = CheckboxList("Deltog ikke i behandlingen af punktet (inhabil)",
                                       choices=options((m["member_id"], _display(m)) for m in members), validate_choice=True)
        minority = TextAreaField("Mindretalsudtalelse", validators=[Length(max=5000, message="Højst 5.000 tegn.")])
        decided_on = DateField("Beslutningsdato", validators=[Optional()],
                               render_kw={"aria-describedby": "decided_on-hint"})

    for number in range(1, points + 1):
        setattr(DecisionForm, f"point_{number}", TextAreaField(
            f"Ad {number}", validators=[Length(max=5000, message="Højst 5.000 tegn.")]))
    if candidates is not None:
        DecisionForm.award_winner = SelectField("Prisvinder", choices=[SelectChoice("", "Ingen vinder valgt")] + [
            SelectChoice(c["candidate_id"], f"{c['company_name']} (CVR-nr. {c['cvr']})") for c in candidates])
        DecisionForm.award_reason = TextAreaField("Begrundelse for valget af vinderen", validators=[
            Length(max=5000, message="Højst 5.000 tegn.")])
    form = DecisionForm(formdata=formdata)
    if formdata is None and candidates is not None and decision is not None and decision.award_winner:
        form.award_winner.data = decision.award_winner["candidate_id"]
        form.award_reason.data = decision.award_winner["reason"]
    if formdata is None and decision is not None:
        form.text.data = decision.text
        form.quick.data = quick_choice_for(decision.text)
        form.minority.data = decision.minority or ""
        form.not_taking_part.data = list(decision.not_taking_part)
        form.decided_on.data = decision.decided_on
        for answer in decision.point_answers:
            if answer["point"] <= points:
                getattr(form, f"point_{answer['point']}").data = answer["text"]
    elif formdata is None:
        form.decided_on.data = default_day
    return form


def _display(member: dict) -> str:
    return f"{member['name']} ({member['party']})" if member.get("party") else member["name"]


def reservation_form(items, formdata=None) -> DanishForm:
    """A reservation on one of the meeting's items. The choice is not checked by the form:
    the service layer says, beside the field, when an item is not on the meeting."""

    class ReservationForm(DanishForm):
        item_id = SelectField("Punkt", choices=[SelectChoice("", "Vælg punktet")] + [
            SelectChoice(str(item.item_id), f"Punkt {item.number}: {item.title}") for item in items],
            validate_choice=False)
        text = TextAreaField("Hvad er gengivet forkert i referatet af punktet?", validators=[
            Length(max=5000, message="Højst 5.000 tegn.")])

    return ReservationForm(formdata=formdata)
