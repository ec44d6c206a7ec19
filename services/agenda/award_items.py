"""The awards service's events on the agenda: the open round its committee's members
score, the closed item on which the committee chooses the winner of the
virksomhedspris, and the award ceremony in the committee's årshjul.

Both run inside the consumer's unit of work, which commits them with the inbox row."""

from __future__ import annotations

import base64

from services.agenda.calendar.operations.wheel import upsert_external_entry
from services.agenda.models import AttachmentFile, AwardRoundCopy, Committee, Item, Meeting
from services.agenda.operations.items import place_new_item
from services.agenda.presenters import municipality_template
from shared.auth import SYSTEM
from shared.danish import decimal, kroner
from shared.db.uow import UnitOfWork
from shared.errors import Invalid, NotFound
from shared.events import Envelope


def award_item_content(data: dict, text_sections: list[str], committee_name: str) -> dict:
    """The item's title, sections and recommendation from the round-closed event. Texts go
    under the sections of those keys the municipality's template has; the others into
    its first text section, so that no text is lost whatever sections it uses. The
    recommendation starts with the municipality's own lead-in."""
    shortlist = data["shortlist"]
    rows = "\n".join(f"| {c['rank']} | {c['company_name']} | {c['cvr']} | {c['nominations']} | {decimal(c['score'])} |"
                     for c in shortlist)
    criteria = "\n".join(f"- {criterion}" for criterion in data["criteria"])
    sections = {
        "resume": f"Udvalget skal vælge vinderen af {data['title']} blandt de {len(shortlist)} kandidater, som "
                  f"udvalgets medlemmer har givet flest point. Der er modtaget {data['nominations_received']} "
                  f"gyldige indstillinger.",
        "beslutningskompetence": committee_name,
        "sagsfremstilling": f"Indstillingerne er vurderet efter kriterierne for {data['title']}:\n\n{criteria}\n\n"
                            f"Kandidaterne rangeret efter point:\n\n"
                            f"| Nr. | Virksomhed | CVR-nr. | Indstillinger | Point |\n|---|---|---|---|---|\n{rows}\n\n"
                            f"Prisen er på {kroner(data['prize_amount'])}. Bilaget gengiver begrundelserne i "
                            f"indstillingerne, uden indstillernes navne.",
    }
    return {
        "title": f"{data['title']} - valg af prisvinder",
        "kind": "case",
        "case_number": data["agenda_item"]["case_number"],
        "closed": True,
        "sections": _placed(sections, text_sections),
        "recommendation": {"intro": None,
                           "points": [f"at udvalget udpeger vinderen af {data['title']} blandt kandidaterne"]},
        "attachments": [],
    }


def _placed(texts: dict[str, str], text_sections: list[str]) -> dict[str, str]:
    placed = {key: text for key, text in texts.items() if key in text_sections}
    rest = [text for key, text in texts.items() if key not in text_sections]
    if rest and text_sections:
        first = text_sections[0]
        placed[first] = "\n\n".join(([placed[first]] if first in placed else []) + rest)
    return placed


def round_changed(uow: UnitOfWork, event: Envelope) -> None:
    """The round's committee, deadline and state, for its members' start pages. A round
    closed once stays closed, whatever arrives late."""
    data = event.data
    if uow.session.get(Committee, data["committee_id"]) is None:
        return
    copy = uow.session.get(AwardRoundCopy, data["round_id"]) or AwardRoundCopy(id=data["round_id"], state="open")
    if copy.state == "closed":
        return
    copy.committee_id, copy.year, copy.title, copy.closes_at = (
        data["committee_id"], data["year"], data["title"], data["closes_at"])
    copy.state = "open" if data["open"] else "closed"
    uow.session.add(copy)


def round_closed(uow: UnitOfWork, event: Envelope) -> None:
    data = event.data
    request = data["agenda_item"]
    if uow.session.get(Item, request["id"]) is not None:
        return
    meeting = uow.session.get(Meeting, request["meeting_id"])
    if meeting is None:
        raise NotFound("Mødet for prisens punkt findes ikke.")
    text_sections = [spec.key for spec in municipality_template(meeting.committee.municipality) if spec.kind == "text"]
    content = award_item_content(data, text_sections, meeting.committee.name)
    try:
        item = place_new_item(uow, SYSTEM, meeting.id, content, item_id=request["id"])
    except Invalid as exc:
        # A case number the municipality's pattern rejects: the secretariat sets it on the item.
        if set(exc.errors) != {"case_number"}:
            raise
        item = place_new_item(uow, SYSTEM, meeting.id, {**content, "case_number": None}, item_id=request["id"])
    annex = data["annex"]
    content_bytes = base64.b64decode(annex["content_base64"])
    item.files.append(AttachmentFile(filename=annex["filename"], content_type=annex["content_type"],
                                     size=len(content_bytes), content=content_bytes))


def ceremony_scheduled(uow: UnitOfWork, event: Envelope) -> None:
    data = event.data
    upsert_external_entry(
        uow, external_ref=f"awards:rounds/{data['round_id']}/ceremony", committee_id=data["committee_id"],
        kind="event", title=data["title"], on=data["date"], start_time=data["start_time"], place=data["place"],
        description=data["description"] or None, public=True, cancelled=data["cancelled"])


HANDLERS = {
    "awards.round.changed.v1": round_changed,
    "awards.round.closed.v1": round_closed,
    "awards.ceremony.scheduled.v1": ceremony_scheduled,
}
