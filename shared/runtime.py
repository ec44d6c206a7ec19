"""What one service is made of at run time, wired in one place.

Each service's bootstrap builds a ServiceRuntime from its settings, tables and event
handlers; the Flask app, the worker and the embedded runner all take it from there.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, MetaData
from sqlalchemy.orm import sessionmaker

from shared.bus.consumer import EventConsumer, Handler
from shared.bus.health import BrokerStatus, Heartbeat, Readiness, check_readiness
from shared.bus.relay import OutboxRelay, Publisher
from shared.bus.tables import BusTables
from shared.config import Settings
from shared.db.engine import make_engine, make_session_factory, read_only_engine
from shared.db.migrate import upgrade_to_head
from shared.db.uow import UnitOfWork
from shared.events import source_of
from shared.history import HistoryBook
from shared.mail.setup import ServiceMail


@dataclass
class ServiceRuntime:
    settings: Settings
    metadata: MetaData
    bus_tables: BusTables
    migrations_dir: Path
    handlers: Mapping[str, Handler]
    load_demo: Callable[[ServiceRuntime], object] | None = None
    history: HistoryBook | None = None
    mail: ServiceMail | None = None  # for a service that sends e-mail
    engine: Engine = field(init=False)
    session_factory: sessionmaker = field(init=False)
    read_session_factory: sessionmaker = field(init=False)
    read_engine: Engine = field(init=False)  # statements outside a unit of work that only read
    relay_wakeup: threading.Event = field(default_factory=threading.Event, init=False)

    def __post_init__(self) -> None:
        self.engine = make_engine(self.settings.database_url)
        self.session_factory = make_session_factory(self.engine)
        self.read_session_factory = make_session_factory(self.engine, read_only=True)
        self.read_engine = read_only_engine(self.engine)
        if self.mail is not None:
            self.mail.watch(self.session_factory)

    @property
    def name(self) -> str:
        return self.settings.service

    def uow(self, *, close_on_exit: bool = True, read_only: bool = False) -> UnitOfWork:
        """A unit of work; web requests keep its session open until the response is written,
        so that response schemas can follow relationships. A read-only one takes no lock."""
        return UnitOfWork(
            self.read_session_factory if read_only else self.session_factory,
            self.bus_tables,
            source=source_of(self.name),
            after_commit=self.relay_wakeup.set,
            close_on_exit=close_on_exit,
            history=self.history,
        )

    def consumer(self) -> EventConsumer | None:
        if not self.handlers:
            return None
        return EventConsumer(self.name, self.uow, self.handlers)

    def relay(self, publisher: Publisher, *, hold_lock: bool = True) -> OutboxRelay:
        return OutboxRelay(
            self.engine,
            self.bus_tables,
            publisher,
            poll_seconds=self.settings.relay_poll_seconds,
            wakeup=self.relay_wakeup,
            hold_lock=hold_lock,
        )

    def heartbeat(self, status: BrokerStatus, name: str | None = None) -> Heartbeat:
        """The heartbeat of the process that relays and consumes this service's events."""
        return Heartbeat(self.engine, self.bus_tables, status, name=name)

    def readiness(self) -> Readiness:
        return check_readiness(
            self.engine,
            self.bus_tables,
            max_outbox_age=self.settings.ready_max_outbox_age_seconds,
            max_worker_silence=self.settings.ready_max_worker_silence_seconds,
        )

    def migrate(self) -> None:
        upgrade_to_head(self.settings.database_url, self.migrations_dir)

    def dispose(self) -> None:
        self.engine.dispose()
