"""The command line every service shares: python -m services.<name> <command>.

    migrate     upgrade the database and declare the service's broker queues
    worker      run the outbox relay and the event consumer against RabbitMQ
    load-demo   load the demo data (once; does nothing if it is there)

A service may add commands of its own (e.g. the awards service's purge-personal-data).
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Callable, Mapping

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
    broker_url = settings.broker_url
    if broker_url is None:
        sys.exit("UDVALG_BROKER_URL is not set: the worker needs RabbitMQ (the embedded mode needs no worker).")
    stop = threading.Event()
    publisher = RabbitPublisher(broker_url)
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
    relay_thread.start()
    log.info("worker.started", service=runtime.name, consumer=bool(consumer))
    if consumer is None:
        stop.wait()
    else:
        with broker_connection(broker_url) as connection:
            worker = RabbitConsumerWorker(connection, consumer, settings.retry_delays_seconds)
            worker.run()
        stop.set()
    relay_thread.join(timeout=10)
    publisher.close()


ServiceCommand = Callable[[ServiceRuntime, list[str]], None]


def service_main(build_runtime: Callable[[], ServiceRuntime], argv: list[str] | None = None,
                 commands: Mapping[str, ServiceCommand] | None = None) -> None:
    """`commands`: the service's own commands by name; each gets the runtime and the
    arguments after its name."""
    extra = dict(commands or {})
    parser = argparse.ArgumentParser(prog="python -m services.<name>")
    parser.add_argument("command", choices=("migrate", "worker", "load-demo", *extra))
    parser.add_argument("arguments", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    if args.arguments and args.command not in extra:
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
    elif args.command == "load-demo":
        if runtime.load_demo is None:
            return
        runtime.load_demo(runtime)
