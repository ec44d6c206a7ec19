"""What a service's runtime holds of the mail: its outbox table, settings and the sender.

The worker (production) and the embedded system start the sender with start_sender();
nothing else sends.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.headerregistry import Address
from functools import cached_property

from sqlalchemy import Engine, event
from sqlalchemy.orm import Session, sessionmaker

from shared.log import get_logger
from shared.mail.compose import parse_sender
from shared.mail.config import MailSettings
from shared.mail.drafts import Composer
from shared.mail.outbox import SESSION_FLAG, MailOutbox
from shared.mail.sender import MailSender
from shared.mail.tables import MailTables

log = get_logger(__name__)


@dataclass
class ServiceMail:
    tables: MailTables
    settings: MailSettings = field(default_factory=MailSettings.from_env)
    wakeup: threading.Event = field(default_factory=threading.Event)
    # The composers of the drafts this service writes, by kind (drafts.py).
    composers: Mapping[str, Composer] = field(default_factory=dict)

    @cached_property
    def sender_address(self) -> Address:
        return parse_sender(self.settings.sender)

    def outbox(self) -> MailOutbox:
        return MailOutbox(self.tables, self.sender_address)

    def watch(self, session_factory: sessionmaker) -> None:
        """Wake the sender in this process as soon as a transaction with mail commits."""
        event.listen(session_factory, "after_commit", self._after_commit)
        event.listen(session_factory, "after_rollback", _forget)

    def _after_commit(self, session: Session) -> None:
        if session.info.pop(SESSION_FLAG, False):
            self.wakeup.set()

    def sender(self, engine: Engine) -> MailSender:
        return MailSender(engine, self.tables, self.settings.transport(),
                          mail_from=self.sender_address.addr_spec, sender=self.sender_address,
                          composers=self.composers,
                          poll_seconds=self.settings.poll_seconds,
                          max_backoff_seconds=self.settings.max_backoff_seconds, wakeup=self.wakeup)

    def start_sender(self, engine: Engine, stop: threading.Event, name: str) -> threading.Thread:
        """The sender as a daemon thread until `stop` is set (call stop_sender to end it)."""
        sender = self.sender(engine)
        thread = threading.Thread(target=sender.run, args=(stop,), name=f"mail-{name}", daemon=True)
        thread.start()
        log.info("mail.sender_started", service=name, smtp=self.settings.smtp_host or "maildir")
        return thread

    def stop_sender(self) -> None:
        """Let a waiting sender notice that its stop event is set."""
        self.wakeup.set()


def _forget(session: Session) -> None:
    session.info.pop(SESSION_FLAG, None)
