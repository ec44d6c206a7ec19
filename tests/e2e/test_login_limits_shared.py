"""Every rate limit counts across processes: two gunicorn servers of the agenda service
(two workers each) share one count in the real Redis, as replicas do in production."""

from __future__ import annotations

import uuid
from functools import partial

import pytest
import redis
import requests

from services.agenda.bootstrap import MIGRATIONS
from services.agenda.operations.accounts import ensure_user
from services.agenda.tests.conftest import runtime_for
from shared.db.migrate import upgrade_to_head
from tests.support.fixtures import wait_for
from tests.support.processes import Processes, free_port

pytestmark = pytest.mark.e2e

REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
def prefix():
    prefix = f"udvalg-test-{uuid.uuid4().hex[:8]}"
    yield prefix
    store = redis.Redis.from_url(REDIS_URL)
    for key in store.scan_iter(f"*{prefix}*"):
        store.delete(key)
    store.close()


def _servers(tmp_path, database_url: str, storage: str, prefix: str) -> tuple[Processes, list[str]]:
    processes = Processes(tmp_path, {"AGENDA_DATABASE_URL": database_url, "UDVALG_SECRET_KEY": "e2e",
                                     "UDVALG_VAR_DIR": str(tmp_path / "var"), "UDVALG_RATE_LIMIT_STORAGE_URI": storage,
                                     "UDVALG_RATE_LIMIT_PREFIX": prefix})
    bases = []
    for _ in range(2):
        port = free_port()
        processes.start(f"agenda-web-{port}", "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "2",
                        "services.agenda.app:create_app()", extra_env={"SCRIPT_NAME": "/agenda"})
        bases.append(f"http://127.0.0.1:{port}/agenda")
    for base in bases:
        wait_for(partial(_answers, f"{base}/healthz"), timeout=90, message="agenda under gunicorn")
    return processes, bases


def _answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=2).status_code == 200
    except requests.RequestException:
        return False


def _guesses(bases: list[str], count: int) -> list[int]:
    return [requests.post(f"{bases[n % 2]}/api/v1/tokens", timeout=30,
                          json={"email": "sekretaer@fjordby.dk", "password": "forkert-gaet"}).status_code
            for n in range(count)]


@pytest.fixture
def database(pg_template, fresh_database):
    url = fresh_database(pg_template("agenda", lambda u: upgrade_to_head(u, MIGRATIONS)))
    runtime = runtime_for(url)
    with runtime.uow() as uow:
        ensure_user(uow.session, email="sekretaer@fjordby.dk", name="S", password="rigtig-kode-123", role="admin")
        uow.commit()
    runtime.dispose()
    return url


def test_two_servers_share_the_login_count_in_redis(tmp_path, database, prefix):
    processes, bases = _servers(tmp_path, database, REDIS_URL, prefix)
    try:
        statuses = _guesses(bases, 40)
    finally:
        processes.stop_all()

    print(f"\nRedis, 2 servers x 2 workers, 40 wrong passwords: {statuses.count(401)} tried, "
          f"{statuses.count(429)} refused")
    assert statuses.count(401) == 5 and statuses.count(429) == 35


def test_counting_in_memory_lets_each_process_allow_the_limit_again(tmp_path, database, prefix):
    """The control: without the shared store, the same guesses get further."""
    processes, bases = _servers(tmp_path, database, "memory://", prefix)
    try:
        statuses = _guesses(bases, 40)
    finally:
        processes.stop_all()

    print(f"\nmemory://, 2 servers x 2 workers, 40 wrong passwords: {statuses.count(401)} tried")
    assert statuses.count(401) >= 10
