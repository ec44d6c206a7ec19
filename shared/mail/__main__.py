"""Read the Maildir the embedded default delivers to.

    python -m shared.mail                 list every message: number, date, to, subject
    python -m shared.mail --show 3        print message 3's text (and its invitation, if any)
    python -m shared.mail --maildir PATH  another Maildir than <var>/mail
"""

from __future__ import annotations

import argparse
import email
import mailbox
from email import policy
from email.message import EmailMessage
from email.utils import parsedate_to_datetime
from pathlib import Path

from shared.mail.config import MailSettings


def read_maildir(path: Path) -> list[EmailMessage]:
    """Every message in the Maildir, oldest first, with its headers decoded."""
    box = mailbox.Maildir(path, factory=None, create=False)
    messages = [email.message_from_bytes(box.get_bytes(key), _class=EmailMessage, policy=policy.default)
                for key in box.iterkeys()]
    return sorted(messages, key=lambda m: parsedate_to_datetime(str(m["Date"])))


def _text(message: EmailMessage, content_type: str) -> str | None:
    part = next((p for p in message.walk() if p.get_content_type() == content_type), None)
    return part.get_content().replace("\r\n", "\n") if isinstance(part, EmailMessage) else None


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m shared.mail", description="Læs e-mails i en Maildir.")
    parser.add_argument("--maildir", type=Path, default=None, help="standard: UDVALG_MAILDIR eller <var>/mail")
    parser.add_argument("--show", type=int, metavar="N", help="vis e-mail nummer N")
    args = parser.parse_args(argv)
    path = args.maildir or MailSettings.from_env().maildir_path()
    if not (path / "cur").is_dir():
        parser.exit(1, f"Ingen e-mails: {path} er ikke en Maildir endnu.\n")
    messages = read_maildir(path)
    if args.show is None:
        for number, message in enumerate(messages, start=1):
            when = parsedate_to_datetime(str(message["Date"])).astimezone()
            print(f"{number:4}  {when:%Y-%m-%d %H:%M}  {message['Delivered-To']!s:32}  {str(message['Subject']).strip()}")
        return
    if not 1 <= args.show <= len(messages):
        parser.exit(1, f"Der er {len(messages)} e-mails.\n")
    message = messages[args.show - 1]
    for header in ("Date", "From", "To", "Subject"):
        print(f"{header}: {str(message[header]).strip()}")
    print()
    print(_text(message, "text/plain") or "")
    invitation = _text(message, "text/calendar")
    if invitation:
        print("--- kalenderinvitation ---")
        print(invitation)


if __name__ == "__main__":
    main()
