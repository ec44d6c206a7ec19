"""The embedded system built inside the test process: all three services behind one WSGI
app with the demo data, on SQLite files in a folder of the test's own, driven through
werkzeug's test client (one cookie jar for every service, as in a browser)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from werkzeug.test import Client

from tests.support.fixtures import wait_for
from tests.support.pages import csrf_token

DEMO_PASSWORD = "lejre-demo-2020"


@contextmanager
def embedded_system(var_dir: Path) -> Iterator:
    with pytest.MonkeyPatch.context() as env:
        env.setenv("UDVALG_VAR_DIR", str(var_dir))
        env.setenv("UDVALG_RELAY_POLL_SECONDS", "0.2")
        from embedded.system import build_system

        system = build_system()
        system.load_demo()
    try:
        yield system
    finally:
        system.shutdown()


def wait_until_delivered(system, timeout: float = 60) -> None:
    """Until every service's outbox is empty: the other services hold their copies."""
    from sqlalchemy import func, select

    def delivered() -> bool:
        for runtime in system.runtimes:
            outbox = runtime.bus_tables.outbox
            with runtime.engine.connect() as conn:
                waiting = conn.scalar(select(func.count()).select_from(outbox).where(outbox.c.published_at.is_(None)))
            if waiting:
                return False
        return True

    wait_for(delivered, timeout=timeout, message="the demo's events to reach every service")


def log_in(client: Client, email: str, password: str = DEMO_PASSWORD) -> None:
    """Log in on the agenda service's page; the session serves every service."""
    token = csrf_token(client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={"csrf_token": token, "email": email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]


@contextmanager
def served(wsgi_app) -> Iterator[str]:
    """The app on a free local port, in a thread of this process; yields its base URL."""
    import threading

    from werkzeug.serving import make_server

    from tests.support.processes import free_port

    port = free_port()
    server = make_server("127.0.0.1", port, wsgi_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
