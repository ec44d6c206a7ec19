"""A municipality's agenda settings: numbering and order rules, and its section template.

They are data, stored per municipality, because municipalities differ: some number
items per meeting, others through the year; some use nine standard sections, others
"Sags ID", "Sagsbehandler" and the like. The defaults here are what a new municipality
starts with until its secretariat sets its own house style.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

NUMBERING_SCHEMES = ("per_meeting", "per_year")
CLOSED_PLACEMENTS = ("first", "last")


@dataclass(frozen=True)
class AgendaRules:
    first_number: int = 1
    numbering: str = "per_meeting"
    # Standard opening and closing items (e.g. approval of the agenda, any other business).
    first_item_title: str | None = None
    last_item_title: str | None = None
    closed_items: str = "last"
    # A regular expression a case number must match in full; empty: any case number.
    case_number_pattern: str = ""
    case_number_example: str = ""

    @classmethod
    def from_dict(cls, data: dict | None) -> AgendaRules:
        data = dict(data or {})
        if "closed_items" not in data and "closed_items_last" in data:  # stored before "first" was possible
            data["closed_items"] = "last" if data["closed_items_last"] else "first"
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

    def to_dict(self) -> dict:
        return asdict(self)

    @property
    def closed_items_last(self) -> bool:
        return self.closed_items == "last"

    @property
    def standard_titles(self) -> tuple[str, ...]:
        return tuple(title for title in (self.first_item_title, self.last_item_title) if title)


@dataclass(frozen=True)
class SectionSpec:
    key: str
    title: str
    kind: str = "text"
    required: bool = False
    public: bool = True  # shown in the public agenda, minutes and API
    # Prefilled in a new item; for the recommendation, its lead-in ("... indstiller:").
    default_text: str = ""


# A new municipality's sections until it sets its own: the parts every Danish agenda item has.
DEFAULT_SECTION_TEMPLATE: tuple[SectionSpec, ...] = (
    SectionSpec("sagsfremstilling", "Sagsfremstilling"),
    SectionSpec("indstilling", "Indstilling", kind="recommendation"),
    SectionSpec("beslutning", "Beslutning", kind="decision"),
    SectionSpec("bilag", "Bilag", kind="attachments"),
)

_SPEC_FIELDS = {f.name for f in fields(SectionSpec)}


def template_from_dicts(data: list[dict] | None) -> tuple[SectionSpec, ...]:
    """The stored template; an entry missing an optional field gets its default."""
    if not data:
        return DEFAULT_SECTION_TEMPLATE
    return tuple(SectionSpec(**{k: v for k, v in spec.items() if k in _SPEC_FIELDS and v is not None})
                 for spec in data if isinstance(spec, dict) and spec.get("key") and spec.get("title"))


def template_to_dicts(template: tuple[SectionSpec, ...]) -> list[dict]:
    return [asdict(spec) for spec in template]


def default_texts(template: tuple[SectionSpec, ...]) -> dict[str, str]:
    """The text sections a new item starts with."""
    return {spec.key: spec.default_text for spec in template if spec.kind == "text" and spec.default_text}


def recommendation_intro(template: tuple[SectionSpec, ...]) -> str:
    """The lead-in a new recommendation starts with, e.g. '<administrationen> indstiller:'."""
    return next((spec.default_text for spec in template if spec.kind == "recommendation"), "")
