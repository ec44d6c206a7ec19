"""The house style most agenda tests run with: Lejre's, written out here because a new
municipality's defaults no longer carry any one municipality's choices."""

from __future__ import annotations

from services.agenda.domain.rules import AgendaRules, SectionSpec, template_to_dicts

RULES = AgendaRules(
    first_item_title="Godkendelse af dagsorden",
    last_item_title="Eventuelt",
    closed_items="last",
    case_number_pattern=r"^\d{2}/\d{1,6}$",
    case_number_example="19/11559",
)

TEMPLATE: tuple[SectionSpec, ...] = (
    SectionSpec("resume", "Resumé", required=True),
    SectionSpec("indstilling", "Indstilling", kind="recommendation", default_text="Direktionen indstiller:"),
    SectionSpec("beslutningskompetence", "Beslutningskompetence"),
    SectionSpec("beslutning", "Beslutning", kind="decision"),
    SectionSpec("sagsfremstilling", "Sagsfremstilling"),
    SectionSpec("udtalelser", "Udtalelser"),
    SectionSpec("administrationens_vurdering", "Administrationens vurdering"),
    SectionSpec("handicappolitik", "Handicappolitik"),
    SectionSpec("oekonomi", "Økonomi og finansiering"),
    SectionSpec("bilag", "Bilag", kind="attachments"),
)


def api_settings() -> dict:
    """The style as the municipalities API takes it."""
    return {"agenda_rules": RULES.to_dict(), "section_template": template_to_dicts(TEMPLATE)}
