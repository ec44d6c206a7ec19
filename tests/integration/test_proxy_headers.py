"""The production proxy's configuration (deploy/nginx/udvalg.conf), run by a real nginx
in front of the embedded system: the services' own security headers pass through once
and unchanged (their policy carries a per-request nonce), and what nginx answers itself
(an address that is not ours, a redirect, a service that is down) carries them too."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import requests

from tests.support.fixtures import wait_for
from tests.support.processes import free_port
from tests.support.system import embedded_system, served, wait_until_delivered

CONFIG = Path(__file__).resolve().parents[2] / "deploy" / "nginx" / "udvalg.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options")

pytestmark = pytest.mark.skipif(not Path(NGINX).exists(), reason="nginx is installed by `make system-packages`")


def _config(folder: Path, port: int, upstreams: dict[str, str]) -> Path:
    """udvalg.conf as it is, but listening on `port` and with the services at `upstreams`."""
    site = CONFIG.read_text(encoding="utf-8").replace("listen 8000;", f"listen 127.0.0.1:{port};")
    for service, address in upstreams.items():
        site, found = re.subn(rf"set \${service}_web http://{service}-web:8000;",
                              f"set ${service}_web {address};", site)
        assert found == 1, service
    (folder / "udvalg.conf").write_text(site, encoding="utf-8")
    for temp in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (folder / temp).mkdir(exist_ok=True)
    main = folder / "nginx.conf"
    main.write_text(f"""pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{}}
http {{
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    include {folder}/udvalg.conf;
}}
""", encoding="utf-8")
    return main


@pytest.fixture(scope="module")
def proxy(tmp_path_factory):
    folder = tmp_path_factory.mktemp("nginx")
    with embedded_system(tmp_path_factory.mktemp("var")) as system:
        wait_until_delivered(system)
        with served(system.wsgi_app) as upstream:
            port = free_port()
            # The decisions service is "down": nothing listens on its port.
            main = _config(folder, port, {"agenda": upstream, "awards": upstream,
                                          "decisions": f"http://127.0.0.1:{free_port()}"})
            checked = subprocess.run([NGINX, "-t", "-p", str(folder), "-c", str(main)],
                                     capture_output=True, text=True, check=False)
            assert checked.returncode == 0, checked.stderr
            with open(folder / "stdout.log", "w") as log:
                nginx = subprocess.Popen([NGINX, "-p", str(folder), "-c", str(main), "-g", "daemon off;"],
                                         stdout=log, stderr=subprocess.STDOUT)
            base = f"http://127.0.0.1:{port}"
            try:
                wait_for(lambda: _answers(f"{base}/proxy-healthz"), timeout=20, message="nginx")
                yield base
            finally:
                nginx.terminate()
                nginx.wait(timeout=15)


def _answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=2).status_code == 200
    except requests.RequestException:
        return False


def _get(url: str) -> requests.Response:
    return requests.get(url, allow_redirects=False, timeout=10)


def _each_once(response: requests.Response) -> dict[str, str]:
    found = {}
    for name in HEADERS:
        values = response.raw.headers.getlist(name)
        assert len(values) == 1, f"{response.url} {response.status_code}: {name} {values}"
        found[name] = values[0]
    return found


@pytest.mark.parametrize("path", ["/", "/agenda/login", "/agenda/api/v1/meetings", "/static/udvalg/udvalg.css",
                                  "/agenda/aarshjul/lejre/JA/2020?papir=A4", "/awards/virksomhedspris/lejre/"])
def test_the_services_headers_pass_the_proxy_once_and_unchanged(proxy, path):
    response = _get(proxy + path)
    assert response.status_code == 200
    headers = _each_once(response)
    if "papir" in path:
        nonce = re.search(r"'nonce-([^']+)'", headers["Content-Security-Policy"]).group(1)
        assert f'<style nonce="{nonce}">' in response.text, "the service's nonce reaches the browser"


@pytest.mark.parametrize(("path", "status"), [("/ikke-vores", 404), ("/agenda", 301), ("/proxy-healthz", 200),
                                              ("/decisions/", 502)])
def test_what_the_proxy_answers_itself_carries_the_headers(proxy, path, status):
    response = _get(proxy + path)
    assert response.status_code == status
    headers = _each_once(response)
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
