"""Event handlers that write the notices: each runs in the consumer's unit of work, so the
mails commit with the event's inbox row (a redelivered event adds none), and each mail's
key ("<event id>:<member id>") makes sure of it.

Meetings that have begun get no notice of planning, moving or publishing: that is history
(the demo's 2020 meetings, or a meeting entered afterwards). A meeting mail that an even
newer change has overtaken (its SEQUENCE is behind the meeting's) is left to that
change's own notice, so no mail carries an invitation older than what members already have.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from sqlalchemy import select

from services.agenda.models import AgendaVersion, Meeting
from services.agenda.notices.domain import agenda_changes
from services.agenda.notices.letters import Notice, Notices, item_lines, meeting_day, meeting_when
from services.agenda.notices.recipients import meeting_recipients
from services.agenda.presenters import local_datetime
from shared.bus.consumer import Handler
from shared.db.types import utcnow
from shared.db.uow import UnitOfWork
from shared.events import Envelope
from shared.events.agenda import AgendaItemData
from shared.housestyle import DocumentStyle
from shared.log import get_logger

log = get_logger(__name__)

_items_json = AgendaItemData(many=True)


def _meeting(uow: UnitOfWork, data: dict) -> Meeting | None:
    return uow.session.get(Meeting, data["id"])


def _when(data: dict) -> str:
    return meeting_when(data["starts_at"], data["ends_at"], data["timezone"])


def _upcoming(data: dict) -> bool:
    return data["starts_at"] > utcnow()


def _current(meeting: Meeting, data: dict) -> bool:
    return meeting.sequence == data["sequence"]


def _meeting_to_announce(uow: UnitOfWork, data: dict) -> Meeting | None:
    """The meeting an event reports, if it is still ahead and the event is its latest state."""
    meeting = _meeting(uow, data)
    return meeting if meeting is not None and _upcoming(data) and _current(meeting, data) else None


def _subject(prefix: str, data: dict) -> str:
    return f"{prefix}: {data['committee_name']} {meeting_day(data['starts_at'], data['timezone'])}"


def meeting_scheduled(notices: Notices, uow: UnitOfWork, event: Envelope) -> None:
    data = event.data["meeting"]
    meeting = _meeting_to_announce(uow, data)
    if meeting is None:
        return
    notices.send(uow.session, meeting, meeting_recipients(uow.session, meeting, "meetings"), Notice(
        key=event.id, kind="meeting_scheduled", subject=_subject("Nyt møde", data), template="meeting_scheduled",
        context={"when": _when(data), "place": data["place"]}, invitation="REQUEST"))


def meeting_rescheduled(notices: Notices, uow: UnitOfWork, event: Envelope) -> None:
    data, previous = event.data["meeting"], event.data["previous"]
    meeting = _meeting_to_announce(uow, data)
    if meeting is None:
        return
    notices.send(uow.session, meeting, meeting_recipients(uow.session, meeting, "meetings"), Notice(
        key=event.id, kind="meeting_rescheduled", subject=_subject("Mødet er flyttet", data),
        template="meeting_rescheduled",
        context={"when": _when(data), "place": data["place"],
                 "before": meeting_when(previous["starts_at"], previous["ends_at"], data["timezone"]),
                 "place_before": previous["place"]},
        invitation="REQUEST"))


def meeting_cancelled(notices: Notices, uow: UnitOfWork, event: Envelope) -> None:
    data = event.data["meeting"]
    meeting = _meeting_to_announce(uow, data)
    if meeting is None:
        return
    notices.send(uow.session, meeting, meeting_recipients(uow.session, meeting, "meetings"), Notice(
        key=event.id, kind="meeting_cancelled", subject=_subject("Mødet er aflyst", data),
        template="meeting_cancelled",
        context={"when": _when(data), "place": data["place"], "reason": event.data.get("reason") or ""},
        invitation="CANCEL"))


def meeting_reinstated(notices: Notices, uow: UnitOfWork, event: Envelope) -> None:
    """A cancelled meeting is held after all: the invitation puts it back in calendars."""
    data = event.data["meeting"]
    meeting = _meeting_to_announce(uow, data)
    if meeting is None:
        return
    notices.send(uow.session, meeting, meeting_recipients(uow.session, meeting, "meetings"), Notice(
        key=event.id, kind="meeting_reinstated", subject=_subject("Mødet holdes alligevel", data),
        template="meeting_reinstated", context={"when": _when(data), "place": data["place"]},
        invitation="REQUEST"))


def agenda_published(notices: Notices, uow: UnitOfWork, event: Envelope) -> None:
    """The first version: the agenda. A later one: what was added, removed and changed."""
    data = event.data["meeting"]
    meeting = _meeting(uow, data)
    if meeting is None or not _upcoming(data):
        return
    version = event.data["version"]
    items = _items_json.dump(event.data["items"])
    style = DocumentStyle.from_dict(event.data["document_style"])
    context = {"when": _when(data), "place": data["place"], "items": items, "version": version,
               "item_lines": partial(item_lines, style=style)}
    if version == 1:
        notice = Notice(key=event.id, kind="agenda_published", subject=_subject("Dagsorden", data),
                        template="agenda_published", context=context)
    else:
        earlier = uow.session.scalar(select(AgendaVersion.snapshot).where(
            AgendaVersion.meeting_id == meeting.id, AgendaVersion.version == version - 1))
        changes = agenda_changes((earlier or {}).get("items", []), items)
        notice = Notice(key=event.id, kind="agenda_changed", subject=_subject("Ændret dagsorden", data),
                        template="agenda_changed", context={**context, "changes": changes})
    notices.send(uow.session, meeting, meeting_recipients(uow.session, meeting, "agenda"), notice)


def minutes_approved(notices: Notices, uow: UnitOfWork, event: Envelope) -> None:
    """Approved (version 1), or corrected and approved again (a later version, with why)."""
    data = event.data
    meeting = uow.session.get(Meeting, data["meeting_id"])
    if meeting is None:
        return
    zone = meeting.committee.municipality.timezone
    starts_at, ends_at = local_datetime(meeting, "start"), local_datetime(meeting, "end")
    assert starts_at is not None
    when = meeting_when(starts_at, ends_at, zone)
    corrected = data["version"] > 1
    subject = (f"{'Referatet er rettet' if corrected else 'Referat godkendt'}: {meeting.committee.name} "
               f"{meeting_day(starts_at, zone)}")
    notices.send(uow.session, meeting, meeting_recipients(uow.session, meeting, "minutes"), Notice(
        key=event.id, kind="minutes_corrected" if corrected else "minutes_approved", subject=subject,
        template="minutes_approved",
        context={"when": when, "place": meeting.place, "version": data["version"], "corrected": corrected,
                 "reason": data.get("correction_reason") or "", "minutes_url": notices.links.minutes(meeting.id)}))


def signatures_requested(notices: Notices, uow: UnitOfWork, event: Envelope) -> None:
    """The approved minutes wait for the signatures of the members named (on approval, or
    as the secretariat's reminder to those who have not signed)."""
    data = event.data
    meeting = uow.session.get(Meeting, data["meeting_id"])
    if meeting is None:
        return
    asked = {str(member_id) for member_id in data["member_ids"]}
    recipients = [r for r in meeting_recipients(uow.session, meeting, "signatures") if str(r.member_id) in asked]
    zone = meeting.committee.municipality.timezone
    starts_at, ends_at = local_datetime(meeting, "start"), local_datetime(meeting, "end")
    assert starts_at is not None
    subject = (f"{'Påmindelse: r' if data['reminder'] else 'R'}eferatet venter på din underskrift: "
               f"{meeting.committee.name} {meeting_day(starts_at, zone)}")
    notices.send(uow.session, meeting, recipients, Notice(
        key=event.id, kind="minutes_signature", subject=subject, template="minutes_signature",
        context={"when": meeting_when(starts_at, ends_at, zone), "place": meeting.place, "version": data["version"],
                 "reminder": data["reminder"], "signing_url": notices.links.signing(meeting.id)}))


def notice_handlers(notices: Notices) -> dict[str, Handler]:
    """The handler table, each handler bound to the service's notices (its outbox and links)."""
    def bound(handler: Callable[[Notices, UnitOfWork, Envelope], None]) -> Handler:
        return lambda uow, event: handler(notices, uow, event)

    return {
        "agenda.meeting.scheduled.v1": bound(meeting_scheduled),
        "agenda.meeting.rescheduled.v1": bound(meeting_rescheduled),
        "agenda.meeting.cancelled.v1": bound(meeting_cancelled),
        "agenda.meeting.reinstated.v1": bound(meeting_reinstated),
        "agenda.agenda.published.v1": bound(agenda_published),
        "decisions.minutes.approved.v1": bound(minutes_approved),
        "decisions.minutes.signatures_requested.v1": bound(signatures_requested),
    }
