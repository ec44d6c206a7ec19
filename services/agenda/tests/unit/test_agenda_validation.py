"""Publishing rules for an agenda, as plain functions."""

from services.agenda.domain.agenda import (
    AgendaItem,
    first_number_for,
    number_items,
    validate_agenda,
)
from services.agenda.domain.rules import AgendaRules
from services.agenda.tests.house_style import RULES, TEMPLATE


def case(item_id, title="Sag", closed=False, case_number="19/11559", resume="Kort resumé", points=()):
    return AgendaItem(
        id=item_id, title=title, kind="case", closed=closed, case_number=case_number,
        sections={"resume": resume} if resume else {}, recommendation_points=tuple(points),
    )


def standing(item_id, title):
    return AgendaItem(id=item_id, title=title, kind="standing", closed=False)


def validate(items, first=1, rules=RULES):
    return validate_agenda(items, number_items(len(items), first), TEMPLATE, rules)


def test_a_complete_agenda_has_no_errors():
    items = [standing("a", "Godkendelse af dagsorden"), case("b"), case("c", closed=True), standing("d", "Eventuelt")]
    assert validate(items) == {}


def test_an_empty_agenda_cannot_be_published():
    assert validate([]) == {"items": ["Dagsordenen har ingen punkter."]}


def test_missing_title_is_reported_on_the_item_title_field():
    errors = validate([case("b", title="  ")])
    assert errors == {"items.b.title": ["Punkt 1 mangler en titel."]}


def test_a_case_item_needs_a_case_number_in_the_municipality_format():
    assert validate([case("b", case_number=None)]) == {"items.b.case_number": ["Punkt 1: Sagsnummeret mangler."]}
    errors = validate([case("b", case_number="2019-11559")])
    assert errors["items.b.case_number"] == ["Punkt 1: Sagsnummeret har ikke den rigtige form (fx 19/11559)."]


def test_without_a_case_number_format_any_case_number_will_do():
    rules = AgendaRules(case_number_pattern="", case_number_example="")
    assert validate([case("b", case_number="SAG-2024/77 a")], rules=rules) == {}
    assert validate([case("b", case_number=None)], rules=rules) == {"items.b.case_number": ["Punkt 1: Sagsnummeret mangler."]}


def test_a_standing_item_needs_neither_case_number_nor_sections():
    assert validate([standing("a", "Godkendelse af dagsorden"), standing("z", "Eventuelt")]) == {}


def test_required_sections_of_the_template_must_be_filled():
    errors = validate([case("b", resume="   ")])
    assert errors == {"items.b.sections.resume": ["Punkt 1: afsnittet »Resumé« skal udfyldes."]}


def test_a_required_recommendation_needs_at_least_one_point():
    template = tuple(
        spec.__class__(spec.key, spec.title, spec.kind, required=spec.kind == "recommendation" or spec.required)
        for spec in TEMPLATE
    )
    items = [case("b", points=["  "])]
    errors = validate_agenda(items, [1], template, RULES)
    assert errors == {"items.b.recommendation": ["Punkt 1: afsnittet »Indstilling« skal udfyldes."]}


def test_fixed_first_and_last_items_must_stand_first_and_last():
    items = [case("b"), standing("a", "Godkendelse af dagsorden"), standing("z", "Eventuelt"), case("c")]
    errors = validate(items)["items"]
    assert "»Godkendelse af dagsorden« skal være det første punkt." in errors
    assert "»Eventuelt« skal være det sidste punkt." in errors


def test_closed_items_must_follow_the_open_cases_when_the_municipality_says_so():
    items = [case("b", closed=True), case("c")]
    assert validate(items) == {"items": ["Lukkede punkter skal stå efter de åbne sager (punkt 1 står før punkt 2)."]}
    assert validate(items, rules=AgendaRules(closed_items="first")) == {}


def test_closed_items_must_come_before_the_open_cases_when_the_municipality_puts_them_first():
    rules = AgendaRules(closed_items="first", first_item_title="Godkendelse af dagsorden")
    good = [standing("a", "Godkendelse af dagsorden"), case("b", closed=True), case("c"), standing("z", "Eventuelt")]
    assert validate(good, rules=rules) == {}
    bad = [standing("a", "Godkendelse af dagsorden"), case("b"), case("c", closed=True)]
    assert validate(bad, rules=rules) == {
        "items": ["Lukkede punkter skal stå før de åbne sager (punkt 2 står før punkt 3)."]}


def test_a_required_bilag_section_needs_at_least_one_bilag():
    template = tuple(spec.__class__(spec.key, spec.title, spec.kind, required=spec.kind == "attachments" or spec.required)
                     for spec in TEMPLATE)
    item = AgendaItem(id="b", title="Sag", kind="case", closed=False, case_number="19/11559",
                      sections={"resume": "Kort"})
    assert validate_agenda([item], [1], template, RULES) == {
        "items.b.attachments": ["Punkt 1: afsnittet »Bilag« skal have mindst ét bilag."]}
    with_bilag = AgendaItem(id="b", title="Sag", kind="case", closed=False, case_number="19/11559",
                            sections={"resume": "Kort"}, attachments=("Bilag 1.pdf",))
    assert validate_agenda([with_bilag], [1], template, RULES) == {}


def test_numbers_must_be_contiguous():
    errors = validate_agenda([case("b"), case("c")], [1, 3], TEMPLATE, RULES)
    assert errors == {"items": ["Punkternes numre skal følge hinanden uden huller."]}


def test_per_meeting_numbering_starts_at_the_configured_number():
    assert first_number_for(AgendaRules(first_number=1), items_earlier_in_year=40) == 1


def test_per_year_numbering_continues_after_the_items_of_earlier_meetings():
    assert first_number_for(AgendaRules(numbering="per_year"), items_earlier_in_year=40) == 41
    assert number_items(3, 41) == [41, 42, 43]


def test_rules_ignore_unknown_settings_and_keep_defaults():
    rules = AgendaRules.from_dict({"numbering": "per_year", "something_else": True})
    assert rules.numbering == "per_year" and rules.closed_items == "last" and rules.first_item_title is None


def test_rules_stored_before_closed_items_could_come_first_are_read_as_they_were_meant():
    assert AgendaRules.from_dict({"closed_items_last": False}).closed_items == "first"
    assert AgendaRules.from_dict({"closed_items_last": True}).closed_items == "last"
