"""Sends the mail outbox, oldest first, each message once.

A row is marked sent in the same short transaction that read it, right after the server
accepted the message. On PostgreSQL the row stays locked (FOR UPDATE SKIP LOCKED) while
it is handed over, so several senders never send the same row; on SQLite, where a
transaction locks the whole database, one sender runs per database and holds no
transaction while it talks to the server. A message is sent twice only if the process
dies between the server's acceptance and the commit that follows it; its Message-ID is
the same both times. A draft (drafts.py) is composed here, just before it is handed over;
one that cannot be composed waits like a message the server deferred. Once a message is sent (or refused for good) its body is dropped:
the row stays as the record of what went to whom, when.

While the server is away (or refuses us) nothing is lost: the sender backs off and
tries again. An address the server refuses for good is recorded with its answer and
never tried again; a message it refuses for now is tried again later, with growing
delays, and given up (recorded as refused) only after `give_up_after`.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from email.headerregistry import Address

from sqlalchemy import Engine, Row, select, update

from shared.db.types import utcnow
from shared.log import get_logger
from shared.mail.compose import parse_sender
from shared.mail.drafts import Composer, Uncomposable, compose_draft
from shared.mail.tables import MailTables
from shared.mail.transport import Channel, Deferred, Rejected, Transport, Unavailable

log = get_logger(__name__)

RETRY_DELAYS = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=15), timedelta(hours=1))
GIVE_UP_AFTER = timedelta(days=3)


class MailSender:
    def __init__(
        self,
        engine: Engine,
        tables: MailTables,
        transport: Transport,
        *,
        mail_from: str,
        batch_size: int = 50,
        poll_seconds: float = 1.0,
        max_backoff_seconds: float = 60.0,
        retry_delays: Sequence[timedelta] = RETRY_DELAYS,
        give_up_after: timedelta = GIVE_UP_AFTER,
        wakeup: threading.Event | None = None,
        composers: Mapping[str, Composer] | None = None,
        sender: Address | None = None,
    ) -> None:
        self._engine = engine
        self._outbox = tables.outbox
        self._transport = transport
        self._mail_from = mail_from
        # Drafts are composed here, by their kind's composer, From this address.
        self._composers = dict(composers or {})
        self._sender = sender or parse_sender(mail_from)
        self._batch_size = batch_size
        self._poll_seconds = poll_seconds
        self._max_backoff = max_backoff_seconds
        self._retry_delays = tuple(retry_delays)
        self._give_up_after = give_up_after
        # SQLite's transactions lock the whole database: never hold one across a send.
        self._hold_lock = engine.dialect.name != "sqlite"
        self.wakeup = wakeup or threading.Event()

    def send_due(self, now: datetime | None = None, stop: threading.Event | None = None) -> int:
        """Send up to one batch of due messages (fewer if `stop` is set meanwhile); return how
        many the server accepted. Raises Unavailable (after recording it on the row in hand)
        if the server is away."""
        sent = 0
        with self._transport.open() as channel:
            for _ in range(self._batch_size):
                if stop is not None and stop.is_set():
                    break
                outcome = self._send_next(channel, now or utcnow())
                if outcome is None:
                    break
                sent += outcome
        return sent

    def _send_next(self, channel: Channel, now: datetime) -> int | None:
        """Send the oldest due row: 1 if accepted, 0 if not, None if nothing is due."""
        outbox = self._outbox
        with self._engine.connect() as conn:
            row = conn.execute(
                select(outbox.c.id, outbox.c.kind, outbox.c.recipient, outbox.c.message, outbox.c.draft,
                       outbox.c.attempts, outbox.c.created_at)
                .where(outbox.c.sent_at.is_(None), outbox.c.rejected_at.is_(None), outbox.c.next_attempt_at <= now)
                .order_by(outbox.c.next_attempt_at, outbox.c.id)
                .limit(1)
                .with_for_update(skip_locked=True)
            ).first()
            if row is None:
                return None
            if not self._hold_lock:
                conn.commit()
            try:
                message = self._message(row)
            except Uncomposable as exc:
                log.error("mail.uncomposable", mail_id=row.id, kind=row.kind, reason=str(exc))
                self._defer(conn, row, str(exc), now)
                return 0
            try:
                channel.send(message, mail_from=self._mail_from, recipient=row.recipient)
            except Rejected as exc:
                self._record(conn, row, rejected_at=utcnow(), last_error=exc.reason, message=b"", draft=None)
                log.warning("mail.rejected", mail_id=row.id, reason=exc.reason)
                return 0
            except Deferred as exc:
                self._defer(conn, row, exc.reason, now)
                return 0
            except Unavailable as exc:
                self._record(conn, row, last_error=exc.reason)
                raise
            # The body has done its work: keep the record, not the text (it may hold personal
            # data and a link that works without login).
            self._record(conn, row, sent_at=utcnow(), last_error=None, message=b"", draft=None)
            return 1

    def _message(self, row: Row) -> bytes:
        if row.draft is None:
            return row.message
        return compose_draft(self._composers, row.kind, row.recipient, row.draft, self._sender, row.created_at)

    def _defer(self, conn, row: Row, reason: str, now: datetime) -> None:
        if now - row.created_at >= self._give_up_after:
            self._record(conn, row, rejected_at=utcnow(), message=b"", draft=None,
                         last_error=f"Opgivet efter {self._give_up_after.days} døgn. {reason}")
            log.warning("mail.given_up", mail_id=row.id, reason=reason)
            return
        delay = self._retry_delays[min(row.attempts, len(self._retry_delays) - 1)]
        self._record(conn, row, next_attempt_at=now + delay, last_error=reason)
        log.info("mail.deferred", mail_id=row.id, reason=reason, retry_in=delay.total_seconds())

    def _record(self, conn, row: Row, **values) -> None:
        outbox = self._outbox
        conn.execute(update(outbox).where(outbox.c.id == row.id)
                     .values(attempts=outbox.c.attempts + 1, **values))
        conn.commit()

    def run(self, stop: threading.Event) -> None:
        """Send until `stop` is set, backing off while the server (or the database) is away."""
        backoff = 0.0
        while not stop.is_set():
            self.wakeup.clear()
            try:
                count = self.send_due(stop=stop)
            except Exception as exc:  # noqa: BLE001 - the server or the database is away: wait, then again
                backoff = min(self._max_backoff, max(0.5, backoff * 2))
                log.warning("mail.send_failed", error=getattr(exc, "reason", repr(exc)), retry_in=backoff)
                stop.wait(backoff)
                continue
            backoff = 0.0
            if count:
                log.info("mail.sent", count=count)
            if count < self._batch_size:
                self.wakeup.wait(self._poll_seconds)
