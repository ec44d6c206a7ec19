"""The production path for fault tests and benchmarks: the agenda service under gunicorn, the
agenda and decisions workers as separate processes, PostgreSQL and RabbitMQ.

A write is a meeting created through the agenda API; its effect is the decisions
service's copy of the meeting (agenda.meeting.scheduled.v1 over RabbitMQ). Counting
both sides says whether anything was lost or doubled.
"""

from __future__ import annotations

import signal
import subprocess
from datetime import date, timedelta
from pathlib import Path

import requests
from sqlalchemy import create_engine, text

from services.agenda.bootstrap import build_runtime as agenda_runtime
from services.agenda.operations.accounts import ensure_user
from shared.config import Settings
from shared.db.engine import normalise_url
from tests.support.fixtures import wait_for
from tests.support.processes import Processes, free_port

ADMIN_EMAIL = "admin@produktion.dk"
ADMIN_PASSWORD = "produktion-adgangskode"
WORKERS = ("agenda", "decisions")
MEETING_SCHEDULED = "agenda.meeting.scheduled.v1"


class ProductionPath:
    def __init__(self, log_dir: Path, database_urls: dict[str, str], broker_url: str,
                 env: dict[str, str] | None = None) -> None:
        """`database_urls`: migrated databases of agenda and decisions. `broker_url` is what
        the workers use (e.g. through a test's TCP proxy); `env` adds or overrides settings."""
        self.database_urls = database_urls
        self.processes = Processes(log_dir, {
            **{f"{name.upper()}_DATABASE_URL": url for name, url in database_urls.items()},
            "UDVALG_BROKER_URL": broker_url,
            "UDVALG_SECRET_KEY": "production-path",
            "UDVALG_VAR_DIR": str(log_dir / "var"),
            "UDVALG_LOG_FORMAT": "json",
            **(env or {}),
        })
        self.engines = {name: create_engine(normalise_url(url), pool_size=2) for name, url in database_urls.items()}
        self.workers: dict[str, subprocess.Popen] = {}
        self.base = ""
        self.api = requests.Session()
        self.committee_id = ""
        self._day = 0

    # -- starting and stopping -----------------------------------------------------------

    def start(self, *, admin_broker_url: str | None = None) -> None:
        """Declare the queues (with `admin_broker_url` if the workers' account may not),
        start both workers and the agenda web, and log in."""
        self.create_admin()
        migrate_env = {"UDVALG_BROKER_URL": admin_broker_url} if admin_broker_url else None
        for service in WORKERS:
            self.processes.run(f"{service}-migrate", "-m", f"services.{service}", "migrate", extra_env=migrate_env)
        for service in WORKERS:
            self.start_worker(service)
        self.log_in(self.processes.start_gunicorn("agenda", free_port()))

    def create_admin(self) -> None:
        runtime = agenda_runtime(Settings.for_service("agenda", database_url=self.database_urls["agenda"],
                                                      broker_url=None, secret_key="production-path"))
        with runtime.uow() as uow:
            ensure_user(uow.session, email=ADMIN_EMAIL, name="Admin", password=ADMIN_PASSWORD, role="admin")
            uow.commit()
        runtime.dispose()

    def log_in(self, base: str) -> None:
        """Use the agenda web at `base` (e.g. http://127.0.0.1:8101/agenda) with an API token."""
        self.base = base
        token = self.api.post(f"{self.base}/api/v1/tokens",
                              json={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}, timeout=30)
        token.raise_for_status()
        self.api.headers["Authorization"] = f"Bearer {token.json()['token']}"

    def start_worker(self, service: str) -> subprocess.Popen:
        self.workers[service] = self.processes.start(f"{service}-worker", "-m", f"services.{service}", "worker")
        return self.workers[service]

    def kill_worker(self, service: str, sig: int = signal.SIGKILL) -> None:
        worker = self.workers[service]
        worker.send_signal(sig)
        worker.wait(timeout=30)

    def stop(self) -> None:
        self.processes.stop_all()
        for engine in self.engines.values():
            engine.dispose()

    # -- writes and their effects --------------------------------------------------------

    def create_committee(self) -> str:
        """A municipality and a committee, waited for in the decisions service's copy."""
        assert self.api.post(f"{self.base}/api/v1/municipalities",
                             json={"slug": "produktion", "name": "Produktion Kommune"}, timeout=30).status_code == 201
        committee = self.api.post(f"{self.base}/api/v1/municipalities/produktion/committees",
                                  json={"name": "Udvalget for Drift", "code": "UD"}, timeout=30)
        assert committee.status_code == 201, committee.text
        self.committee_id = committee.json()["id"]
        wait_for(lambda: self.scalar("decisions", "SELECT count(*) FROM committee_copies") == 1, timeout=60,
                 message="the committee's copy in the decisions service")
        return self.committee_id

    def meeting_body(self) -> dict:
        self._day += 1
        return {"date": (date(2031, 1, 1) + timedelta(days=self._day)).isoformat(),
                "start_time": "16:30", "place": f"Mødelokale {self._day}"}

    def create_meeting(self, session: requests.Session | None = None, timeout: float = 30) -> requests.Response:
        return (session or self.api).post(f"{self.base}/api/v1/committees/{self.committee_id}/meetings",
                                          json=self.meeting_body(), timeout=timeout)

    def scalar(self, service: str, sql: str):
        with self.engines[service].connect() as conn:
            return conn.execute(text(sql)).scalar()

    def meeting_ids(self) -> set[str]:
        with self.engines["agenda"].connect() as conn:
            return {str(row) for row in conn.execute(text("SELECT id FROM meetings")).scalars()}

    def copied_meeting_ids(self) -> list[str]:
        """Every meeting copy in the decisions service (a list: a double would show)."""
        with self.engines["decisions"].connect() as conn:
            return [str(row) for row in conn.execute(text("SELECT id FROM meeting_copies")).scalars()]

    def handled_meeting_events(self) -> int:
        return self.scalar("decisions", f"SELECT count(*) FROM inbox WHERE event_type = '{MEETING_SCHEDULED}'")

    def unpublished(self) -> int:
        return self.scalar("agenda", "SELECT count(*) FROM outbox WHERE published_at IS NULL")
