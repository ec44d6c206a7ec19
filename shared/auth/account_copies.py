"""A service's copy of the user accounts, kept from `agenda.account.changed.v1`, and the
login-session check that reads it. Services other than agenda define the table in their
own metadata, register the handler and pass the lookup to build_service_app."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from sqlalchemy import (
    Boolean,
    Column,
    Integer,
    MetaData,
    String,
    Table,
    Uuid,
    insert,
    select,
    update,
)
from sqlalchemy.orm import Session

from shared.auth.principal import Principal
from shared.auth.session import AccountState
from shared.db.types import UTCDateTime
from shared.db.uow import UnitOfWork
from shared.events import Envelope

ACCOUNT_EVENT = "agenda.account.changed.v1"


def define_account_copies(metadata: MetaData) -> Table:
    return Table(
        "account_copies",
        metadata,
        Column("id", Uuid, primary_key=True),
        Column("name", String(200), nullable=False),
        Column("role", String(20), nullable=False),
        Column("municipality_id", Uuid, nullable=True),
        Column("member_id", Uuid, nullable=True),
        Column("active", Boolean, nullable=False),
        Column("session_generation", Integer, nullable=False),
        # The agenda service's updated_at: an older event never overwrites a newer state.
        Column("source_updated_at", UTCDateTime(), nullable=False),
    )


def account_copy_handler(table: Table) -> Callable[[UnitOfWork, Envelope], None]:
    def account_changed(uow: UnitOfWork, event: Envelope) -> None:
        data = event.data["account"]
        values = {
            "name": data["name"],
            "role": data["role"],
            "municipality_id": data["municipality_id"],
            "member_id": data["member_id"],
            "active": data["active"],
            "session_generation": data["session_generation"],
            "source_updated_at": data["updated_at"],
        }
        known = uow.session.execute(
            select(table.c.source_updated_at, table.c.session_generation).where(table.c.id == data["id"])).first()
        if known is None:
            uow.session.execute(insert(table).values(id=data["id"], **values))
        elif (known.source_updated_at, known.session_generation) <= (data["updated_at"], data["session_generation"]):
            uow.session.execute(update(table).where(table.c.id == data["id"]).values(**values))

    return account_changed


def copy_session_accounts(table: Table) -> Callable[[Session, uuid.UUID], AccountState | None]:
    def lookup(session: Session, user_id: uuid.UUID) -> AccountState | None:
        row = session.execute(select(table).where(table.c.id == user_id)).first()
        if row is None:
            return None
        principal = Principal(role=row.role, user_id=row.id, municipality_id=row.municipality_id,
                              member_id=row.member_id, name=row.name)
        return AccountState(principal, row.active, row.session_generation)

    return lookup
