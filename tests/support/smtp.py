"""A real SMTP server (aiosmtpd) in the test process, and what it received.

The server can refuse chosen addresses for good (550) or for now (450), and can be
stopped and started again on the same port, as a mail server that goes away.
"""

from __future__ import annotations

import email
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller

from tests.support.processes import free_port


@dataclass(frozen=True)
class Received:
    mail_from: str
    recipients: tuple[str, ...]
    content: bytes

    @property
    def message(self) -> EmailMessage:
        return email.message_from_bytes(self.content, _class=EmailMessage, policy=policy.default)

    @property
    def subject(self) -> str:
        return str(self.message["Subject"]).strip()

    def part(self, content_type: str) -> EmailMessage | None:
        return next((part for part in self.message.walk() if part.get_content_type() == content_type), None)

    def text(self) -> str:
        return self._content("text/plain")

    def html(self) -> str:
        return self._content("text/html")

    def _content(self, content_type: str) -> str:
        """The part's text with line breaks as Python writes them (the wire has CRLF)."""
        part = self.part(content_type)
        return part.get_content().replace("\r\n", "\n") if part is not None else ""


class _Handler:
    def __init__(self, server: SmtpServer) -> None:
        self._server = server

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self._server.refused:
            return "550 5.1.1 Mailbox unavailable"
        if address.lower() in self._server.deferred:
            return "450 4.2.1 Mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        content = envelope.original_content or envelope.content
        with self._server.lock:
            self._server.received.append(Received(envelope.mail_from, tuple(envelope.rcpt_tos), bytes(content)))
        return "250 Message accepted for delivery"


class SmtpServer:
    def __init__(self, port: int) -> None:
        self.host, self.port = "127.0.0.1", port
        self.received: list[Received] = []
        self.refused: set[str] = set()
        self.deferred: set[str] = set()
        self.lock = threading.Lock()
        self._controller: Controller | None = None

    def start(self) -> None:
        self._controller = Controller(_Handler(self), hostname=self.host, port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def running(self) -> bool:
        return self._controller is not None

    def messages(self, to: str | None = None) -> list[Received]:
        with self.lock:
            found = list(self.received)
        return [m for m in found if to is None or to.lower() in (r.lower() for r in m.recipients)]

    @property
    def env(self) -> dict[str, str]:
        """The settings a process needs to send here."""
        return {"UDVALG_SMTP_HOST": self.host, "UDVALG_SMTP_PORT": str(self.port), "UDVALG_SMTP_STARTTLS": "false"}


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    server = SmtpServer(free_port())
    server.start()
    yield server
    server.stop()
