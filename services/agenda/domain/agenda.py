"""Numbering and validating an agenda before it is published."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from services.agenda.domain.rules import AgendaRules, SectionSpec


@dataclass(frozen=True)
class AgendaItem:
    """What validation needs to know of an item, whatever stores it."""

    id: str
    title: str
    kind: str
    closed: bool
    case_number: str | None = None
    sections: dict[str, str] = field(default_factory=dict)
    recommendation_points: tuple[str, ...] = ()
    attachments: tuple[str, ...] = ()


def number_items(count: int, first_number: int) -> list[int]:
    return list(range(first_number, first_number + count))


def first_number_for(rules: AgendaRules, items_earlier_in_year: int) -> int:
    """Per-year numbering continues where the committee's previous agendas stopped."""
    if rules.numbering == "per_year":
        return rules.first_number + items_earlier_in_year
    return rules.first_number


def case_number_hint(rules: AgendaRules) -> str | None:
    """'Fx 24/01234': the municipality's own example, when it has one."""
    return f"Fx {rules.case_number_example}" if rules.case_number_example else None


def case_number_error(case_number: str | None, rules: AgendaRules) -> str | None:
    if not case_number:
        return "Sagsnummeret mangler."
    if rules.case_number_pattern and not re.fullmatch(rules.case_number_pattern, case_number):
        example = f" (fx {rules.case_number_example})" if rules.case_number_example else ""
        return f"Sagsnummeret har ikke den rigtige form{example}."
    return None


def validate_agenda(
    items: list[AgendaItem],
    numbers: list[int],
    template: tuple[SectionSpec, ...],
    rules: AgendaRules,
) -> dict[str, list[str]]:
    """All problems that stop publication, keyed by field path ('items.<id>.<field>')."""
    errors: dict[str, list[str]] = {}

    def add(path: str, message: str) -> None:
        errors.setdefault(path, []).append(message)

    if not items:
        add("items", "Dagsordenen har ingen punkter.")
        return errors
    expected = number_items(len(items), numbers[0] if numbers else rules.first_number)
    if numbers != expected:
        add("items", "Punkternes numre skal følge hinanden uden huller.")

    for number, item in zip(numbers, items):
        prefix = f"items.{item.id}"
        label = f"Punkt {number}"
        if not item.title.strip():
            add(f"{prefix}.title", f"{label} mangler en titel.")
        if item.kind != "case":
            continue
        problem = case_number_error(item.case_number, rules)
        if problem:
            add(f"{prefix}.case_number", f"{label}: {problem}")
        for spec in template:
            if not spec.required:
                continue
            if spec.kind == "recommendation":
                if not any(point.strip() for point in item.recommendation_points):
                    add(f"{prefix}.recommendation", f"{label}: afsnittet »{spec.title}« skal udfyldes.")
            elif spec.kind == "text" and not item.sections.get(spec.key, "").strip():
                add(f"{prefix}.sections.{spec.key}", f"{label}: afsnittet »{spec.title}« skal udfyldes.")
            elif spec.kind == "attachments" and not any(name.strip() for name in item.attachments):
                add(f"{prefix}.attachments", f"{label}: afsnittet »{spec.title}« skal have mindst ét bilag.")

    _check_order(items, numbers, rules, add)
    return errors


def _check_order(items, numbers, rules: AgendaRules, add) -> None:
    titles = [item.title.strip().casefold() for item in items]
    if rules.first_item_title:
        wanted = rules.first_item_title.casefold()
        if wanted in titles and titles[0] != wanted:
            add("items", f"»{rules.first_item_title}« skal være det første punkt.")
    if rules.last_item_title:
        wanted = rules.last_item_title.casefold()
        if wanted in titles and titles[-1] != wanted:
            add("items", f"»{rules.last_item_title}« skal være det sidste punkt.")
    # Standing items (the opening and closing ones) may stand anywhere; cases keep the order.
    cases = [(number, item) for number, item in zip(numbers, items) if item.kind == "case" or item.closed]
    before, after = ("open", "closed") if rules.closed_items_last else ("closed", "open")
    first_after = next((number for number, item in cases if _side(item) == after), None)
    if first_after is None:
        return
    late = next((number for number, item in cases if _side(item) == before and number > first_after), None)
    if late is not None:
        where = "efter de åbne sager" if rules.closed_items_last else "før de åbne sager"
        add("items", f"Lukkede punkter skal stå {where} (punkt {first_after} står før punkt {late}).")


def _side(item: AgendaItem) -> str:
    return "closed" if item.closed else "open"
