"""The agenda service's composition root: settings, database, bus tables, handlers."""

from __future__ import annotations

from pathlib import Path

from services.agenda import award_items
from services.agenda.calendar.operations.feeds import watch_calendar_changes
from services.agenda.demo.load import load_demo
from services.agenda.handlers import HANDLERS
from services.agenda.history import MEETING_HISTORY
from services.agenda.minutes import signatures
from services.agenda.models import Base, bus_tables
from services.agenda.notices import setup as notices
from shared.bus.handlers import combine_handlers
from shared.config import Settings
from shared.mail.setup import ServiceMail
from shared.runtime import ServiceRuntime

MIGRATIONS = Path(__file__).parent / "migrations"


def build_runtime(settings: Settings | None = None, mail: ServiceMail | None = None) -> ServiceRuntime:
    settings = settings or Settings.for_service("agenda")
    mail = mail or ServiceMail(notices.mail_tables)
    runtime = ServiceRuntime(
        settings=settings,
        metadata=Base.metadata,
        bus_tables=bus_tables,
        migrations_dir=MIGRATIONS,
        handlers=combine_handlers(HANDLERS, award_items.HANDLERS, signatures.HANDLERS,
                                  notices.handlers(settings, mail)),
        history=MEETING_HISTORY,
        load_demo=load_demo,
        mail=mail,
    )
    watch_calendar_changes(runtime.session_factory)
    return runtime
