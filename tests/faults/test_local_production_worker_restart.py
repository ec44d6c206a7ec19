"""The local production script (deploy/run-local-production.sh) supervises each service's
worker apart from its web server: `restart-worker` restarts a worker while writes go on,
and a worker that dies (SIGKILL) is started again by its supervisor and reported by
`status`. No write fails, the web servers keep their pids, and every meeting reaches the
decisions service once."""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.faults.load import (
    OUTAGE_SECONDS,
    WRITES,
    Writes,
    assert_each_accepted_write_arrived_once,
    in_background,
    write_meetings,
)
from tests.support import servers
from tests.support.fixtures import wait_for
from tests.support.processes import ROOT
from tests.support.production import ProductionPath

pytestmark = [pytest.mark.faults, pytest.mark.e2e, pytest.mark.integration, pytest.mark.messaging]

SCRIPT = ROOT / "deploy" / "run-local-production.sh"
SERVICES = ("agenda", "decisions")


def free_port_pair() -> int:
    """A port base whose +1 and +2 (agenda, decisions) are free. Below the ephemeral range:
    the script binds them a minute later, and an ephemeral port may by then be any client
    connection's."""
    low = int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    for _ in range(100):
        base = random.randrange(max(1024, low - 12000), low - 3)
        try:
            with socket.socket() as first, socket.socket() as second:
                first.bind(("127.0.0.1", base + 1))
                second.bind(("127.0.0.1", base + 2))
        except OSError:
            continue
        return base
    raise RuntimeError("no two free ports in a row")


class LocalProduction:
    def __init__(self, var: Path) -> None:
        name = f"udvalg_test_{servers.RUN_ID}_lp_{uuid.uuid4().hex[:6]}"
        self.prefix = self.vhost = name
        self.var = var
        self.port_base = free_port_pair()
        self.env = {
            **{key: value for key, value in os.environ.items() if not key.startswith("UDVALG_")},
            "UDVALG_PROD_DB_PREFIX": self.prefix,
            "UDVALG_PROD_VHOST": self.vhost,
            "UDVALG_PROD_PORT_BASE": str(self.port_base),
            "UDVALG_PROD_VAR": str(var),
            "UDVALG_PROD_SERVICES": " ".join(SERVICES),
            "UDVALG_PROD_DEMO": "0",
            # Generous: gunicorn's workers and the workers import the apps on a loaded machine.
            "UDVALG_PROD_START_TIMEOUT": "180",
            "UDVALG_RELAY_POLL_SECONDS": "0.2",
            # An operator's narrow terminal: the script must still recognise its processes.
            "COLUMNS": "80",
        }

    def run(self, *args: str, timeout: float = 240) -> str:
        result = subprocess.run(["bash", str(SCRIPT), *args], cwd=ROOT, env=self.env, capture_output=True,
                                text=True, timeout=timeout, check=False)
        assert result.returncode == 0, f"{args}: {result.stdout[-2000:]}\n{result.stderr[-2000:]}"
        return result.stdout

    def database_url(self, service: str) -> str:
        return servers.database_url(f"{self.prefix}_{service}")

    def pid(self, name: str) -> int:
        pids = dict(line.split() for line in (self.var / "production.pids").read_text().splitlines() if line)
        return int(pids[name])

    def worker_pid(self, service: str) -> int | None:
        state = (self.var / "production" / service / "worker.state")
        words = state.read_text().split() if state.exists() else []
        return int(words[1]) if words[:1] == ["running"] else None

    def clean_up(self) -> None:
        subprocess.run(["bash", str(SCRIPT), "stop"], cwd=ROOT, env=self.env, capture_output=True, timeout=120,
                       check=False)
        for service in SERVICES:
            servers.drop_database(f"{self.prefix}_{service}")
            subprocess.run(["rabbitmqctl", "-q", "delete_user", f"{self.vhost}-{service}"], capture_output=True,
                           timeout=60, check=False)
        servers.delete_vhost(self.vhost)


@pytest.fixture
def local_production() -> Iterator[LocalProduction]:
    # A short folder: gunicorn's control socket lives there, and a socket path has at most
    # about 100 characters (pytest's tmp_path under xdist can be longer).
    var = Path(tempfile.mkdtemp(prefix="udvalg-lp-"))
    running = LocalProduction(var)
    try:
        yield running
    finally:
        running.clean_up()
        shutil.rmtree(var, ignore_errors=True)


def test_restarting_or_losing_a_worker_fails_no_write_and_leaves_the_web_servers_running(local_production, tmp_path):
    local_production.run("start")
    webs = {service: local_production.pid(f"{service}-web") for service in SERVICES}
    system = ProductionPath(tmp_path, {service: local_production.database_url(service) for service in SERVICES}, "")
    try:
        system.create_admin()
        system.log_in(f"http://127.0.0.1:{local_production.port_base + 1}/agenda")
        system.create_committee()
        writes = Writes()
        writing = in_background(lambda: write_meetings(system, WRITES, over_seconds=OUTAGE_SECONDS, into=writes))

        for service in SERVICES:
            before = local_production.worker_pid(service)
            assert "the web servers go on" in local_production.run("restart-worker", service)
            wait_for(lambda s=service, b=before: local_production.worker_pid(s) not in (None, b), timeout=60,
                     message=f"the {service} worker started again")
        dying = local_production.worker_pid("decisions")
        assert dying is not None
        os.kill(dying, signal.SIGKILL)
        wait_for(lambda: local_production.worker_pid("decisions") not in (None, dying), timeout=60,
                 message="the supervisor to start the killed worker again")
        status = local_production.run("status")
        assert re.search(r"decisions-worker +worker pid \d+, restarted 1 time\(s\); last died with exit status 137",
                         status), status
        assert re.search(r"agenda-worker +worker pid \d+, restarted 0 time\(s\)", status), status

        writing.join()
        assert writes.statuses() == {201: WRITES}, "a write failed while a worker restarted"
        for service, pid in webs.items():
            assert local_production.pid(f"{service}-web") == pid
            assert re.search(rf"{service}-web +pid {pid} +running", status), status
        assert_each_accepted_write_arrived_once(system, writes, "workers restarted by restart-worker and SIGKILL "
                                                               "under the local production script")
    finally:
        system.stop()
