"""A house style that would make an agenda impossible to publish is refused, field by
field, in Danish; and stored settings are read whatever they lack."""

from __future__ import annotations

import dataclasses

from services.agenda.domain.house_style import HouseStyle, house_style_problems, section_key
from services.agenda.domain.rules import (
    DEFAULT_SECTION_TEMPLATE,
    AgendaRules,
    SectionSpec,
    template_from_dicts,
)
from shared.housestyle import DocumentStyle

GOOD = HouseStyle(AgendaRules(case_number_pattern=r"^\d{2}-\d{4}$", case_number_example="24-0012"),
                  DEFAULT_SECTION_TEMPLATE, DocumentStyle())


def problems(**changes) -> dict[str, list[str]]:
    return house_style_problems(dataclasses.replace(GOOD, **changes))


def test_a_new_municipalitys_defaults_can_be_used():
    assert house_style_problems(HouseStyle(AgendaRules(), DEFAULT_SECTION_TEMPLATE, DocumentStyle())) == {}
    assert problems() == {}


def test_a_template_without_sections_is_refused():
    assert problems(template=()) == {
        "section_template": ["Skabelonen skal have mindst ét afsnit; uden afsnit kan ingen dagsorden skrives."]}


def test_a_template_without_a_place_for_the_decisions_is_refused():
    found = problems(template=(SectionSpec("tekst", "Sagsfremstilling"),))
    assert found["section_template"] == [("Skabelonen skal have et afsnit af typen Beslutning: det er dér, "
                                         "udvalgets beslutninger står i referatet.")]


def test_two_decision_sections_or_two_sections_with_one_title_are_refused():
    template = DEFAULT_SECTION_TEMPLATE + (SectionSpec("beslutning_2", "Beslutning igen", "decision"),
                                          SectionSpec("andet", "sagsfremstilling"))
    found = problems(template=template)
    assert "Skabelonen må kun have ét afsnit af typen Beslutning." in found["section_template"]
    assert found["section_template.5.title"] == ["To afsnit hedder »sagsfremstilling«; giv dem hver sin overskrift."]


def test_a_decision_section_cannot_be_required_before_publishing_nor_kept_from_the_public():
    template = tuple(dataclasses.replace(spec, required=True, public=False) if spec.kind == "decision" else spec
                     for spec in DEFAULT_SECTION_TEMPLATE)
    found = problems(template=template)
    assert found["section_template.2.required"][0].startswith("Beslutningen skrives på mødet")
    assert found["section_template.2.public"] == ["Beslutningerne skal stå i det offentlige referat."]


def test_a_case_number_format_that_does_not_compile_is_refused_beside_the_field():
    found = problems(rules=AgendaRules(case_number_pattern=r"^\d{2}/(\d+$", case_number_example="24/1"))
    assert found["agenda_rules.case_number_pattern"][0].startswith("Formatet kan ikke bruges (fejl i udtrykket")


def test_a_case_number_format_its_own_example_does_not_fit_is_refused():
    found = problems(rules=AgendaRules(case_number_pattern=r"^\d{2}-\d{4}$", case_number_example="24/0012"))
    assert found == {"agenda_rules.case_number_example": [
        "Eksemplet »24/0012« passer ikke til formatet; ret det ene eller det andet."]}
    assert "agenda_rules.case_number_example" in problems(rules=AgendaRules(case_number_pattern=r"^\d+$"))


def test_the_decision_heading_takes_only_its_two_placeholders():
    assert problems(style=DocumentStyle(decision_heading="Beslutninger")) == {}
    assert problems(style=DocumentStyle(decision_heading="{udvalg}, {dato}:")) == {}
    assert problems(style=DocumentStyle(decision_heading="Beslutning {komite}"))["document_style.decision_heading"] \
        == ["{komite} kendes ikke. Brug {udvalg} for udvalgets navn og {dato} for datoen."]
    assert problems(style=DocumentStyle(decision_heading="Beslutning {udvalg"))["document_style.decision_heading"] \
        == ["Klammerne skal stå parvis om {udvalg} eller {dato}."]


def test_empty_wording_is_refused_with_an_example_of_what_to_write():
    found = problems(style=DocumentStyle(absence_label=" ", closed_marker=""))
    assert found["document_style.absence_label"] == [
        "Skriv ordet for et medlem, der ikke deltager, fx »Afbud« eller »Fraværende«."]
    assert "document_style.closed_marker" in found


def test_the_standard_opening_and_closing_items_cannot_share_a_title():
    found = problems(rules=AgendaRules(first_item_title="Eventuelt", last_item_title="eventuelt"))
    assert found == {"agenda_rules.last_item_title": [
        "Det første og det sidste standardpunkt kan ikke hedde det samme."]}


def test_only_text_sections_and_the_recommendation_have_default_texts():
    template = tuple(dataclasses.replace(spec, default_text="Se bilag") if spec.kind == "attachments" else spec
                     for spec in DEFAULT_SECTION_TEMPLATE)
    assert problems(template=template) == {
        "section_template.3.default_text": ["Kun tekstafsnit og indstillingen kan have en standardtekst."]}


def test_a_new_sections_key_comes_from_its_title_and_never_repeats_one_in_use():
    assert section_key("Økonomi og finansiering", set()) == "oekonomi_og_finansiering"
    assert section_key("Sags-ID", {"sags_id"}) == "sags_id_2"
    assert section_key("2. behandling", set()) == "a_2_behandling"
    assert section_key("§§", set()) == "afsnit"


def test_stored_sections_missing_a_kind_or_newer_fields_are_read_with_defaults():
    template = template_from_dicts([{"key": "resume", "title": "Resumé"},
                                    {"key": "b", "title": "Beslutning", "kind": "decision", "unknown": 1},
                                    {"title": "uden nøgle"}])
    assert template == (SectionSpec("resume", "Resumé"), SectionSpec("b", "Beslutning", "decision"))
