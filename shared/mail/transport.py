"""Handing a message to the mail system: a real SMTP server, or a Maildir on disk.

A transport says what became of each message in one of three ways, and the sender acts
on them: it returns (accepted: mark sent), raises Rejected (the server refused this
address or message for good: record why, never try again), raises Deferred (the server
refused it for now: try this one later), or raises Unavailable (the server is away or
will not talk to us: nothing is the message's fault; wait and try everything again).
"""

from __future__ import annotations

import mailbox
import smtplib
import ssl
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol


class DeliveryProblem(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Rejected(DeliveryProblem):
    """The server refused the address or the message for good (a 5xx answer)."""


class Deferred(DeliveryProblem):
    """The server refused the message for now (a 4xx answer): try it again later."""


class Unavailable(DeliveryProblem):
    """The server cannot be reached or will not take mail from us now."""


class Channel(Protocol):
    def send(self, message: bytes, *, mail_from: str, recipient: str) -> None:
        """Return once the server accepted the message; raise a DeliveryProblem otherwise."""


class Transport(Protocol):
    def open(self) -> AbstractContextManager[Channel]:
        """A channel for a batch of messages (one SMTP connection)."""


def _answer(code: int, text: bytes | str) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return f"{code} {text}".strip()


@dataclass(frozen=True)
class SmtpTransport:
    host: str
    port: int = 587
    starttls: bool = True
    implicit_tls: bool = False  # SMTPS, usually port 465
    username: str | None = None
    password: str | None = None
    timeout: float = 30.0

    @contextmanager
    def open(self) -> Iterator[_SmtpChannel]:
        channel = _SmtpChannel(self)
        try:
            yield channel
        finally:
            channel.close()

    def connect(self) -> smtplib.SMTP:
        context = ssl.create_default_context()
        try:
            if self.implicit_tls:
                client: smtplib.SMTP = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=context)
            else:
                client = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
            try:
                client.ehlo()
                if self.starttls and not self.implicit_tls:
                    client.starttls(context=context)
                    client.ehlo()
                if self.username:
                    client.login(self.username, self.password or "")
            except BaseException:
                client.close()
                raise
        except smtplib.SMTPResponseException as exc:
            raise Unavailable(f"Mailserveren afviste forbindelsen: {_answer(exc.smtp_code, exc.smtp_error)}") from exc
        except (OSError, smtplib.SMTPException) as exc:
            raise Unavailable(f"Mailserveren svarer ikke ({self.host}:{self.port}): {exc!r}") from exc
        return client


class _SmtpChannel:
    """One connection, opened at the first message and reused for the batch."""

    def __init__(self, transport: SmtpTransport) -> None:
        self._transport = transport
        self._client: smtplib.SMTP | None = None

    def send(self, message: bytes, *, mail_from: str, recipient: str) -> None:
        if self._client is None:
            self._client = self._transport.connect()
        try:
            self._client.sendmail(mail_from, [recipient], message)
        except smtplib.SMTPRecipientsRefused as exc:
            code, text = exc.recipients.get(recipient, (550, b""))
            problem = _answer(code, text)
            if code >= 500:
                raise Rejected(f"Mailserveren afviste adressen {recipient}: {problem}") from exc
            raise Deferred(f"Mailserveren tog ikke imod e-mailen til {recipient} nu: {problem}") from exc
        except smtplib.SMTPDataError as exc:
            problem = _answer(exc.smtp_code, exc.smtp_error)
            if exc.smtp_code >= 500:
                raise Rejected(f"Mailserveren afviste e-mailen: {problem}") from exc
            raise Deferred(f"Mailserveren tog ikke imod e-mailen nu: {problem}") from exc
        except smtplib.SMTPSenderRefused as exc:
            # Our own address is refused: a setting to fix, not the recipient's fault.
            self._drop()
            raise Unavailable(f"Mailserveren afviste afsenderen {mail_from}: "
                              f"{_answer(exc.smtp_code, exc.smtp_error)}") from exc
        except (OSError, smtplib.SMTPException) as exc:
            self._drop()
            raise Unavailable(f"Forbindelsen til mailserveren gik tabt: {exc!r}") from exc

    def _drop(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            client.close()

    def close(self) -> None:
        client, self._client = self._client, None
        if client is None:
            return
        try:
            client.quit()
        except (OSError, smtplib.SMTPException):
            client.close()


@dataclass(frozen=True)
class MaildirTransport:
    """The embedded default: every message lands in one Maildir (read it with any mail
    program, e.g. `mutt -f var/mail`, or Python's mailbox.Maildir)."""

    path: Path

    @contextmanager
    def open(self) -> Iterator[_MaildirChannel]:
        yield _MaildirChannel(self.path)


class _MaildirChannel:
    def __init__(self, path: Path) -> None:
        self._path = path
        self._box = mailbox.Maildir(path, create=True)

    def send(self, message: bytes, *, mail_from: str, recipient: str) -> None:
        # As a local delivery agent does: who it was for, and who sent it.
        envelope = f"Return-Path: <{mail_from}>\r\nDelivered-To: {recipient}\r\n".encode()
        try:
            self._box.add(envelope + message)
        except OSError as exc:
            raise Unavailable(f"Kunne ikke skrive til {self._path}: {exc!r}") from exc
