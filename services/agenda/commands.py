"""The agenda service's own commands (python -m services.agenda <command>)."""

from __future__ import annotations

import argparse

from services.agenda.operations.accounts import platform_administrator
from shared.errors import DomainError
from shared.runtime import ServiceRuntime


def create_admin(runtime: ServiceRuntime, argv: list[str]) -> None:
    """Create a platform administrator (or find the existing one) and print a one-time link
    to set its password: the way into an empty system, and back in for a forgotten one."""
    parser = argparse.ArgumentParser(prog="python -m services.agenda create-admin")
    parser.add_argument("--email", required=True, help="the administrator's e-mail (the login)")
    parser.add_argument("--name", default="Administrator", help="the name shown on the pages")
    parser.add_argument("--base-url", default=runtime.settings.public_base_url,
                        help="where users reach Udvalg (default: UDVALG_PUBLIC_BASE_URL)")
    args = parser.parse_args(argv)
    if not args.email.strip() or "@" not in args.email:
        parser.error("--email must be an e-mail address")
    if not args.name.strip():
        parser.error("--name must not be empty")
    runtime.migrate()
    with runtime.uow() as uow:
        try:
            link = platform_administrator(uow, args.email, args.name.strip(), args.base_url)
        except DomainError as exc:
            parser.exit(1, f"create-admin: {exc.detail}\n")
    print(f"Administratoren {args.email.strip().lower()} vælger sin adgangskode her (linket virker én gang, "
          f"til {link.expires_at:%d-%m-%Y %H:%M} UTC):\n\n  {link.url}\n", flush=True)


COMMANDS = {"create-admin": create_admin}
