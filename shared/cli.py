"""The command line every service shares: python -m services.<name> <command>.

    migrate     upgrade the database and declare the service's broker queues
    worker      run the outbox relay and the event consumer against RabbitMQ
    load-demo   load the demo data (once; does nothing if it is there)
    ready       exit 0 if the service's events move, else print why and exit 1 (as /readyz)

A service may add commands of its own (e.g. the awards service's purge-personal-data).
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Callable, Mapping

from shared.bus.health import BrokerStatus
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
    relay_thread.start()
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
    publisher.close()


def report_readiness(runtime: ServiceRuntime) -> None:
    """What /readyz answers, for probes that run a command (the worker's): exit status 1
    and the reasons when the service's events do not move."""
    readiness = runtime.readiness()
    for problem in readiness.problems:
        print(problem)
    if not readiness.ready:
        sys.exit(1)
    print(f"{runtime.name}: klar")


ServiceCommand = Callable[[ServiceRuntime, list[str]], None]


def service_main(build_runtime: Callable[[], ServiceRuntime], argv: list[str] | None = None,
                 commands: Mapping[str, ServiceCommand] | None = None) -> None:
    """`commands`: the service's own commands by name; each gets the runtime and the
    arguments after its name."""
    extra = dict(commands or {})
    parser = argparse.ArgumentParser(prog="python -m services.<name>")
    parser.add_argument("command", choices=("migrate", "worker", "load-demo", "ready", *extra))
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
    elif args.command == "ready":
        report_readiness(runtime)
    elif args.command == "load-demo":
        if runtime.load_demo is None:
            return
        runtime.load_demo(runtime)
