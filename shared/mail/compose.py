"""A letter as an RFC 5322 message: plain text and HTML alternatives, and for meetings an
iTIP invitation (RFC 5546) as mail clients expect it.

The invitation is both the last alternative (`text/calendar; method=REQUEST`, which
Outlook, Apple Mail and Gmail read to update the entry they already hold) and an
`invite.ics` attachment for clients that only offer files. Every part is 7-bit
(quoted-printable or base64) with RFC 2047 headers, so any SMTP server relays it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from shared.db.types import utcnow

ITIP_METHODS = ("REQUEST", "CANCEL")
# Headers set raw (List-Unsubscribe) go out as written: a long URL must not be folded
# into encoded words, which no mail client would read as a link.
WIRE = policy.SMTP.clone(refold_source="none")


@dataclass(frozen=True)
class Invitation:
    ics: bytes  # a VCALENDAR with METHOD set to `method`
    method: str

    def __post_init__(self) -> None:
        if self.method not in ITIP_METHODS:
            raise ValueError(f"iTIP method {self.method!r} is not one Udvalg sends")


@dataclass(frozen=True)
class Letter:
    to: str
    subject: str
    text: str
    html: str
    to_name: str = ""
    from_name: str = ""  # shown before the system's address, the municipality's name
    invitation: Invitation | None = None
    # A link that stops these mails without logging in (RFC 2369 and RFC 8058 one-click).
    unsubscribe_url: str | None = None


def parse_sender(value: str) -> Address:
    """'Udvalg <udvalg@kommune.dk>' or 'udvalg@kommune.dk' as an Address."""
    message = EmailMessage(policy=policy.SMTP)
    message["From"] = value
    return message["From"].addresses[0]


def one_line(text: str | None) -> str:
    """A header holds one line: line breaks typed into a name or a title become spaces."""
    return " ".join((text or "").split())


def new_message_id(sender: Address) -> str:
    return make_msgid(domain=sender.domain or None)


def compose(letter: Letter, sender: Address, *, now: datetime | None = None,
            message_id: str | None = None) -> EmailMessage:
    message = EmailMessage(policy=WIRE)
    message["From"] = Address(one_line(letter.from_name or sender.display_name), sender.username, sender.domain)
    message["To"] = Address(one_line(letter.to_name), addr_spec=letter.to)
    message["Subject"] = one_line(letter.subject)
    message["Date"] = format_datetime(now or utcnow())
    message["Message-ID"] = message_id or new_message_id(sender)
    # RFC 3834: no out-of-office answers to a notice.
    message["Auto-Submitted"] = "auto-generated"
    if letter.unsubscribe_url:
        message.set_raw("List-Unsubscribe", f"<{letter.unsubscribe_url}>")
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(letter.text, cte="quoted-printable")
    message.add_alternative(letter.html, subtype="html", cte="quoted-printable")
    if letter.invitation is not None:
        ics = letter.invitation.ics.decode("utf-8")
        message.add_alternative(ics, subtype="calendar", cte="base64",
                                params={"method": letter.invitation.method})
        message.add_attachment(letter.invitation.ics, maintype="application", subtype="ics",
                               filename="invite.ics")
    return message


def as_bytes(message: EmailMessage) -> bytes:
    return message.as_bytes(policy=WIRE)
