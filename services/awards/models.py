"""The awards service's tables."""

from __future__ import annotations

import uuid

from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from shared.bus.tables import define_bus_tables
from shared.db.metadata import service_metadata


class Base(DeclarativeBase):
    metadata = service_metadata()


bus_tables = define_bus_tables(Base.metadata)


class MunicipalityCopy(Base):
    """The municipalities the award can run in, as the agenda service announced them."""

    __tablename__ = "municipality_copies"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(60))
