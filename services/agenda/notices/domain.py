"""The notices' plain rules: which kinds a member can choose, and what changed between
two published versions of an agenda."""

from __future__ import annotations

from dataclasses import dataclass, field

# The kinds a member turns on or off, as the member's page names them.
KINDS = {
    "agenda": "Dagsordener: når en dagsorden offentliggøres, og når en offentliggjort dagsorden ændres",
    "meetings": "Møder: nye, flyttede og aflyste møder",
    "minutes": "Referater: når et referat er godkendt eller rettet",
    "signatures": "Underskrift: når et referat venter på din underskrift",
}
INVITATIONS = "Kalenderinvitation i e-mails om møder, så mødet kommer i din kalender med det samme"

# The parts of an item a member is told have changed, as they are named to them.
_FIELD_NAMES = (
    ("title", "titel"),
    ("case_number", "sagsnummer"),
    ("closed", "åbent/lukket"),
    ("recommendation", "indstilling"),
    ("attachments", "bilag"),
)


@dataclass(frozen=True)
class ItemChange:
    item: dict  # as the new agenda has it (as the old one had it, for a removed item)
    parts: tuple[str, ...] = ()  # what changed, for a changed item: "Resumé", "bilag" ...


@dataclass(frozen=True)
class AgendaChanges:
    added: list[ItemChange] = field(default_factory=list)
    removed: list[ItemChange] = field(default_factory=list)
    changed: list[ItemChange] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


def _sections(item: dict) -> dict[str, tuple[str, str]]:
    return {section["key"]: (section["title"], section.get("body", "")) for section in item.get("sections", [])}


def changed_parts(old: dict, new: dict) -> tuple[str, ...]:
    """What differs between two versions of one item; renumbering alone is no change."""
    parts = []
    old_sections, new_sections = _sections(old), _sections(new)
    for key in dict.fromkeys([*old_sections, *new_sections]):
        if old_sections.get(key, ("", ""))[1] != new_sections.get(key, ("", ""))[1]:
            parts.append((new_sections.get(key) or old_sections[key])[0])
    parts += [name for key, name in _FIELD_NAMES if old.get(key) != new.get(key)]
    return tuple(parts)


def agenda_changes(old_items: list[dict], new_items: list[dict]) -> AgendaChanges:
    """Items added, removed and changed between two published agendas (items by id)."""
    old_by_id = {str(item["id"]): item for item in old_items}
    new_ids = {str(item["id"]) for item in new_items}
    changes = AgendaChanges()
    for item in new_items:
        before = old_by_id.get(str(item["id"]))
        if before is None:
            changes.added.append(ItemChange(item))
        elif parts := changed_parts(before, item):
            changes.changed.append(ItemChange(item, parts))
    changes.removed.extend(ItemChange(item) for item in old_items if str(item["id"]) not in new_ids)
    return changes
