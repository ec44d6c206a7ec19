"""The agenda service's Flask app factory (gunicorn: 'services.agenda.app:create_app()')."""

from __future__ import annotations

from flask import Flask

from services.agenda.api import BLUEPRINTS
from services.agenda.api.context import authenticate
from services.agenda.bootstrap import build_runtime
from services.agenda.login_limits import protect_logins
from services.agenda.operations.accounts import session_account
from services.agenda.web import PAGES
from shared.api.app import build_service_app
from shared.runtime import ServiceRuntime


def create_app(runtime: ServiceRuntime | None = None) -> Flask:
    app = build_service_app(
        __name__, runtime or build_runtime(), title="Udvalg: dagsordener", blueprints=BLUEPRINTS, pages=PAGES,
        accounts=session_account,
    )
    app.before_request(authenticate)
    protect_logins(app)
    return app
