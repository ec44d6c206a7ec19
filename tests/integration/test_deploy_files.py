"""The deployment files describe the production shape correctly.

These tests only read files (and run `bash -n`): they need no servers and no container engine.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

yaml = pytest.importorskip("yaml")

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
SERVICES = ("agenda", "decisions", "awards")


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def _compose_services() -> dict:
    return _compose()["services"]


def _command(service: dict) -> list[str]:
    command = service.get("command")
    assert command, "service has no explicit command"
    return command if isinstance(command, list) else command.split()


def _environment(service: dict) -> dict:
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return env


def _k8s_documents() -> list[tuple[Path, dict]]:
    documents = []
    for path in sorted((DEPLOY / "k8s").glob("*.yaml")):
        for document in yaml.safe_load_all(path.read_text(encoding="utf-8")):
            if document is not None:
                documents.append((path, document))
    return documents


def _k8s_kind(kind: str) -> list[dict]:
    return [doc for _, doc in _k8s_documents() if doc.get("kind") == kind]


def _nginx_locations() -> dict[str, str]:
    """location modifier+path -> the block's body (the config has no nested blocks)."""
    text = (DEPLOY / "nginx" / "udvalg.conf").read_text(encoding="utf-8")
    text = re.sub(r"#[^\n]*", "", text)
    return {
        " ".join(match.group(1).split()): match.group(2)
        for match in re.finditer(r"location\s+([^{]+?)\s*\{([^}]*)\}", text)
    }


# --------------------------------------------------------------------------- compose


def test_compose_names_the_servers_the_proxy_and_three_processes_per_service():
    names = set(_compose_services())
    expected = {"rabbitmq", "postgres", "proxy"} | {
        f"{svc}-{role}" for svc in SERVICES for role in ("migrate", "web", "worker")
    }
    assert expected <= names, f"missing: {sorted(expected - names)}"


def test_compose_runs_each_service_under_gunicorn_behind_the_proxy():
    services = _compose_services()
    for svc in SERVICES:
        web = services[f"{svc}-web"]
        command = _command(web)
        assert command[0] == "gunicorn"
        assert f"services.{svc}.app:create_app()" in command
        joined = " ".join(command)
        assert re.search(r"--workers[ =]2\b", joined)
        assert re.search(r"--bind[ =]0\.0\.0\.0:8000\b", joined)
        assert _environment(web).get("SCRIPT_NAME") == f"/{svc}"
        assert "ports" not in web, "web containers are reached through the proxy only"
        assert f"/{svc}/healthz" in " ".join(web["healthcheck"]["test"])
    proxy = services["proxy"]
    assert proxy["image"].startswith("nginx:1.27")
    assert any(str(port).endswith(":8000") for port in proxy["ports"])
    assert any("deploy/nginx/udvalg.conf" in volume for volume in proxy["volumes"])


def test_compose_starts_web_and_worker_only_after_their_migration_completed():
    services = _compose_services()
    for svc in SERVICES:
        migrate = services[f"{svc}-migrate"]
        assert _command(migrate)[-3:] == ["-m", f"services.{svc}", "migrate"]
        assert migrate["depends_on"]["postgres"]["condition"] == "service_healthy"
        assert migrate["depends_on"]["rabbitmq"]["condition"] == "service_healthy"
        web = services[f"{svc}-web"]
        assert web["depends_on"][f"{svc}-migrate"]["condition"] == "service_completed_successfully"
        worker = services[f"{svc}-worker"]
        assert _command(worker)[-3:] == ["-m", f"services.{svc}", "worker"]
        # A relay must not publish before every consumer's queue is declared.
        for other in SERVICES:
            assert worker["depends_on"][f"{other}-migrate"]["condition"] == "service_completed_successfully"


def test_compose_gives_each_service_only_its_own_database_and_the_shared_settings():
    compose = _compose()
    shared = compose["x-udvalg-env"]
    for key in ("UDVALG_SECRET_KEY", "UDVALG_PUBLIC_BASE_URL", "UDVALG_LOG_FORMAT",
                "UDVALG_RELAY_POLL_SECONDS", "UDVALG_RETRY_DELAYS", "UDVALG_VAR_DIR"):
        assert key in shared
    for svc in SERVICES:
        for role in ("migrate", "web", "worker"):
            env = _environment(compose["services"][f"{svc}-{role}"])
            assert env["UDVALG_SECRET_KEY"] == shared["UDVALG_SECRET_KEY"]
            database_urls = {key: value for key, value in env.items() if key.endswith("_DATABASE_URL")}
            assert list(database_urls) == [f"{svc.upper()}_DATABASE_URL"]
            assert database_urls[f"{svc.upper()}_DATABASE_URL"].endswith(f"@postgres:5432/udvalg_{svc}")
            assert any(v.endswith(":/var/lib/udvalg") and v.startswith(f"{svc}-var") for v in
                       compose["services"][f"{svc}-{role}"]["volumes"])


def test_compose_gives_each_worker_its_own_broker_account_and_the_web_none():
    services = _compose_services()
    accounts = services["rabbitmq-accounts"]
    assert accounts["entrypoint"] == ["bash", "/udvalg/accounts.sh"]
    assert any(volume.startswith("./deploy/rabbitmq/accounts.sh:") for volume in accounts["volumes"])
    for svc in SERVICES:
        assert _environment(services[f"{svc}-migrate"])["UDVALG_BROKER_URL"].startswith(
            "amqp://${RABBITMQ_USER:-udvalg}:"), "migrate declares the queues as administrator"
        worker = services[f"{svc}-worker"]
        assert _environment(worker)["UDVALG_BROKER_URL"] == (
            f"amqp://udvalg-{svc}:${{{svc.upper()}_BROKER_PASSWORD}}@rabbitmq:5672/udvalg")
        assert worker["depends_on"]["rabbitmq-accounts"]["condition"] == "service_completed_successfully"
        assert f"{svc.upper()}_BROKER_PASSWORD" in _environment(accounts)
        assert "UDVALG_BROKER_URL" not in _environment(services[f"{svc}-web"]), "the web never talks to the broker"


def test_compose_keeps_secrets_out_of_the_file_and_data_in_named_volumes():
    text = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    compose = _compose()
    assert re.search(r"\$\{UDVALG_SECRET_KEY:\?", text), "the session key must come from .env"
    assert "POSTGRES_PASSWORD" in text and "${POSTGRES_ADMIN_PASSWORD:?" in text
    assert set(compose["volumes"]) >= {"postgres-data", "rabbitmq-data"} | {f"{s}-var" for s in SERVICES}
    rabbitmq = compose["services"]["rabbitmq"]
    assert rabbitmq["image"] == "rabbitmq:3.13-management"
    assert rabbitmq["environment"]["RABBITMQ_DEFAULT_VHOST"] == "udvalg"
    assert "healthcheck" in rabbitmq and "healthcheck" in compose["services"]["postgres"]
    assert compose["services"]["postgres"]["image"] == "postgres:16"


def test_env_example_holds_only_placeholders():
    lines = (DEPLOY / ".env.example").read_text(encoding="utf-8").splitlines()
    settings = dict(line.split("=", 1) for line in lines if line.strip() and not line.startswith("#"))
    for key in ("UDVALG_SECRET_KEY", "UDVALG_DB_PASSWORD", "POSTGRES_ADMIN_PASSWORD", "RABBITMQ_PASSWORD",
                "AGENDA_BROKER_PASSWORD", "DECISIONS_BROKER_PASSWORD", "AWARDS_BROKER_PASSWORD"):
        assert "change-me" in settings[key], f"{key} must be a placeholder"


def test_postgres_init_script_creates_the_three_databases_owned_by_udvalg():
    sql = (DEPLOY / "postgres" / "init-databases.sql").read_text(encoding="utf-8")
    for svc in SERVICES:
        assert re.search(rf"CREATE DATABASE udvalg_{svc} OWNER udvalg;", sql)
    assert re.search(r"CREATE ROLE udvalg LOGIN", sql)
    assert "init-databases.sql:/docker-entrypoint-initdb.d/" in (ROOT / "docker-compose.yml").read_text()


# --------------------------------------------------------------------------- image


def test_image_installs_the_project_and_runs_as_an_unprivileged_user():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^FROM python:3\.11-slim\b", dockerfile, re.MULTILINE)
    assert "pip install --no-cache-dir" in dockerfile and re.search(r"pip install [^\n]*\.\s", dockerfile)
    assert re.search(r"^USER (?!root)\S+", dockerfile, re.MULTILINE)
    assert re.search(r"^CMD .*gunicorn", dockerfile, re.MULTILINE)
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    for entry in (".venv", "var", ".git", ".env"):
        assert entry in ignored


# --------------------------------------------------------------------------- proxy


def test_proxy_routes_each_prefix_unchanged_to_its_service():
    config = (DEPLOY / "nginx" / "udvalg.conf").read_text(encoding="utf-8")
    locations = _nginx_locations()
    for svc in SERVICES:
        assert re.search(rf"set \${svc}_web http://{svc}-web:8000;", config), f"no upstream for {svc}"
        body = locations[f"/{svc}/"]
        # No URI part and no rewrite: the /<svc>/ prefix is forwarded unchanged.
        assert re.search(rf"proxy_pass\s+\${svc}_web;", body), body
        assert "rewrite" not in body


def test_proxy_serves_the_portal_from_the_agenda_service():
    locations = _nginx_locations()
    assert re.search(r"rewrite \^ /agenda/ break;", locations["= /"])
    assert re.search(r"proxy_pass\s+\$agenda_web;", locations["= /"])
    assert re.search(r"rewrite \^/static/\(\.\*\)\$ /agenda/static/\$1 break;", locations["/static/"])
    assert re.search(r"proxy_pass\s+\$agenda_web;", locations["/static/"])


def test_proxy_passes_forwarding_and_correlation_headers():
    config = (DEPLOY / "nginx" / "udvalg.conf").read_text(encoding="utf-8")
    for header in ("X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "X-Correlation-ID"):
        assert re.search(rf"proxy_set_header\s+{header}\s", config), header


def test_proxy_never_logs_private_calendar_tokens():
    locations = _nginx_locations()
    assert re.search(r"access_log\s+off;", locations["/agenda/calendar/private/"])
    assert re.search(r"access_log\s+off;", locations["/agenda/adgangskode/"]), "one-time password links"
    calendar = locations["/agenda/calendar/"]
    log_format = re.search(r"access_log\s+\S+\s+(\w+);", calendar).group(1)
    config = (DEPLOY / "nginx" / "udvalg.conf").read_text(encoding="utf-8")
    format_body = re.search(rf"log_format {log_format}\b(.*?);\n", config, re.DOTALL).group(1)
    assert "$request_uri" not in format_body and "$args" not in format_body and "$request\"" not in format_body


# --------------------------------------------------------------------------- kubernetes


def test_every_kubernetes_manifest_is_valid_yaml_with_kind_and_name():
    documents = _k8s_documents()
    assert documents
    for path, document in documents:
        assert document.get("apiVersion") and document.get("kind"), path.name
        assert document["metadata"]["name"], path.name
        if document["kind"] != "Namespace":
            assert document["metadata"]["namespace"] == "udvalg", path.name


def test_every_kubernetes_deployment_has_a_readiness_probe():
    deployments = _k8s_kind("Deployment")
    assert {d["metadata"]["name"] for d in deployments} == {
        f"{svc}-{role}" for svc in SERVICES for role in ("web", "worker")
    } | {"redis"}
    for deployment in deployments:
        for container in deployment["spec"]["template"]["spec"]["containers"]:
            assert "readinessProbe" in container, deployment["metadata"]["name"]


def test_kubernetes_web_runs_gunicorn_under_its_prefix_with_probes_on_healthz():
    for svc in SERVICES:
        (deployment,) = [d for d in _k8s_kind("Deployment") if d["metadata"]["name"] == f"{svc}-web"]
        assert deployment["spec"]["replicas"] == 2
        pod = deployment["spec"]["template"]
        assert deployment["spec"]["selector"]["matchLabels"].items() <= pod["metadata"]["labels"].items()
        (container,) = pod["spec"]["containers"]
        assert container["command"][0] == "gunicorn"
        assert f"services.{svc}.app:create_app()" in container["command"]
        env = {item["name"]: item for item in container["env"]}
        assert env["SCRIPT_NAME"]["value"] == f"/{svc}"
        assert env[f"{svc.upper()}_DATABASE_URL"]["valueFrom"]["secretKeyRef"]["key"] == f"{svc.upper()}_DATABASE_URL"
        assert not [name for name in env if name.endswith("_DATABASE_URL") and not name.startswith(svc.upper())]
        for probe in ("readinessProbe", "livenessProbe"):
            assert container[probe]["httpGet"]["path"] == f"/{svc}/healthz"


def test_kubernetes_runs_one_worker_and_a_migration_job_per_service():
    jobs = {job["metadata"]["name"]: job for job in _k8s_kind("Job")}
    for svc in SERVICES:
        (worker,) = [d for d in _k8s_kind("Deployment") if d["metadata"]["name"] == f"{svc}-worker"]
        assert worker["spec"]["replicas"] == 1
        assert worker["spec"]["template"]["spec"]["containers"][0]["command"] == [
            "python", "-m", f"services.{svc}", "worker"]
        job_container = jobs[f"{svc}-migrate"]["spec"]["template"]["spec"]["containers"][0]
        assert job_container["command"] == ["python", "-m", f"services.{svc}", "migrate"]


def test_workers_are_ready_only_while_their_service_events_move():
    compose = _compose_services()
    for svc in SERVICES:
        (worker,) = [d for d in _k8s_kind("Deployment") if d["metadata"]["name"] == f"{svc}-worker"]
        probe = worker["spec"]["template"]["spec"]["containers"][0]["readinessProbe"]
        assert probe["exec"]["command"] == ["python", "-m", f"services.{svc}", "ready"]
        assert compose[f"{svc}-worker"]["healthcheck"]["test"] == ["CMD", "python", "-m", f"services.{svc}", "ready"]


def test_kubernetes_gives_each_worker_its_own_broker_account_migrate_the_administrator_and_the_web_none():
    def broker_secret(container: dict) -> str | None:
        env = {item["name"]: item for item in container.get("env", [])}
        return env["UDVALG_BROKER_URL"]["valueFrom"]["secretKeyRef"]["key"] if "UDVALG_BROKER_URL" in env else None

    deployments = {d["metadata"]["name"]: d for d in _k8s_kind("Deployment")}
    jobs = {job["metadata"]["name"]: job for job in _k8s_kind("Job")}
    (secret,) = _k8s_kind("Secret")
    for svc in SERVICES:
        assert broker_secret(deployments[f"{svc}-web"]["spec"]["template"]["spec"]["containers"][0]) is None
        worker = deployments[f"{svc}-worker"]["spec"]["template"]["spec"]["containers"][0]
        assert broker_secret(worker) == f"{svc.upper()}_BROKER_URL"
        assert secret["stringData"][f"{svc.upper()}_BROKER_URL"].startswith(f"amqp://udvalg-{svc}:")
        assert broker_secret(jobs[f"{svc}-migrate"]["spec"]["template"]["spec"]["containers"][0]) == "BROKER_ADMIN_URL"


def test_kubernetes_services_and_ingress_map_each_prefix_to_its_web_deployment():
    services = {s["metadata"]["name"]: s for s in _k8s_kind("Service")}
    routes = {}
    for ingress in _k8s_kind("Ingress"):
        for rule in ingress["spec"]["rules"]:
            for path in rule["http"]["paths"]:
                routes[path["path"]] = path["backend"]["service"]["name"]
    for svc in SERVICES:
        assert routes[f"/{svc}"] == f"{svc}-web"
        assert services[f"{svc}-web"]["spec"]["selector"] == {
            "app.kubernetes.io/name": svc, "app.kubernetes.io/component": "web"}


def test_kubernetes_secret_template_holds_only_placeholders():
    (secret,) = _k8s_kind("Secret")
    for key, value in secret["stringData"].items():
        assert "CHANGE-ME" in value, key
    config = _k8s_kind("ConfigMap")[0]["data"]
    assert not [key for key in config if "SECRET" in key or "DATABASE_URL" in key or "BROKER_URL" in key]


# --------------------------------------------------------------------------- local production


def test_local_production_script_is_valid_bash():
    script = DEPLOY / "run-local-production.sh"
    result = subprocess.run(["bash", "-n", str(script)], check=False, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    text = script.read_text(encoding="utf-8")
    assert "set -euo pipefail" in text
    for expected in ("udvalg_prod", "UDVALG_PROD_PORT_BASE:-8100", "SCRIPT_NAME=/", "production.pids", "healthz",
                     "readyz", "restart-worker", "_supervise", "deploy/rabbitmq/accounts.sh", "dead-letters"):
        assert expected in text, expected


@pytest.mark.skipif(shutil.which("shellcheck") is None, reason="shellcheck is not installed")
def test_local_production_script_passes_shellcheck():
    result = subprocess.run(["shellcheck", str(DEPLOY / "run-local-production.sh")], check=False,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_every_rate_limit_counts_in_one_redis_in_every_production_setup():
    compose = _compose()
    assert compose["x-udvalg-env"]["UDVALG_RATE_LIMIT_STORAGE_URI"] == "redis://redis:6379/0"
    services = compose["services"]
    assert services["redis"]["image"].startswith("redis:")
    for svc in SERVICES:
        web = services[f"{svc}-web"]
        assert _environment(web)["UDVALG_RATE_LIMIT_STORAGE_URI"] == "redis://redis:6379/0"
        assert _environment(web)["UDVALG_TRUSTED_PROXIES"] == "1"
        assert web["depends_on"]["redis"]["condition"] == "service_healthy"
    documents = _k8s_documents()
    config = next(doc for _, doc in documents if doc["kind"] == "ConfigMap")
    assert config["data"]["UDVALG_RATE_LIMIT_STORAGE_URI"] == "redis://redis:6379/0"
    assert {doc["kind"] for path, doc in documents if path.name == "redis.yaml"} == {"Deployment", "Service"}
    script = (DEPLOY / "run-local-production.sh").read_text(encoding="utf-8")
    assert 'export UDVALG_RATE_LIMIT_STORAGE_URI="$REDIS_URL"' in script
