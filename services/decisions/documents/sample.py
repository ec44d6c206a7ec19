"""A sample referat in a municipality's house style, for the Word-template page: built
by the same renderer as real documents, on the municipality's own template, so the
secretariat sees its letterhead, fonts and page setup before a real meeting prints them.
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from services.decisions.documents.model import (
    DecisionBlock,
    DocumentItem,
    MeetingDocument,
    Participant,
    Person,
    Recommendation,
    SectionSpec,
)
from shared.housestyle import DocumentStyle

SAMPLE_PEOPLE = (("Anna Andersen", None), ("Bo Bertelsen", None), ("Cecilie Christensen", None))
FALLBACK_TEMPLATE = (
    SectionSpec("sagsfremstilling", "Sagsfremstilling", "text"),
    SectionSpec("indstilling", "Indstilling", "recommendation"),
    SectionSpec("beslutning", "Beslutning", "decision"),
    SectionSpec("bilag", "Bilag", "attachments"),
)
SAMPLE_TEXT = ("Her står afsnittets tekst, som sekretariatet skriver den. Et afsnit kan have **fed** skrift, "
               "punktopstillinger og tabeller:\n\n- første punkt\n- andet punkt")


def sample_document(*, municipality_name: str, committee_name: str, committee_code: str | None, timezone: str,
                    style: DocumentStyle, template: tuple[SectionSpec, ...], case_number_example: str,
                    people: tuple[tuple[str, str | None], ...] = (), place: str = "Mødelokalet",
                    day: date | None = None) -> MeetingDocument:
    """A referat of two items, an open one with every section filled and a closed one."""
    day = day or date.today()
    people = people or SAMPLE_PEOPLE
    absent = Person(*people[0])
    decision = DecisionBlock(committee_name=committee_name, decided_on=day, text="Godkendt.", absent=(absent,))
    template = template or FALLBACK_TEMPLATE
    items = (
        DocumentItem(
            number=1, owner_code=committee_code, title="Eksempel på en sag",
            case_number=case_number_example or None, closed=False,
            sections={spec.key: SAMPLE_TEXT for spec in template if spec.kind == "text"},
            recommendation=Recommendation("", ("at udvalget godkender forslaget", "at sagen sendes videre")),
            attachments=("Bilag 1", "Bilag 2"), decisions=(decision,)),
        DocumentItem(
            number=2, owner_code=committee_code, title="Eksempel på et lukket punkt",
            case_number=case_number_example or None, closed=True,
            sections={spec.key: SAMPLE_TEXT for spec in template if spec.kind == "text"}, decisions=(decision,)),
    )
    return MeetingDocument(
        kind="minutes", variant="internal", municipality_name=municipality_name, committee_name=committee_name,
        starts_at=datetime.combine(day, time(16, 30), ZoneInfo(timezone)), ends_at=None, place=place,
        participants=tuple(Participant(Person(name, party), absent=index == 0)
                           for index, (name, party) in enumerate(people)),
        template=template, items=items, style=style)
