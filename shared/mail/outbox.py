"""Writing a mail: a row in the mail outbox, in the caller's transaction: the whole
message, or a draft the sender composes (drafts.py).

The mail commits with the change it reports (or the event whose handling it is part of)
or not at all; the sender only ever sees committed rows.
"""

from __future__ import annotations

from datetime import datetime
from email.headerregistry import Address

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from shared.db.types import utcnow
from shared.mail.compose import Letter, as_bytes, compose
from shared.mail.drafts import Draft, stored_draft
from shared.mail.tables import MailTables

# Set on a session that wrote a mail, so that its commit can wake the sender at once.
SESSION_FLAG = "udvalg.mail_enqueued"


class MailOutbox:
    def __init__(self, tables: MailTables, sender: Address) -> None:
        self.tables = tables
        self.sender = sender

    def enqueue(self, session: Session, letter: Letter, *, key: str, kind: str, scope: str | None = None,
                reference: str | None = None, now: datetime | None = None) -> bool:
        """Add the letter unless a mail with this key exists; returns whether it was added."""
        now = now or utcnow()
        return self._add(session, key=key, kind=kind, recipient=letter.to, subject=letter.subject,
                         message=as_bytes(compose(letter, self.sender, now=now)), draft=None, scope=scope,
                         reference=reference, now=now)

    def enqueue_draft(self, session: Session, draft: Draft, *, key: str, kind: str, scope: str | None = None,
                      reference: str | None = None, now: datetime | None = None) -> bool:
        """Add a letter the sender composes when it sends it, with the composer it holds
        for `kind` (drafts.py), unless a mail with this key exists."""
        return self._add(session, key=key, kind=kind, recipient=draft.to, subject=draft.subject, message=b"",
                         draft=stored_draft(draft, self.sender), scope=scope, reference=reference,
                         now=now or utcnow())

    def _add(self, session: Session, *, key: str, kind: str, recipient: str, subject: str, message: bytes,
             draft: dict | None, scope: str | None, reference: str | None, now: datetime) -> bool:
        values = {
            "key": key,
            "kind": kind,
            "recipient": recipient,
            "subject": subject[:300],
            "message": message,
            "draft": draft,
            "scope": scope,
            "reference": reference,
            "created_at": now,
            "next_attempt_at": now,
            "attempts": 0,
        }
        dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
        outbox = self.tables.outbox
        statement = (dialect.insert(outbox).values(**values).on_conflict_do_nothing(index_elements=["key"])
                     .returning(outbox.c.id))
        added = session.execute(statement).first() is not None
        if added:
            session.info[SESSION_FLAG] = True
        return added

    def has(self, session: Session, key: str) -> bool:
        outbox = self.tables.outbox
        return session.execute(select(outbox.c.id).where(outbox.c.key == key)).first() is not None

    def pending_count(self, session: Session, scope: str | None = None) -> int:
        outbox = self.tables.outbox
        query = select(func.count()).select_from(outbox).where(outbox.c.sent_at.is_(None),
                                                                outbox.c.rejected_at.is_(None))
        if scope is not None:
            query = query.where(outbox.c.scope == scope)
        return session.execute(query).scalar_one()
