"""The body of every service's migrations/env.py: online migrations only."""

from __future__ import annotations

from alembic import context
from sqlalchemy import MetaData

from shared.db.engine import make_engine


def run_migrations(target_metadata: MetaData) -> None:
    url = context.config.get_main_option("sqlalchemy.url")
    if url is None:
        raise RuntimeError("alembic.ini names no sqlalchemy.url")
    engine = make_engine(url)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()
