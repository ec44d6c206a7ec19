"""Mail settings, read from the environment (see deploy/README.md).

Without UDVALG_SMTP_HOST every message goes to a Maildir under the var folder: the
embedded default, readable with any mail program. Production names its SMTP server.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from shared.config import var_dir
from shared.mail.transport import MaildirTransport, SmtpTransport, Transport

DEFAULT_SENDER = "Udvalg <udvalg@localhost>"


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


@dataclass(frozen=True)
class MailSettings:
    sender: str = DEFAULT_SENDER  # the From address (and iTIP ORGANIZER)
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_starttls: bool = True
    smtp_implicit_tls: bool = False
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_timeout: float = 30.0
    maildir: Path | None = None  # None: <var>/mail
    poll_seconds: float = 1.0
    max_backoff_seconds: float = 60.0  # the longest pause between tries while the server is away

    @classmethod
    def from_env(cls) -> MailSettings:
        env = os.environ
        implicit_tls = _flag("UDVALG_SMTP_IMPLICIT_TLS", False)
        return cls(
            sender=env.get("UDVALG_MAIL_FROM") or DEFAULT_SENDER,
            smtp_host=env.get("UDVALG_SMTP_HOST") or None,
            smtp_port=int(env.get("UDVALG_SMTP_PORT") or (465 if implicit_tls else 587)),
            smtp_starttls=_flag("UDVALG_SMTP_STARTTLS", True),
            smtp_implicit_tls=implicit_tls,
            smtp_username=env.get("UDVALG_SMTP_USERNAME") or None,
            smtp_password=env.get("UDVALG_SMTP_PASSWORD") or None,
            smtp_timeout=float(env.get("UDVALG_SMTP_TIMEOUT") or 30),
            maildir=Path(env["UDVALG_MAILDIR"]) if env.get("UDVALG_MAILDIR") else None,
            poll_seconds=float(env.get("UDVALG_MAIL_POLL_SECONDS") or 1.0),
            max_backoff_seconds=float(env.get("UDVALG_MAIL_MAX_BACKOFF_SECONDS") or 60.0),
        )

    def maildir_path(self) -> Path:
        return self.maildir or var_dir() / "mail"

    def transport(self) -> Transport:
        if self.smtp_host:
            return SmtpTransport(self.smtp_host, self.smtp_port, starttls=self.smtp_starttls,
                                 implicit_tls=self.smtp_implicit_tls, username=self.smtp_username,
                                 password=self.smtp_password, timeout=self.smtp_timeout)
        return MaildirTransport(self.maildir_path())
