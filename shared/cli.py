"""The command line every service shares: python -m services.<name> <command>.

    migrate     upgrade the database and declare the service's broker queues
    worker      run the outbox relay and the event consumer against RabbitMQ
    load-demo   load the demo data (once; does nothing if it is there)
    ready       exit 0 if the service's events move, else print why and exit 1 (as /readyz)
    dead-letters list|show|replay|purge [--id EVENT_ID ...] [--all]
                the consumer's dead letters (RabbitMQ, or the embedded system's table)

A service may add commands of its own (e.g. the awards service's purge-personal-data).
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Callable, Mapping

from shared.bus.dead_letters import (
    BrokerDeadLetters,
    DeadLetterStore,
    TableDeadLetters,
    run_command,
)
from shared.bus.health import BrokerStatus
from shared.bus.notify import OutboxListener
from shared.bus.rabbitmq import RabbitConsumerWorker, RabbitPublisher
from shared.bus.topology import broker_connection, consumer_queues, declare
from shared.log import configure_logging, get_logger
from shared.runtime import ServiceRuntime

log = get_logger(__name__)


def declare_queues(runtime: ServiceRuntime) -> None:
    consumer = runtime.consumer()
    broker_url = runtime.settings.broker_url
    if consumer is None or broker_url is None:
        return
    with broker_connection(broker_url) as connection:
        declare(connection, consumer_queues(consumer.name, consumer.binding_keys))


def run_worker(runtime: ServiceRuntime) -> None:
    settings = runtime.settings
    if settings.broker_url is None:
        sys.exit("UDVALG_BROKER_URL is not set: the worker needs RabbitMQ (the embedded mode needs no worker).")
    stop = threading.Event()
    timeout = settings.broker_timeout_seconds
    status = BrokerStatus()
    publisher = RabbitPublisher(settings.broker_url, timeout=timeout, status=status)
    relay_thread = threading.Thread(target=runtime.relay(publisher).run, args=(stop,), name="relay", daemon=True)
    consumer = runtime.consumer()
    worker = None

    def shutdown(*_args):
        stop.set()
        runtime.relay_wakeup.set()
        if worker is not None:
            worker.should_stop = True

    signal.signal(signal.SIGTERM, shutdown)
    signal.signal(signal.SIGINT, shutdown)
    heartbeat_thread = runtime.heartbeat(status).start(stop)
    if runtime.engine.dialect.name == "postgresql":
        # A commit with events in any process (the web's) wakes the relay at once.
        OutboxListener(settings.database_url, runtime.relay_wakeup, timeout=timeout).start(stop)
    relay_thread.start()
    mail_thread = runtime.mail.start_sender(runtime.engine, stop, runtime.name) if runtime.mail else None
    log.info("worker.started", service=runtime.name, consumer=bool(consumer), broker_timeout=timeout)
    if consumer is None:
        stop.wait()
    else:
        with broker_connection(settings.broker_url, timeout=timeout) as connection:
            worker = RabbitConsumerWorker(connection, consumer, settings.retry_delays_seconds,
                                          status=status, timeout=timeout)
            worker.run()
        stop.set()
    relay_thread.join(timeout=3 * timeout)
    heartbeat_thread.join(timeout=timeout)
    if mail_thread is not None:
        # A message in hand is marked sent before the process ends, or it would go twice.
        mail_thread.join(timeout=40)
    publisher.close()


def report_readiness(runtime: ServiceRuntime) -> None:
    """What /readyz answers, for probes that run a command (the worker's): exit status 1
    and the reasons when the service's events do not move."""
    try:
        readiness = runtime.readiness()
    except Exception as exc:  # noqa: BLE001 - a probe says what it found, with no traceback
        sys.exit(f"Databasen svarer ikke: {exc!r}")
    for problem in readiness.problems:
        print(problem)
    if not readiness.ready:
        sys.exit(1)
    print(f"{runtime.name}: klar")


def dead_letters(runtime: ServiceRuntime, argv: list[str]) -> None:
    """python -m services.<name> dead-letters list|show|replay|purge [--id EVENT_ID ...] [--all]"""
    parser = argparse.ArgumentParser(prog=f"python -m services.{runtime.name} dead-letters",
                                     description="Dead letters of the service's consumer (see deploy/README.md).")
    parser.add_argument("action", choices=("list", "show", "replay", "purge"))
    parser.add_argument("--id", dest="event_ids", action="append", default=[], metavar="EVENT_ID",
                        help="the dead letter's event id (repeatable)")
    parser.add_argument("--all", action="store_true", help="every dead letter")
    args = parser.parse_args(argv)
    if args.action != "list" and not (args.event_ids or args.all):
        parser.error(f"{args.action} needs --id EVENT_ID or --all")
    consumer = runtime.consumer()
    if consumer is None:
        sys.exit(f"{runtime.name} consumes no events: it has no dead letters.")
    settings = runtime.settings
    store: DeadLetterStore
    if settings.broker_url is None:
        store = TableDeadLetters(runtime.engine, runtime.bus_tables, consumer)
    else:
        store = BrokerDeadLetters(settings.broker_url, consumer.name, timeout=settings.broker_timeout_seconds)
    run_command(store, args.action, args.event_ids, args.all)


ServiceCommand = Callable[[ServiceRuntime, list[str]], None]


def service_main(build_runtime: Callable[[], ServiceRuntime], argv: list[str] | None = None,
                 commands: Mapping[str, ServiceCommand] | None = None) -> None:
    """`commands`: the service's own commands by name; each gets the runtime and the
    arguments after its name."""
    extra = dict(commands or {})
    parser = argparse.ArgumentParser(prog="python -m services.<name>")
    parser.add_argument("command", choices=("migrate", "worker", "load-demo", "ready", "dead-letters", *extra))
    parser.add_argument("arguments", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    if args.arguments and args.command not in (*extra, "dead-letters"):
        parser.error(f"{args.command} takes no arguments")
    runtime = build_runtime()
    configure_logging(runtime.settings.log_format)
    if args.command in extra:
        extra[args.command](runtime, args.arguments)
    elif args.command == "migrate":
        runtime.migrate()
        declare_queues(runtime)
    elif args.command == "worker":
        run_worker(runtime)
    elif args.command == "ready":
        report_readiness(runtime)
    elif args.command == "dead-letters":
        dead_letters(runtime, args.arguments)
    elif args.command == "load-demo":
        if runtime.load_demo is None:
            return
        runtime.load_demo(runtime)
