"""The Danish mails to members, and the iTIP invitations meeting mails carry.

Every mail names the committee and the meeting, links to the page, and ends with the
member's settings and a link that stops all mails. A closed item appears only by its
number and "Lukket punkt" to a reader who may not see it; its sections never appear in
any mail, to anyone: those are read behind the login.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from services.agenda.calendar.domain.ical import CalendarAddress, build_invitation
from services.agenda.calendar.operations.feeds import (
    EventLinks,
    PublishedAgenda,
    agenda_lines,
    meeting_agenda,
    meeting_event,
)
from services.agenda.models import Meeting
from services.agenda.notices.links import NoticeLinks
from services.agenda.notices.recipients import Recipient
from services.agenda.notices.unsubscribe import new_link
from shared.danish import clock, long_date, weekday_name
from shared.housestyle import DocumentStyle
from shared.mail.compose import Invitation, Letter
from shared.mail.outbox import MailOutbox
from shared.mail.render import MailTemplates

TEMPLATES = MailTemplates(Path(__file__).parent / "mail")


def meeting_day(starts_at: datetime, zone: str) -> str:
    """'onsdag den 8. januar 2020', in the meeting's own time zone."""
    day = starts_at.astimezone(ZoneInfo(zone)).date()
    return f"{weekday_name(day)} den {long_date(day)}"


def meeting_when(starts_at: datetime, ends_at: datetime | None, zone: str) -> str:
    """'onsdag den 8. januar 2020 kl. 16:30–18:00'."""
    text = f"{meeting_day(starts_at, zone)} kl. {clock(starts_at, zone)}"
    return text + (f"–{clock(ends_at, zone)}" if ends_at is not None else "")


@dataclass(frozen=True)
class Notice:
    """One mail to every recipient: `template` with `context`, plus per reader what only
    they may read."""

    key: str  # unique for the event: the mail's key is "<key>:<member id>"
    kind: str  # mail_outbox.kind
    subject: str
    template: str
    context: dict
    invitation: str | None = None  # iTIP method for a meeting mail


@dataclass(frozen=True)
class Notices:
    outbox: MailOutbox
    links: NoticeLinks

    def send(self, session: Session, meeting: Meeting, recipients: list[Recipient], notice: Notice) -> int:
        """Write the notice to each recipient's mail; returns how many were added."""
        committee = meeting.committee
        municipality = committee.municipality
        added = 0
        for recipient in recipients:
            key = f"{notice.key}:{recipient.member_id}"
            if self.outbox.has(session, key):
                continue
            unsubscribe_url = self.links.unsubscribe(new_link(session, recipient.member_id))
            context = {
                **notice.context,
                "subject": notice.subject,
                "recipient_name": recipient.name,
                "sender_name": f"{municipality.name} · {committee.name}",
                "committee": committee,
                "may_read_closed": recipient.may_read_closed,
                "meeting_url": self.links.meeting(municipality.slug, meeting.id),
                "settings_url": self.links.settings(),
                "unsubscribe_url": unsubscribe_url,
            }
            text, html = TEMPLATES.render(notice.template, **context)
            invitation = None
            if notice.invitation and recipient.wants_invitations:
                invitation = Invitation(self._invitation(session, meeting, recipient, notice.invitation),
                                        notice.invitation)
            letter = Letter(to=recipient.email, to_name=recipient.name, subject=notice.subject, text=text, html=html,
                            from_name=municipality.name, invitation=invitation, unsubscribe_url=unsubscribe_url)
            added += self.outbox.enqueue(session, letter, key=key, kind=notice.kind, scope=str(municipality.id),
                                         reference=str(recipient.member_id))
        return added

    def _invitation(self, session: Session, meeting: Meeting, recipient: Recipient, method: str) -> bytes:
        """The meeting as the feeds show it (same UID, SEQUENCE and text), for this reader."""
        links = EventLinks(meeting=lambda m: self.links.meeting(m.committee.municipality.slug, m.id),
                           wheel=lambda committee, year: "")
        event = meeting_event(meeting, meeting_agenda(session, meeting), links,
                              include_closed_titles=recipient.may_read_closed)
        organizer = CalendarAddress(self.outbox.sender.addr_spec, meeting.committee.municipality.name)
        return build_invitation(event, meeting.committee.municipality.timezone, method=method, organizer=organizer,
                                attendee=CalendarAddress(recipient.email, recipient.name))


def item_lines(items: list[dict], may_read_closed: bool, style: DocumentStyle) -> list[str]:
    """'3. JA - Titel', as in the feeds, in the municipality's wording; of a closed item a
    reader who may not read it sees what the public sees."""
    return agenda_lines(PublishedAgenda(items, style), include_closed_titles=may_read_closed)
