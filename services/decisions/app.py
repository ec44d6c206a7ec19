"""The decisions service's Flask app factory (gunicorn: 'services.decisions.app:create_app()')."""

from __future__ import annotations

from flask import Flask

from services.decisions.api import BLUEPRINTS
from services.decisions.bootstrap import build_runtime
from services.decisions.models import account_copies
from services.decisions.web import PAGES
from shared.api.app import build_service_app
from shared.auth.account_copies import copy_session_accounts
from shared.runtime import ServiceRuntime


def create_app(runtime: ServiceRuntime | None = None) -> Flask:
    return build_service_app(
        __name__, runtime or build_runtime(), title="Udvalg: beslutninger og referater",
        blueprints=BLUEPRINTS, pages=PAGES,
        accounts=copy_session_accounts(account_copies),
    )
