"""Schemathesis against each service's OpenAPI document, anonymously and with a
secretary's API token, on PostgreSQL: no generated request gets a server error, and
every answer the document describes matches its schema.

Bounded: a fixed number of examples per operation (UDVALG_SCHEMATHESIS_EXAMPLES, 10 by
default) keeps the run to a few minutes of the suite's budget; a deeper run from the
same test: UDVALG_SCHEMATHESIS_EXAMPLES=200 pytest tests/integration/test_schemathesis.py.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from services.agenda.demo.load import DEMO_PASSWORD
from services.agenda.tests.conftest import _migrate_and_load_demo
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

EXAMPLES = int(os.environ.get("UDVALG_SCHEMATHESIS_EXAMPLES", "10"))
CHECKS = [not_a_server_error, response_schema_conformance]
BOUNDED = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                   suppress_health_check=list(HealthCheck))


@pytest.fixture(scope="module")
def agenda_app(pg_template):
    from tests.support import servers

    name = f"udvalg_test_{servers.RUN_ID}_schemathesis_agenda"
    runtime = agenda_runtime_for(servers.create_database(name, pg_template("agenda_demo", _migrate_and_load_demo)))
    from services.agenda.app import create_app

    app = create_app(runtime)
    token = app.test_client().post("/api/v1/tokens", json={"email": "sekretaer@lejre.dk", "password": DEMO_PASSWORD})
    app.config["udvalg.secretary"] = {"Authorization": f"Bearer {token.json['token']}"}
    yield app
    runtime.dispose()
    servers.drop_database(name)


def _other_app(service, migrations, build_runtime, create_app, pg_template):
    from tests.support import servers

    name = f"udvalg_test_{servers.RUN_ID}_schemathesis_{service}"
    url = servers.create_database(name, pg_template(service, lambda u: upgrade_to_head(u, migrations)))
    runtime = build_runtime(Settings.for_service(service, database_url=url, broker_url=None, secret_key="test"))
    return create_app(runtime), runtime, name


@pytest.fixture(scope="module")
def decisions_app(pg_template):
    from tests.support import servers

    app, runtime, name = _other_app("decisions", DECISIONS_MIGRATIONS, decisions_runtime, create_decisions_app,
                                    pg_template)
    yield app
    runtime.dispose()
    servers.drop_database(name)


@pytest.fixture(scope="module")
def awards_app(pg_template):
    from tests.support import servers

    app, runtime, name = _other_app("awards", AWARDS_MIGRATIONS, awards_runtime, create_awards_app, pg_template)
    yield app
    runtime.dispose()
    servers.drop_database(name)


@pytest.fixture(scope="module")
def agenda_schema(agenda_app):
    return schemathesis.openapi.from_wsgi("/openapi.json", agenda_app)


@pytest.fixture(scope="module")
def decisions_schema(decisions_app):
    return schemathesis.openapi.from_wsgi("/openapi.json", decisions_app)


@pytest.fixture(scope="module")
def awards_schema(awards_app):
    return schemathesis.openapi.from_wsgi("/openapi.json", awards_app)


def _run(schema, headers: dict | None = None, known: dict[str, str] | None = None) -> list[str]:
    """Every operation of the document with generated requests, each sent twice: with the
    generated path (mostly rows that do not exist) and with the path's ids replaced by
    real ones (`known`), so that generated bodies and queries reach the service layer.
    Returns what failed, one line each."""
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @BOUNDED
        @given(case=operation.as_strategy())
        def check(case) -> None:
            case.call_and_validate(headers=headers, checks=CHECKS)
            if known and case.path_parameters and set(case.path_parameters) & set(known):
                case.path_parameters = {name: known.get(name, value) for name, value in case.path_parameters.items()}
                case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            check()
        except Exception as exc:  # noqa: BLE001 - each operation's failure is collected and reported
            failures.append(f"{operation.label}: {str(exc).strip()[:1500]}")
    return failures


def _demo_ids(app) -> dict[str, str]:
    client = app.test_client()
    headers = app.config["udvalg.secretary"]
    meeting = next(m for m in client.get("/api/v1/meetings", headers=headers).json if m["date"] == "2020-04-15")
    detail = client.get(f"/api/v1/meetings/{meeting['id']}", headers=headers).json
    committee = client.get(f"/api/v1/committees/{meeting['committee']['id']}").json
    entries = client.get(f"/api/v1/committees/{committee['id']}/aarshjul/2020", headers=headers).json["entries"]
    return {"slug": "lejre", "meeting_id": meeting["id"], "committee_id": committee["id"],
            "item_id": detail["items"][-1]["id"], "membership_id": committee["members"][0]["id"],
            "member_id": committee["members"][0]["member"]["id"], "entry_id": entries[0]["id"]}


def test_the_agenda_api_anonymously(agenda_schema, agenda_app):
    assert _run(agenda_schema, known=_demo_ids(agenda_app)) == []


def test_the_agenda_api_as_a_secretary(agenda_schema, agenda_app):
    assert _run(agenda_schema, agenda_app.config["udvalg.secretary"], _demo_ids(agenda_app)) == []


def test_the_decisions_api(decisions_schema):
    assert _run(decisions_schema) == []


def test_the_awards_api(awards_schema):
    assert _run(awards_schema) == []
