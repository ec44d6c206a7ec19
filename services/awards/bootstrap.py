"""The awards service's composition root: settings, database, bus tables, handlers."""

from __future__ import annotations

from pathlib import Path

from services.awards.demo.load import load_demo
from services.awards.handlers import HANDLERS
from services.awards.history import ROUND_HISTORY
from services.awards.models import Base, bus_tables, mail_tables
from services.awards.operations.receipts import COMPOSERS as RECEIPTS
from shared.config import Settings
from shared.mail.setup import ServiceMail
from shared.runtime import ServiceRuntime

MIGRATIONS = Path(__file__).parent / "migrations"


def build_runtime(settings: Settings | None = None, mail: ServiceMail | None = None) -> ServiceRuntime:
    return ServiceRuntime(
        settings=settings or Settings.for_service("awards"),
        metadata=Base.metadata,
        bus_tables=bus_tables,
        migrations_dir=MIGRATIONS,
        handlers=HANDLERS,
        history=ROUND_HISTORY,
        load_demo=load_demo,
        mail=mail or ServiceMail(mail_tables, composers=RECEIPTS),
    )
