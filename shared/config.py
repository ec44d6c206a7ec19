"""Settings read from the environment, one place for every service.

The embedded default needs no environment at all: SQLite files under var/ and the
in-process bus. Production sets the database and broker URLs.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def var_dir() -> Path:
    path = Path(os.environ.get("UDVALG_VAR_DIR", PROJECT_ROOT / "var"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def _secret_key() -> str:
    """The key that signs sessions; shared by all services so one login serves them all."""
    key = os.environ.get("UDVALG_SECRET_KEY")
    if key:
        return key
    # Embedded mode: keep a generated key on disk so sessions survive a restart.
    key_file = var_dir() / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(48))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


@dataclass(frozen=True)
class Settings:
    service: str
    database_url: str
    broker_url: str | None
    secret_key: str
    public_base_url: str
    log_format: str
    relay_poll_seconds: float = 1.0
    retry_delays_seconds: tuple[float, ...] = field(default=(1.0, 5.0, 30.0))
    # Every wait on the broker (connect, each read and write, a batch's confirms) ends after
    # this; it is also the AMQP heartbeat, so a silent broker is noticed within two of them.
    broker_timeout_seconds: float = 10.0
    # Readiness (/readyz): the oldest unpublished event may be this old, and the worker
    # must have reported within the second limit (it reports every few seconds).
    ready_max_outbox_age_seconds: float = 60.0
    ready_max_worker_silence_seconds: float = 30.0
    # Where every rate limit counts: memory:// per process (the embedded default); in
    # production redis://..., shared by all processes and replicas.
    rate_limit_storage_uri: str = "memory://"
    rate_limit_prefix: str = "udvalg"
    # How many proxies in front of the web process set X-Forwarded-For (0: trust none).
    trusted_proxies: int = 0

    @property
    def uses_broker(self) -> bool:
        return self.broker_url is not None

    @classmethod
    def for_service(cls, service: str, **overrides) -> Settings:
        env = os.environ
        prefix = service.upper()
        database_url = env.get(f"{prefix}_DATABASE_URL") or f"sqlite:///{var_dir() / f'{service}.sqlite'}"
        delays = env.get("UDVALG_RETRY_DELAYS")
        values: dict[str, Any] = {
            "service": service,
            "database_url": database_url,
            "broker_url": env.get("UDVALG_BROKER_URL") or None,
            "secret_key": _secret_key(),
            "public_base_url": env.get("UDVALG_PUBLIC_BASE_URL", "http://127.0.0.1:8000").rstrip("/"),
            "log_format": env.get("UDVALG_LOG_FORMAT", "console"),
            "relay_poll_seconds": float(env.get("UDVALG_RELAY_POLL_SECONDS", "1.0")),
            "broker_timeout_seconds": float(env.get("UDVALG_BROKER_TIMEOUT_SECONDS", "10")),
            "ready_max_outbox_age_seconds": float(env.get("UDVALG_READY_MAX_OUTBOX_AGE_SECONDS", "60")),
            "ready_max_worker_silence_seconds": float(env.get("UDVALG_READY_MAX_WORKER_SILENCE_SECONDS", "30")),
            "rate_limit_storage_uri": env.get("UDVALG_RATE_LIMIT_STORAGE_URI", "memory://"),
            "rate_limit_prefix": env.get("UDVALG_RATE_LIMIT_PREFIX", "udvalg"),
            "trusted_proxies": int(env.get("UDVALG_TRUSTED_PROXIES", "0")),
        }
        if delays:
            values["retry_delays_seconds"] = tuple(float(d) for d in delays.split(","))
        values.update(overrides)
        return cls(**values)
