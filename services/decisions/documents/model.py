"""What a dagsorden or referat contains, as plain data: built by the service layer from
its copy of the agenda and its own decisions, rendered by render.py. No database here."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from shared.housestyle import DocumentStyle

DocumentKind = Literal["agenda", "minutes"]
Variant = Literal["internal", "public"]


@dataclass(frozen=True)
class Person:
    name: str
    party: str | None = None

    @property
    def display(self) -> str:
        """'Steen Hansen (O)', or the bare name when no party is known."""
        return f"{self.name} ({self.party})" if self.party else self.name


@dataclass(frozen=True)
class Participant:
    person: Person
    absent: bool = False
    substitute: str | None = None


@dataclass(frozen=True)
class PointAnswer:
    point: int
    text: str


@dataclass(frozen=True)
class DecisionBlock:
    """One committee's decision on an item ('Beslutning <udvalg> den 08-01-2020')."""

    committee_name: str
    decided_on: date
    text: str
    point_answers: tuple[PointAnswer, ...] = ()
    not_taking_part: tuple[Person, ...] = ()
    absent: tuple[Person, ...] = ()
    minority: str | None = None


@dataclass(frozen=True)
class SectionSpec:
    key: str
    title: str
    kind: Literal["text", "recommendation", "attachments", "decision"]
    public: bool = True  # printed in the public variant


@dataclass(frozen=True)
class Recommendation:
    intro: str
    points: tuple[str, ...]


@dataclass(frozen=True)
class DocumentItem:
    number: int
    owner_code: str | None
    title: str
    case_number: str | None
    closed: bool
    sections: dict[str, str] = field(default_factory=dict)  # key -> Markdown, for text sections
    recommendation: Recommendation | None = None
    attachments: tuple[str, ...] = ()
    decisions: tuple[DecisionBlock, ...] = ()  # in date order; empty on an agenda


@dataclass(frozen=True)
class MeetingDocument:
    kind: DocumentKind
    variant: Variant
    municipality_name: str
    committee_name: str
    starts_at: datetime  # local time, with tzinfo
    ends_at: datetime | None
    place: str
    participants: tuple[Participant, ...]
    template: tuple[SectionSpec, ...]  # the municipality's sections in order
    items: tuple[DocumentItem, ...]
    version: int = 1
    approved_at: datetime | None = None
    # The municipality's wording; approved minutes keep the one they were approved with.
    style: DocumentStyle = field(default_factory=DocumentStyle)
