"""Engines for SQLite (embedded) and PostgreSQL (production) with the same behaviour."""

from __future__ import annotations

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

READ_ONLY = "udvalg_read_only"


def normalise_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL whatever driver the operator's URL names."""
    for prefix in ("postgres://", "postgresql://", "postgresql+psycopg2://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def make_engine(url: str) -> Engine:
    url = normalise_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        # Let SQLAlchemy, not pysqlite, decide when a transaction begins, so that a unit of
        # work that may write says "BEGIN IMMEDIATE": it takes the write lock up front and
        # writers queue instead of failing. A read-only one takes no lock (WAL readers
        # never wait for a writer, nor a writer for them).
        event.listen(engine, "begin", _begin_sqlite)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5)


def _begin_sqlite(conn) -> None:
    conn.exec_driver_sql("BEGIN" if conn.get_execution_options().get(READ_ONLY) else "BEGIN IMMEDIATE")


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def read_only_engine(engine: Engine) -> Engine:
    """The engine for reading: a deferred BEGIN on SQLite (no write lock), a read-only
    transaction on PostgreSQL."""
    return engine.execution_options(**{READ_ONLY: True, "postgresql_readonly": True})


def make_session_factory(engine: Engine, *, read_only: bool = False) -> sessionmaker:
    """Sessions for units of work; read-only ones cannot write (PostgreSQL refuses it in
    the transaction, the unit of work refuses to commit a change) and lock nothing."""
    if not read_only:
        return sessionmaker(bind=engine, expire_on_commit=False)
    factory = sessionmaker(bind=read_only_engine(engine), expire_on_commit=False, info={READ_ONLY: True})
    event.listen(factory, "before_flush", _refuse_writes)
    return factory


class ReadOnlyViolation(RuntimeError):
    """Code that reads (a GET request) tried to change something."""


def _refuse_writes(session: Session, _context, _instances) -> None:
    if session.new or session.deleted or any(session.is_modified(row) for row in session.dirty):
        raise ReadOnlyViolation("a read-only unit of work cannot write")
