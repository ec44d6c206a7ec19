"""A municipality's house style as a whole: its agenda rules, its item sections and its
document style, and the check that refuses one an agenda could not be published with.

Problems are keyed by field path ('section_template.2.title', 'agenda_rules.
case_number_example', 'document_style.decision_heading'), the same paths the API's
problem+json and the house-style page put the messages beside.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from services.agenda.domain.rules import (
    CLOSED_PLACEMENTS,
    NUMBERING_SCHEMES,
    AgendaRules,
    SectionSpec,
)
from shared.events.fields import SECTION_KINDS
from shared.housestyle import DocumentStyle, style_problems

SINGLE_KINDS = {"recommendation": "Indstilling", "decision": "Beslutning", "attachments": "Bilag"}
KIND_NAMES = {"text": "Tekst", **SINGLE_KINDS}
MAX_SECTIONS = 40
TITLE_MAX = 100
DEFAULT_TEXT_MAX = 20_000
RULE_TITLE_MAX = 300
PATTERN_MAX = 200
EXAMPLE_MAX = 40
_KEY = re.compile(r"[a-z][a-z0-9_]{0,39}")


@dataclass(frozen=True)
class HouseStyle:
    rules: AgendaRules
    template: tuple[SectionSpec, ...]
    style: DocumentStyle


def house_style_problems(house: HouseStyle) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    problems.update(_template_problems(house.template))
    problems.update(_rules_problems(house.rules))
    problems.update({f"document_style.{name}": messages for name, messages in style_problems(house.style).items()})
    return problems


def _template_problems(template: tuple[SectionSpec, ...]) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}

    def add(path: str, message: str) -> None:
        problems.setdefault(path, []).append(message)

    if not template:
        add("section_template", "Skabelonen skal have mindst ét afsnit; uden afsnit kan ingen dagsorden skrives.")
        return problems
    if len(template) > MAX_SECTIONS:
        add("section_template", f"Højst {MAX_SECTIONS} afsnit.")
    for kind, name in SINGLE_KINDS.items():
        if sum(1 for spec in template if spec.kind == kind) > 1:
            add("section_template", f"Skabelonen må kun have ét afsnit af typen {name}.")
    if not any(spec.kind == "decision" for spec in template):
        add("section_template", "Skabelonen skal have et afsnit af typen Beslutning: "
                                "det er dér, udvalgets beslutninger står i referatet.")
    seen_titles: dict[str, int] = {}
    seen_keys: set[str] = set()
    for index, spec in enumerate(template):
        path = f"section_template.{index}"
        title = spec.title.strip()
        if not title:
            add(f"{path}.title", "Skriv afsnittets overskrift.")
        elif len(title) > TITLE_MAX:
            add(f"{path}.title", f"Højst {TITLE_MAX} tegn.")
        elif title.casefold() in seen_titles:
            add(f"{path}.title", f"To afsnit hedder »{title}«; giv dem hver sin overskrift.")
        seen_titles.setdefault(title.casefold(), index)
        if not _KEY.fullmatch(spec.key):
            add(f"{path}.title", "Afsnittets nøgle kan ikke bruges; fjern afsnittet og tilføj det igen.")
        elif spec.key in seen_keys:
            add(f"{path}.title", "Hvert afsnit skal have sin egen nøgle.")
        seen_keys.add(spec.key)
        if spec.kind not in SECTION_KINDS:
            add(f"{path}.kind", "Vælg afsnittets type.")
        if spec.kind == "decision" and spec.required:
            add(f"{path}.required", "Beslutningen skrives på mødet; den kan ikke kræves udfyldt, før dagsordenen "
                                    "offentliggøres.")
        if spec.kind == "decision" and not spec.public:
            add(f"{path}.public", "Beslutningerne skal stå i det offentlige referat.")
        if spec.default_text and spec.kind not in ("text", "recommendation"):
            add(f"{path}.default_text", "Kun tekstafsnit og indstillingen kan have en standardtekst.")
        elif len(spec.default_text) > DEFAULT_TEXT_MAX:
            add(f"{path}.default_text", f"Højst {DEFAULT_TEXT_MAX} tegn.")
    return problems


def _rules_problems(rules: AgendaRules) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        problems.setdefault(f"agenda_rules.{name}", []).append(message)

    if rules.numbering not in NUMBERING_SCHEMES:
        add("numbering", "Vælg hvordan punkterne nummereres.")
    if not isinstance(rules.first_number, int) or not 0 <= rules.first_number <= 100_000:
        add("first_number", "Skriv et tal mellem 0 og 100000.")
    if rules.closed_items not in CLOSED_PLACEMENTS:
        add("closed_items", "Vælg om lukkede punkter står først eller sidst.")
    for name in ("first_item_title", "last_item_title"):
        value = getattr(rules, name) or ""
        if len(value) > RULE_TITLE_MAX:
            add(name, f"Højst {RULE_TITLE_MAX} tegn.")
    first, last = (rules.first_item_title or "").strip(), (rules.last_item_title or "").strip()
    if first and first.casefold() == last.casefold():
        add("last_item_title", "Det første og det sidste standardpunkt kan ikke hedde det samme.")
    pattern, example = rules.case_number_pattern, rules.case_number_example.strip()
    compiled = None
    if len(pattern) > PATTERN_MAX:
        add("case_number_pattern", f"Højst {PATTERN_MAX} tegn.")
    elif pattern:
        try:
            compiled = re.compile(pattern)
        except re.error as exc:
            add("case_number_pattern", f"Formatet kan ikke bruges ({_regex_error(exc)}). "
                                       r"Et format skrives som et regulært udtryk, fx ^\d{2}/\d{1,6}$.")
    if len(example) > EXAMPLE_MAX:
        add("case_number_example", f"Højst {EXAMPLE_MAX} tegn.")
    elif pattern and not example:
        add("case_number_example", "Skriv et sagsnummer i kommunens format; det vises som eksempel i "
                                   "vejledninger og fejlbeskeder.")
    elif compiled is not None and not compiled.fullmatch(example):
        add("case_number_example", f"Eksemplet »{example}« passer ikke til formatet; ret det ene eller det andet.")
    return problems


def _regex_error(exc: re.error) -> str:
    where = f" ved tegn {exc.pos + 1}" if exc.pos is not None else ""
    return f"fejl i udtrykket{where}"


def section_key(title: str, taken: set[str]) -> str:
    """A stable key for a new section, from its title: 'Økonomi og finansiering' ->
    'oekonomi_og_finansiering'. Renaming a section later keeps its key, so the texts
    items hold under it stay with it."""
    text = title.casefold().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "_", text).strip("_")[:36] or "afsnit"
    if not base[0].isalpha():
        base = f"a_{base}"[:36]
    key, number = base, 2
    while key in taken:
        key, number = f"{base}_{number}", number + 1
    return key
