"""A municipality's document style: the fixed wording its documents and pages print,
the meeting block's labels, and how much of a closed item the public sees.

The agenda service owns it (the secretariat sets it on the house-style page); events
carry it to the decisions service, which freezes it into approved minutes. The text
functions below are the one place these words are put together: the Word documents,
the public pages, the feeds, the API and the house-style preview all call them, so the
preview shows what the documents print.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields
from datetime import date

from shared.danish import short_date

CLOSED_IN_PUBLIC = ("hidden", "title", "title_and_decision")
MARKER_POSITIONS = ("before", "after")
DECISION_PLACEHOLDERS = ("udvalg", "dato")
_PLACEHOLDER = re.compile(r"\{(udvalg|dato)\}")
_ANY_BRACES = re.compile(r"\{[^{}]*\}")

LABEL_MAX = 100
HEADING_MAX = 200


@dataclass(frozen=True)
class DocumentStyle:
    """The defaults are the wording most Danish municipalities print; a municipality's
    own choices are stored with it and travel in its events."""

    case_number_label: str = "Sagsnummer"
    decision_heading: str = "Beslutning {udvalg} den {dato}"
    absence_label: str = "Afbud"
    closed_marker: str = "Lukket punkt"
    closed_marker_position: str = "after"
    title_with_code: bool = True
    date_label: str = "Mødedato"
    place_label: str = "Mødested"
    participants_label: str = "Mødedeltagere"
    closed_in_public: str = "hidden"

    @classmethod
    def from_dict(cls, data: dict | None) -> DocumentStyle:
        """Stored or sent data; what it does not name keeps its default (older events and
        documents were written before these settings existed)."""
        known = {f.name for f in fields(cls)}
        return cls(**{key: value for key, value in (data or {}).items() if key in known and value is not None})

    def to_dict(self) -> dict:
        return asdict(self)

    @property
    def public_shows_title(self) -> bool:
        return self.closed_in_public in ("title", "title_and_decision")

    @property
    def public_shows_decision(self) -> bool:
        return self.closed_in_public == "title_and_decision"


# --- the texts --------------------------------------------------------------------------

DOCUMENT_TITLES = {"agenda": "DAGSORDEN", "minutes": "REFERAT"}


def document_title(kind: str, committee_name: str, day: date) -> str:
    """'REFERAT Udvalget for Job & Arbejdsmarked d. 08-01-2020' on the front page."""
    return f"{DOCUMENT_TITLES.get(kind, kind.upper())} {committee_name} d. {short_date(day)}"


def coded_title(style: DocumentStyle, code: str | None, title: str) -> str:
    """'JA - Godkendelse af dagsorden', or the bare title when the municipality prints no
    committee code (or the committee has none)."""
    return f"{code} - {title}" if style.title_with_code and code else title


def marked(style: DocumentStyle, text: str) -> str:
    """A closed item's title with the marker where the municipality puts it."""
    marker = f"({style.closed_marker})"
    return f"{marker} {text}" if style.closed_marker_position == "before" else f"{text} {marker}"


def item_title(style: DocumentStyle, code: str | None, title: str, *, closed: bool = False,
               public: bool = False) -> str:
    """An item's title as printed: with the committee code, with the marker when closed;
    for the public a closed item is only the marker unless the municipality shows titles."""
    if closed and public and not style.public_shows_title:
        return style.closed_marker
    text = coded_title(style, code, title)
    return marked(style, text) if closed else text


def item_heading(style: DocumentStyle, number: int, code: str | None, title: str, *, closed: bool = False,
                 public: bool = False) -> str:
    """'Punkt 5: JA - Titel (Lukket punkt)'."""
    return f"Punkt {number}: {item_title(style, code, title, closed=closed, public=public)}"


def public_shows(style: DocumentStyle, closed: bool, what: str) -> bool:
    """Whether the public sees `what` ('title', 'decision' or 'content') of an item."""
    if not closed:
        return True
    if what == "title":
        return style.public_shows_title
    if what == "decision":
        return style.public_shows_decision
    return False


def case_number_line(style: DocumentStyle, case_number: str) -> str:
    """'Sagsnummer 19/11679'."""
    return f"{style.case_number_label} {case_number}"


def decision_heading(style: DocumentStyle, committee_name: str, decided_on: date) -> str:
    """'Beslutning Udvalget for Job & Arbejdsmarked den 08-01-2020' (or whatever the
    municipality writes, with {udvalg} and {dato} filled in)."""
    values = {"udvalg": committee_name, "dato": short_date(decided_on)}
    return _PLACEHOLDER.sub(lambda match: values[match.group(1)], style.decision_heading)


def absence_heading(style: DocumentStyle) -> str:
    """'Afbud:' above the absent members' names under a decision."""
    return f"{style.absence_label}:"


def absent_participant(style: DocumentStyle, name: str) -> str:
    """'Steen Hansen (Afbud)' in the meeting block."""
    return f"{name} ({style.absence_label})"


def participants_line(style: DocumentStyle, participants: Iterable[tuple[str, bool, str | None]]) -> str:
    """The meeting block's participants, each (name, absent, substitute) as the minutes
    print them: 'Anna Hansen, Steen Hansen (Afbud), Ida Berg (stedfortræder for Steen Hansen)'."""
    names = []
    for name, absent, substitute in participants:
        names.append(absent_participant(style, name) if absent else name)
        if substitute:
            names.append(f"{substitute} (stedfortræder for {name})")
    return ", ".join(names)


def meeting_block(style: DocumentStyle, when: str, place: str, participants: str | None) -> list[tuple[str, str]]:
    """The lines under a document's title: label and value."""
    rows = [(style.date_label, when), (style.place_label, place)]
    if participants is not None:
        rows.append((style.participants_label, participants))
    return rows


# --- checking a style before it is stored -----------------------------------------------

def decision_heading_problem(text: str) -> str | None:
    """Why a decision heading cannot be used, or None."""
    if not text.strip():
        return "Skriv overskriften over beslutningerne, fx »Beslutning {udvalg} den {dato}« eller »Beslutninger«."
    unknown = [match for match in _ANY_BRACES.findall(text) if not _PLACEHOLDER.fullmatch(match)]
    if unknown:
        return f"{unknown[0]} kendes ikke. Brug {{udvalg}} for udvalgets navn og {{dato}} for datoen."
    if "{" in _ANY_BRACES.sub("", text) or "}" in _ANY_BRACES.sub("", text):
        return "Klammerne skal stå parvis om {udvalg} eller {dato}."
    return None


_LABELS = {
    "case_number_label": "Skriv betegnelsen for sagsnummeret, fx »Sagsnummer«.",
    "absence_label": "Skriv ordet for et medlem, der ikke deltager, fx »Afbud« eller »Fraværende«.",
    "closed_marker": "Skriv mærket for et lukket punkt, fx »Lukket punkt«.",
    "date_label": "Skriv betegnelsen for mødets dato, fx »Mødedato«.",
    "place_label": "Skriv betegnelsen for mødestedet, fx »Mødested«.",
    "participants_label": "Skriv betegnelsen for deltagerne, fx »Mødedeltagere«.",
}


def style_problems(style: DocumentStyle) -> dict[str, list[str]]:
    """Every problem of the style, by field name (empty when it can be used)."""
    problems: dict[str, list[str]] = {}
    for name, missing in _LABELS.items():
        value = getattr(style, name)
        if not value.strip():
            problems[name] = [missing]
        elif len(value) > LABEL_MAX:
            problems[name] = [f"Højst {LABEL_MAX} tegn."]
        elif "\n" in value or "\r" in value:
            problems[name] = ["Skriv det på én linje."]
    heading = decision_heading_problem(style.decision_heading)
    if heading is None and len(style.decision_heading) > HEADING_MAX:
        heading = f"Højst {HEADING_MAX} tegn."
    if heading:
        problems["decision_heading"] = [heading]
    if style.closed_marker_position not in MARKER_POSITIONS:
        problems["closed_marker_position"] = ["Vælg før eller efter titlen."]
    if style.closed_in_public not in CLOSED_IN_PUBLIC:
        problems["closed_in_public"] = ["Vælg, hvad offentligheden ser af et lukket punkt."]
    return problems
