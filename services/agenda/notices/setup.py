"""The notices as the agenda service's composition root wires them."""

from __future__ import annotations

from services.agenda.notices.handlers import notice_handlers
from services.agenda.notices.letters import Notices
from services.agenda.notices.links import NoticeLinks
from services.agenda.notices.models import mail_tables
from shared.bus.consumer import Handler
from shared.config import Settings
from shared.mail.setup import ServiceMail

__all__ = ["handlers", "mail_tables"]


def handlers(settings: Settings, mail: ServiceMail) -> dict[str, Handler]:
    return notice_handlers(Notices(mail.outbox(), NoticeLinks(settings.public_base_url)))
