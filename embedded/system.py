"""Assembles the whole system in one process. The only module that knows all services."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from werkzeug.middleware.dispatcher import DispatcherMiddleware

from services.agenda.app import create_app as create_agenda_app
from services.agenda.bootstrap import build_runtime as agenda_runtime
from services.awards.app import create_app as create_awards_app
from services.awards.bootstrap import build_runtime as awards_runtime
from services.decisions.app import create_app as create_decisions_app
from services.decisions.bootstrap import build_runtime as decisions_runtime
from shared.bus.health import BrokerStatus
from shared.bus.inprocess import InProcessBus
from shared.runtime import ServiceRuntime

if TYPE_CHECKING:
    from _typeshed.wsgi import WSGIApplication

SERVICES = (
    (agenda_runtime, create_agenda_app),
    (decisions_runtime, create_decisions_app),
    (awards_runtime, create_awards_app),
)


@dataclass
class EmbeddedSystem:
    runtimes: list[ServiceRuntime]
    wsgi_app: DispatcherMiddleware
    stop: threading.Event = field(default_factory=threading.Event)
    threads: list[threading.Thread] = field(default_factory=list)

    def start_relays(self, bus: InProcessBus) -> None:
        for runtime in self.runtimes:
            # The in-process bus delivers into the other services' databases at once.
            relay = runtime.relay(bus, hold_lock=False)
            thread = threading.Thread(target=relay.run, args=(self.stop,), name=f"relay-{runtime.name}", daemon=True)
            thread.start()
            self.threads.append(thread)
            # This process is every service's worker: readiness looks for its heartbeat.
            self.threads.append(runtime.heartbeat(BrokerStatus()).start(self.stop))

    def start_mail_senders(self) -> None:
        """Each service's mail goes out from a thread (to var/mail unless SMTP is set)."""
        for runtime in self.runtimes:
            if runtime.mail is not None:
                self.threads.append(runtime.mail.start_sender(runtime.engine, self.stop, runtime.name))

    def load_demo(self) -> None:
        for runtime in self.runtimes:
            if runtime.load_demo:
                runtime.load_demo(runtime)

    def shutdown(self) -> None:
        self.stop.set()
        for runtime in self.runtimes:
            runtime.relay_wakeup.set()
            if runtime.mail is not None:
                runtime.mail.stop_sender()
        for thread in self.threads:
            thread.join(timeout=10)
        for runtime in self.runtimes:
            runtime.dispose()


def build_system() -> EmbeddedSystem:
    """Migrate every service's database, wire the in-process bus and start the relays."""
    runtimes: list[ServiceRuntime] = []
    mounts: dict[str, WSGIApplication] = {}
    for build_runtime, create_app in SERVICES:
        runtime = build_runtime()
        runtime.migrate()
        runtimes.append(runtime)
        mounts[f"/{runtime.name}"] = create_app(runtime)
    # The public portal is the agenda service's, at / as behind the production proxy.
    portal = mounts["/agenda"]
    bus = InProcessBus(retry_delays=runtimes[0].settings.retry_delays_seconds)
    for runtime in runtimes:
        consumer = runtime.consumer()
        if consumer:
            bus.subscribe(consumer)
    system = EmbeddedSystem(runtimes=runtimes, wsgi_app=DispatcherMiddleware(portal, mounts))
    system.start_relays(bus)
    system.start_mail_senders()
    return system
