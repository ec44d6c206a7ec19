"""The notices' tables, on the agenda service's Base (one database, one migration history)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from services.agenda.models import Base, Member
from shared.db.types import UTCDateTime, utcnow
from shared.mail.tables import define_mail_tables

mail_tables = define_mail_tables(Base.metadata)


class NoticePreference(Base):
    """What a member wants by e-mail. No row: everything (the default)."""

    __tablename__ = "notice_preferences"

    member_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), primary_key=True)
    agenda: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    meetings: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    minutes: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    signatures: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # Meeting mails carry a calendar invitation unless the member only wants the feed.
    invitations: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # Set by the link in every mail: no mail at all until the member turns them on again.
    stopped_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    member: Mapped[Member] = relationship()


class UnsubscribeLink(Base):
    """The link in one mail that stops all mails: a capability URL. Only the SHA-256 digest
    of its token is stored, as for calendar links; it expires."""

    __tablename__ = "unsubscribe_links"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    member_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    member: Mapped[Member] = relationship()
