"""The house-style page's preview: the document heading and one sample item as the
agenda and the minutes will print them.

Every line comes from shared.housestyle's text functions, the ones the Word documents
(services/decisions/documents/render.py) and the public pages print with, and the
sections are taken in the order and with the flags the documents use: the preview
cannot show a wording the documents would not print.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from services.agenda.domain.house_style import HouseStyle
from shared.danish import long_meeting_datetime
from shared.housestyle import (
    absence_heading,
    absent_participant,
    case_number_line,
    decision_heading,
    document_title,
    item_heading,
    meeting_block,
    public_shows,
)

SAMPLE_TITLE = "Eksempel på en sag"
SAMPLE_CLOSED_TITLE = "Eksempel på et lukket punkt"
SAMPLE_TEXT = "Her står punktets tekst."
SAMPLE_POINT = "at udvalget godkender forslaget"
SAMPLE_DECISION = "Godkendt."
SAMPLE_ATTACHMENT = "Bilag 1"


@dataclass(frozen=True)
class SampleMeeting:
    """What the preview prints about: the municipality's own committee, members and
    meeting where it has them."""

    committee_name: str
    committee_code: str | None
    day: date
    start: str  # "16:30"
    place: str
    members: tuple[tuple[str, str | None], ...]  # name and party; the first one is absent


@dataclass(frozen=True)
class Line:
    role: str  # heading, subheading, case, text, point, decision, muted
    text: str


@dataclass(frozen=True)
class Preview:
    agenda_title: str
    minutes_title: str
    block: list[tuple[str, str]]
    item: list[Line]  # the sample item as the internal minutes print it
    closed_internal: str
    closed_public: list[Line]
    internal_sections: list[str] = field(default_factory=list)  # left out of the public versions


def build_preview(house: HouseStyle, sample: SampleMeeting, number: int = 2) -> Preview:
    style, rules, template = house.style, house.rules, house.template
    participants = ", ".join(absent_participant(style, name) if index == 0 else name
                             for index, (name, _party) in enumerate(sample.members))
    when = f"{long_meeting_datetime(sample.day)} kl. {sample.start}"
    decision = _decision_lines(house, sample)
    lines = [Line("heading", item_heading(style, number, sample.committee_code, SAMPLE_TITLE))]
    lines.append(Line("case", case_number_line(style, rules.case_number_example or "…")))
    for spec in template:
        if spec.kind == "text":
            lines += [Line("subheading", spec.title), Line("text", spec.default_text or SAMPLE_TEXT)]
        elif spec.kind == "recommendation":
            lines.append(Line("subheading", spec.title))
            if spec.default_text:
                lines.append(Line("text", spec.default_text))
            lines.append(Line("point", f"1. {SAMPLE_POINT}"))
        elif spec.kind == "decision":
            lines += decision
        elif spec.kind == "attachments":
            lines += [Line("subheading", spec.title), Line("point", f"• {SAMPLE_ATTACHMENT}")]
    closed_number = number + 1
    closed_public = [Line("heading", item_heading(style, closed_number, sample.committee_code, SAMPLE_CLOSED_TITLE,
                                                  closed=True, public=True))]
    if public_shows(style, True, "decision"):
        closed_public += decision
    return Preview(
        agenda_title=document_title("agenda", sample.committee_name, sample.day),
        minutes_title=document_title("minutes", sample.committee_name, sample.day),
        block=meeting_block(style, when, sample.place, participants),
        item=lines,
        closed_internal=item_heading(style, closed_number, sample.committee_code, SAMPLE_CLOSED_TITLE, closed=True),
        closed_public=closed_public,
        internal_sections=[spec.title for spec in template if not spec.public],
    )


def _decision_lines(house: HouseStyle, sample: SampleMeeting) -> list[Line]:
    lines = [Line("subheading", decision_heading(house.style, sample.committee_name, sample.day)),
             Line("decision", SAMPLE_DECISION)]
    if sample.members:
        name, party = sample.members[0]
        lines += [Line("decision", absence_heading(house.style)),
                  Line("decision", f"{name} ({party})" if party else name)]
    return lines
