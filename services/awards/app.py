"""The awards service's Flask app factory (gunicorn: 'services.awards.app:create_app()')."""

from __future__ import annotations

from flask import Flask

from services.awards.api import BLUEPRINTS
from services.awards.bootstrap import build_runtime
from services.awards.config import AwardsOptions
from services.awards.models import account_copies
from services.awards.web import PAGES
from services.awards.web.public import form_bp
from shared.api.app import build_service_app
from shared.api.limits import limiter_of
from shared.auth.account_copies import copy_session_accounts
from shared.runtime import ServiceRuntime


def create_app(runtime: ServiceRuntime | None = None, options: AwardsOptions | None = None) -> Flask:
    options = options or AwardsOptions.from_env()
    app = build_service_app(
        __name__, runtime or build_runtime(), title="Udvalg: virksomhedspris", blueprints=BLUEPRINTS, pages=PAGES,
        accounts=copy_session_accounts(account_copies),
    )
    app.extensions["awards.options"] = options
    limiter_of(app).limit(options.nomination_rate_limit, methods=["POST"])(form_bp)
    return app
