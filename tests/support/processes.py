"""Starting the services as real processes (gunicorn, workers) for end-to-end tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import requests

from tests.support.fixtures import wait_for

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Processes:
    """Popen handles with logs in a folder; everything is stopped at the end of the test."""

    def __init__(self, log_dir: Path, env: dict[str, str]):
        self.log_dir, self.env = log_dir, {**os.environ, **env}
        self.running: list[tuple[str, subprocess.Popen]] = []

    def run(self, name: str, *args: str, extra_env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, *args], cwd=ROOT, env={**self.env, **(extra_env or {})},
                              capture_output=True, text=True, timeout=120, check=True)

    def start(self, name: str, *args: str, extra_env: dict[str, str] | None = None) -> subprocess.Popen:
        # The child keeps its own copy of the descriptor; ours can close at once.
        # Appended to: a process started again under its name keeps the earlier one's log.
        with open(self.log_dir / f"{name}.log", "a") as log:
            process = subprocess.Popen([sys.executable, *args], cwd=ROOT, env={**self.env, **(extra_env or {})},
                                       stdout=log, stderr=subprocess.STDOUT)
        self.running.append((name, process))
        return process

    def start_gunicorn(self, service: str, port: int) -> str:
        self.start(f"{service}-web", "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "2",
                   f"services.{service}.app:create_app()", extra_env={"SCRIPT_NAME": f"/{service}"})
        base = f"http://127.0.0.1:{port}/{service}"
        # Generous: two workers importing the app on a loaded machine can take half a minute.
        wait_for(lambda: _answers(f"{base}/healthz"), timeout=120, message=f"{service} under gunicorn")
        return base

    def start_embedded(self, port: int, *options: str) -> str:
        """The one-process system as `make run` starts it (with its demo data unless
        `options` say --no-demo)."""
        self.start("embedded", "-m", "embedded", "--port", str(port), *options)
        base = f"http://127.0.0.1:{port}"
        wait_for(lambda: _answers(f"{base}/awards/healthz"), timeout=120, message="the embedded system")
        return base

    def log(self, name: str) -> str:
        return (self.log_dir / f"{name}.log").read_text()

    def stop_all(self) -> None:
        for _, process in reversed(self.running):
            process.terminate()
        for _, process in self.running:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


def _answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=2).status_code == 200
    except requests.RequestException:
        return False
