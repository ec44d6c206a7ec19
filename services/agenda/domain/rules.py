"""A municipality's agenda settings: numbering and order rules, and its section template.

They are data, stored per municipality, because municipalities differ: Lejre numbers
items per meeting and uses nine sections; others number through the year or use
"Sags ID", "Sagsbehandler" and the like.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

NUMBERING_SCHEMES = ("per_meeting", "per_year")


@dataclass(frozen=True)
class AgendaRules:
    first_number: int = 1
    numbering: str = "per_meeting"
    first_item_title: str | None = "Godkendelse af dagsorden"
    last_item_title: str | None = "Eventuelt"
    closed_items_last: bool = True
    case_number_pattern: str = r"^\d{2}/\d{1,6}$"
    case_number_example: str = "19/11559"

    @classmethod
    def from_dict(cls, data: dict | None) -> AgendaRules:
        known = {k: v for k, v in (data or {}).items() if k in cls.__dataclass_fields__}
        return cls(**known)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class SectionSpec:
    key: str
    title: str
    kind: str = "text"
    required: bool = False


DEFAULT_SECTION_TEMPLATE: tuple[SectionSpec, ...] = (
    SectionSpec("resume", "Resumé", required=True),
    SectionSpec("indstilling", "Indstilling", kind="recommendation"),
    SectionSpec("beslutningskompetence", "Beslutningskompetence"),
    SectionSpec("beslutning", "Beslutning", kind="decision"),
    SectionSpec("sagsfremstilling", "Sagsfremstilling"),
    SectionSpec("udtalelser", "Udtalelser"),
    SectionSpec("administrationens_vurdering", "Administrationens vurdering"),
    SectionSpec("handicappolitik", "Handicappolitik"),
    SectionSpec("oekonomi", "Økonomi og finansiering"),
    SectionSpec("bilag", "Bilag", kind="attachments"),
)


def template_from_dicts(data: list[dict] | None) -> tuple[SectionSpec, ...]:
    if not data:
        return DEFAULT_SECTION_TEMPLATE
    return tuple(SectionSpec(**spec) for spec in data)


def template_to_dicts(template: tuple[SectionSpec, ...]) -> list[dict]:
    return [asdict(spec) for spec in template]
