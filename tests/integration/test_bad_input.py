"""Bad input to every write endpoint of every service gives a 4xx problem+json, never a 500.

The endpoints come from each service's own OpenAPI document, so a new endpoint is
covered the day it is added.
"""

from __future__ import annotations

import re
import uuid

import pytest

from services.agenda.app import create_app as create_agenda_app
from services.agenda.tests.conftest import Accounts, _migrate_and_load_demo
from services.agenda.tests.conftest import runtime_for as agenda_runtime_for
from services.awards.app import create_app as create_awards_app
from services.awards.bootstrap import MIGRATIONS as AWARDS_MIGRATIONS
from services.awards.bootstrap import build_runtime as awards_runtime
from services.decisions.app import create_app as create_decisions_app
from services.decisions.bootstrap import MIGRATIONS as DECISIONS_MIGRATIONS
from services.decisions.bootstrap import build_runtime as decisions_runtime
from shared.config import Settings
from shared.db.migrate import upgrade_to_head

pytestmark = pytest.mark.integration

WRITE_METHODS = ("post", "put", "patch", "delete")
WRONG_TYPE = {"string": 12345, "integer": "ikke et tal", "number": "ikke et tal", "boolean": "måske",
              "array": "ikke en liste", "object": "ikke et objekt"}


def _schema(spec: dict, ref_or_schema: dict) -> dict:
    if "$ref" in ref_or_schema:
        return spec["components"]["schemas"][ref_or_schema["$ref"].rsplit("/", 1)[1]]
    return ref_or_schema


def _bad_bodies(spec: dict, operation: dict) -> list[tuple[str, object]]:
    """Malformed and mistyped bodies for an operation that takes JSON."""
    bodies: list[tuple[str, object]] = [("not json", "{ikke json"), ("a list", [1, 2]), ("unknown field", {"xyz": 1})]
    content = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if content:
        schema = _schema(spec, content["schema"])
        for name, prop in schema.get("properties", {}).items():
            prop = _schema(spec, prop)
            kind = prop.get("type")
            kind = kind[0] if isinstance(kind, list) else kind
            if kind in WRONG_TYPE:
                bodies.append((f"{name} wrong type", {name: WRONG_TYPE[kind]}))
            if kind == "string":
                bodies.append((f"{name} far too long", {name: "x" * 200_000}))
    return bodies


def _attack(client, spec: dict, headers: dict, params: dict[str, str]) -> list[str]:
    failures = []
    for path, operations in spec["paths"].items():
        for method in WRITE_METHODS:
            operation = operations.get(method)
            if operation is None:
                continue
            takes_body = "requestBody" in operation
            # With a body, aim at real rows so validation is reached; without one, at missing rows.
            names = re.findall(r"{(\w+)}", path)
            values = {n: params[n] if takes_body and n in params else str(uuid.uuid4()) for n in names}
            if "slug" in values and not takes_body:
                values["slug"] = "findes-ikke"
            url = path.format(**values)
            attempts = _bad_bodies(spec, operation) if takes_body else [("missing row", None)]
            for label, body in attempts:
                call = getattr(client, method)
                if isinstance(body, str):
                    response = call(url, data=body, content_type="application/json", headers=headers)
                else:
                    response = call(url, json=body, headers=headers)
                ok = 400 <= response.status_code < 500 and response.content_type == "application/problem+json"
                if not ok:
                    failures.append(f"{method.upper()} {path} [{label}] -> {response.status_code} {response.content_type}")
    return failures


@pytest.fixture
def agenda(pg_template, fresh_database):
    runtime = agenda_runtime_for(fresh_database(pg_template("agenda_demo", _migrate_and_load_demo)))
    client = create_agenda_app(runtime).test_client()
    yield runtime, client
    runtime.dispose()


def _agenda_params(client, admin: dict) -> dict[str, str]:
    meetings = client.get("/api/v1/meetings", headers=admin).json
    april = next(m for m in meetings if m["date"] == "2020-04-15")
    detail = client.get(f"/api/v1/meetings/{april['id']}", headers=admin).json
    committee = client.get(f"/api/v1/committees/{april['committee']['id']}").json
    return {
        "slug": "lejre",
        "meeting_id": april["id"],
        "committee_id": committee["id"],
        "membership_id": committee["members"][0]["id"],
        "member_id": committee["members"][0]["member"]["id"],
        "item_id": detail["items"][1]["id"],
    }


def test_every_agenda_write_endpoint_answers_bad_input_with_a_problem(agenda):
    runtime, client = agenda
    admin = Accounts(runtime, client).admin()
    spec = client.get("/openapi.json").json
    before = client.get("/api/v1/meetings", headers=admin).json
    assert _attack(client, spec, admin, _agenda_params(client, admin)) == []
    assert client.get("/api/v1/meetings", headers=admin).json == before, "bad input changed nothing"


@pytest.mark.parametrize(
    ("service", "migrations", "build_runtime", "create_app"),
    [
        ("decisions", DECISIONS_MIGRATIONS, decisions_runtime, create_decisions_app),
        ("awards", AWARDS_MIGRATIONS, awards_runtime, create_awards_app),
    ],
)
def test_every_write_endpoint_of_the_other_services_answers_bad_input_with_a_problem(
    service, migrations, build_runtime, create_app, pg_template, fresh_database
):
    url = fresh_database(pg_template(service, lambda u: upgrade_to_head(u, migrations)))
    runtime = build_runtime(Settings.for_service(service, database_url=url, broker_url=None, secret_key="test"))
    client = create_app(runtime).test_client()
    spec = client.get("/openapi.json").json
    assert _attack(client, spec, {}, {}) == []
    runtime.dispose()
