"""python -m embedded [--host 127.0.0.1] [--port 8000]: the whole system in one process."""

from __future__ import annotations

import argparse
import os
import shlex
import signal
import sys

from waitress import create_server

from embedded.system import EmbeddedSystem, build_system
from services.agenda.demo.load import DEMO_ACCOUNTS, DEMO_MUNICIPALITY, DEMO_PASSWORD
from services.agenda.operations.accounts import has_administrator, platform_administrator
from shared.log import configure_logging


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m embedded")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--no-demo", action="store_true", help="start without loading the demo data")
    parser.add_argument("--admin-email", help="create this platform administrator if missing and print a one-time "
                                              "link to set its password")
    parser.add_argument("--admin-name", default="Administrator", help="the administrator's name (with --admin-email)")
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
    if not args.no_demo:
        print(f"  Virksomhedspris (indstil en virksomhed):  {base}/awards/virksomhedspris/{DEMO_MUNICIPALITY}/", flush=True)
        print(f"  Sekretær-login: {DEMO_ACCOUNTS['secretary']} / {DEMO_PASSWORD}", flush=True)
        print(f"  Administrator-login: {DEMO_ACCOUNTS['admin']} / {DEMO_PASSWORD}", flush=True)
    print(administrator_notice(system, args, os.environ["UDVALG_PUBLIC_BASE_URL"]), flush=True)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
        system.shutdown()


def administrator_notice(system: EmbeddedSystem, args: argparse.Namespace, base: str) -> str:
    """How the operator gets in: a one-time link for --admin-email, else, on a system without
    an administrator, the command that makes one."""
    agenda = next(runtime for runtime in system.runtimes if runtime.name == "agenda")
    with agenda.uow() as uow:
        if args.admin_email:
            link = platform_administrator(uow, args.admin_email, args.admin_name, base)
            return f"  Administrator {args.admin_email}: vælg adgangskode her (virker én gang):\n    {link.url}\n"
        if has_administrator(uow.session):
            return ""
    var_dir = os.environ.get("UDVALG_VAR_DIR")
    prefix = f"UDVALG_VAR_DIR={shlex.quote(var_dir)} " if var_dir else ""
    return ("  Der er ingen administrator endnu. Opret en, og åbn det engangslink, kommandoen skriver:\n"
            f"    {prefix}UDVALG_PUBLIC_BASE_URL={base} {sys.executable} -m services.agenda create-admin "
            "--email <din e-mail> --name '<dit navn>'\n"
            f"  (eller start med: python -m embedded --no-demo --admin-email <din e-mail>)\n")


def _stop(*_args) -> None:
    """SIGTERM stops like Ctrl-C: the serving loop ends and the relays finish their batch."""
    raise KeyboardInterrupt


if __name__ == "__main__":
    main()
