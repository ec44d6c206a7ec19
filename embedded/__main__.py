"""python -m embedded [--host 127.0.0.1] [--port 8000]: the whole system in one process."""

from __future__ import annotations

import argparse
import os
import signal

from waitress import create_server

from embedded.system import build_system
from services.agenda.demo.load import DEMO_ACCOUNTS, DEMO_PASSWORD
from shared.log import configure_logging


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m embedded")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--no-demo", action="store_true", help="start without loading the demo data")
    args = parser.parse_args()
    configure_logging()
    # Links that leave the page (calendar subscriptions, e-mails) need the real address.
    os.environ.setdefault("UDVALG_PUBLIC_BASE_URL", f"http://{args.host}:{args.port}")
    system = build_system()
    if not args.no_demo:
        system.load_demo()
    server = create_server(system.wsgi_app, host=args.host, port=args.port, threads=8)
    signal.signal(signal.SIGTERM, _stop)
    base = f"http://{args.host}:{args.port}"
    print(f"\nUdvalg kører på {base}/", flush=True)
    print(f"  Dagsordener:  {base}/agenda/api/v1/meetings", flush=True)
    print(f"  Virksomhedspris (indstil en virksomhed):  {base}/awards/virksomhedspris/lejre/", flush=True)
    print(f"  Sekretær-login: {DEMO_ACCOUNTS['secretary']} / {DEMO_PASSWORD}", flush=True)
    print(f"  Administrator-login: {DEMO_ACCOUNTS['admin']} / {DEMO_PASSWORD}\n", flush=True)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
        system.shutdown()


def _stop(*_args) -> None:
    """SIGTERM stops like Ctrl-C: the serving loop ends and the relays finish their batch."""
    raise KeyboardInterrupt


if __name__ == "__main__":
    main()
