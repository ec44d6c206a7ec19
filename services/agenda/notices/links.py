"""The absolute links a mail holds. Mails are written by a worker, outside any request,
so they are built from the public address (UDVALG_PUBLIC_BASE_URL) and the paths the
pages are served at; a test checks them against the routes."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from shared.web import service_url


@dataclass(frozen=True)
class NoticeLinks:
    base_url: str

    def _agenda(self, path: str) -> str:
        return self.base_url + service_url("agenda", path)

    def meeting(self, slug: str, meeting_id: uuid.UUID) -> str:
        return self._agenda(f"/{slug}/moeder/{meeting_id}")

    def settings(self) -> str:
        return self._agenda("/mig/beskeder")

    def unsubscribe(self, token: str) -> str:
        return self._agenda(f"/afmeld/{token}")

    def minutes(self, meeting_id: uuid.UUID) -> str:
        return self.base_url + service_url("decisions", f"/referat/{meeting_id}")

    def signing(self, meeting_id: uuid.UUID) -> str:
        return self.base_url + service_url("decisions", f"/referat/{meeting_id}/underskrift")
