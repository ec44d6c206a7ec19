"""The awards service's own commands (python -m services.awards <command>)."""

from __future__ import annotations

import argparse

from services.awards.config import AwardsOptions
from services.awards.operations.personal_data import purge_expired
from shared.db.types import utcnow
from shared.log import get_logger
from shared.runtime import ServiceRuntime

log = get_logger(__name__)


def purge_personal_data(runtime: ServiceRuntime, argv: list[str]) -> None:
    """Delete the nominators' contact data and attachments of every round that ended at
    least the configured number of months ago. Meant to run daily (cron, a Kubernetes
    CronJob); running it again changes nothing."""
    parser = argparse.ArgumentParser(prog="python -m services.awards purge-personal-data")
    parser.add_argument("--months", type=int, default=AwardsOptions.from_env().personal_data_months,
                        help="months after a round ends (default: AWARDS_PERSONAL_DATA_MONTHS or 6)")
    args = parser.parse_args(argv)
    if args.months < 0:
        parser.error("--months must not be negative")
    with runtime.uow() as uow:
        result = purge_expired(uow, args.months, utcnow())
    log.info("awards.personal_data_purged", rounds=result.rounds, nominations=result.nominations, months=args.months)
    print(f"Slettede kontaktoplysninger i {result.nominations} indstillinger fra {result.rounds} runder.")


COMMANDS = {"purge-personal-data": purge_personal_data}
